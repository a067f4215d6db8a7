"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ownedComparison, parse, safely, type ActionResult } from "@/lib/actions/safe-action";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { renameComparison } from "@/lib/compare/queries";
import { restoreComparison, trashComparison } from "@/lib/compare/trash";
import { AppError } from "@/lib/errors";

const renameSchema = z
  .object({
    id: z.string().max(64),
    title: z.string().trim().min(1, "Enter a title.").max(200, "The title is longer than 200 characters."),
  })
  .strict();

export async function renameComparisonAction(input: unknown): Promise<ActionResult<null>> {
  return safely(async (viewer) => {
    const { id, title } = parse(renameSchema, input);
    await renameComparison(await ownedComparison(id, viewer, "write"), { title });
    revalidatePath("/history");
    return null;
  });
}

/**
 * Deletes from the history, restorably for a minute (lib/compare/trash.ts): the page offers Undo
 * (restoreComparisonAction). Answers, votes and share links stay until the purge.
 */
export async function deleteComparisonAction(id: unknown): Promise<ActionResult<{ deletedAt: string }>> {
  return safely(async (viewer) => {
    const result = await trashComparison(await ownedComparison(id, viewer, "write"));
    revalidatePath("/history");
    return result;
  });
}

/** Undo of deleteComparisonAction: the comparison comes back whole, its share links working again. */
export async function restoreComparisonAction(id: unknown): Promise<ActionResult<null>> {
  return safely(async (viewer) => {
    if (typeof id !== "string") throw new AppError("not_found", "This comparison does not exist.");
    const access = await authorizeComparisonOrThrow(id, viewer, "write", undefined, { includeDeleted: true }).catch((error: unknown) => {
      // purged meanwhile: say so in words the toast can show
      if (error instanceof AppError && error.code === "not_found")
        throw new AppError("not_found", "It was deleted for good: too late to undo.");
      throw error;
    });
    await restoreComparison(access);
    revalidatePath("/history");
    return null;
  });
}
