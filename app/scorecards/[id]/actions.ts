"use server";

import { z } from "zod";
import { parse, safely } from "@/lib/actions/safe-action";
import { authorizeScorecard } from "@/lib/scorecards/access";
import { runIdSchema } from "@/lib/scorecards/schema";
import { loadRunItem } from "./items";

// The scorecard page's action: one item of a run, each deployment's answers side by side. Checks
// evals:read on the scorecard (404 for someone without access, as for one that does not exist).

const itemArgs = z.object({
  runId: runIdSchema,
  itemKey: z.string({ error: "item is the key of a probe item." }).min(1, "item is the key of a probe item.").max(300, "item is at most 300 characters."),
});

/** The item's prompt and every deployment's calls with their checker results. */
export async function scorecardItemAction(scorecardId: unknown, input: unknown) {
  return safely(async (viewer) => {
    const access = await authorizeScorecard(typeof scorecardId === "string" ? scorecardId : "", viewer, "evals:read");
    const { runId, itemKey } = parse(itemArgs, input);
    return loadRunItem(access, runId, itemKey);
  });
}
