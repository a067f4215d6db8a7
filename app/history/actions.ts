"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ownedComparison, parse, safely, type ActionResult } from "@/lib/actions/safe-action";
import { deleteComparison, renameComparison } from "@/lib/compare/queries";

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

export async function deleteComparisonAction(id: unknown): Promise<ActionResult<null>> {
  return safely(async (viewer) => {
    await deleteComparison(await ownedComparison(id, viewer, "write"));
    revalidatePath("/history");
    return null;
  });
}
