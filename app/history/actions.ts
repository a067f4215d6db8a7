"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireViewer } from "@/lib/auth/viewer";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { deleteComparison, renameComparison } from "@/lib/compare/queries";
import { AppError, fromZodError } from "@/lib/errors";

type Result = { ok: true } | { ok: false; error: { code: string; message: string; field: string | null } };

const renameSchema = z
  .object({ id: z.string().max(64), title: z.string().trim().min(1, "Enter a title.").max(200, "The title is longer than 200 characters.") })
  .strict();

async function safely(work: () => Promise<void>): Promise<Result> {
  try {
    await work();
    revalidatePath("/history");
    return { ok: true };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, ...error.toJSON() };
    console.error("[juxta] history action failed", error);
    return { ok: false, error: { code: "internal", message: "Something went wrong on the server. It has been logged.", field: null } };
  }
}

export async function renameComparisonAction(input: unknown): Promise<Result> {
  return safely(async () => {
    const viewer = await requireViewer();
    const parsed = renameSchema.safeParse(input);
    if (!parsed.success) throw fromZodError(parsed.error);
    const { id } = await authorizeComparisonOrThrow(parsed.data.id, viewer);
    await renameComparison({ id, title: parsed.data.title });
  });
}

export async function deleteComparisonAction(id: unknown): Promise<Result> {
  return safely(async () => {
    const viewer = await requireViewer();
    if (typeof id !== "string") throw new AppError("not_found", "This comparison does not exist.");
    const owned = await authorizeComparisonOrThrow(id, viewer);
    await deleteComparison({ id: owned.id });
  });
}
