"use server";

import { ownedComparison as owned, parse, safely, type ActionResult } from "@/lib/actions/safe-action";
import { putTagsBodySchema } from "@/lib/categories/schema";
import { putComparisonTags, type ComparisonTags } from "@/lib/categories/tags";

// Tag actions (issue 14); through `safely` (authenticate, validate, authorize) like every action.

/** Replaces a comparison's own tags ({tags}); whoever may change the comparison. */
export async function saveComparisonTagsAction(id: unknown, input: unknown): Promise<ActionResult<ComparisonTags>> {
  return safely(async (viewer) => putComparisonTags(await owned(id, viewer, "write"), parse(putTagsBodySchema, input)));
}
