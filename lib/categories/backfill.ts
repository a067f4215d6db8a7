// Rule tags for rows stored before the rules (or before a rule changed, RULES_VERSION): every turn
// and evaluation prompt whose ruleTagsVersion is older is tagged again, in batches. Runs at server
// start (instrumentation.ts) and before a category is listed or filtered, so a board never reads
// untagged rows; when nothing is left it costs one indexed query per table.
import "server-only";
import { getDb } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ruleTagsOf, RULES_VERSION } from "./rules";

const BATCH = 500;

/** Tags every row of an older rules version; returns how many rows were tagged. */
export async function backfillRuleTags(db: PrismaClient = getDb()): Promise<{ turns: number; prompts: number }> {
  let turns = 0;
  let prompts = 0;
  for (;;) {
    const rows = await db.turn.findMany({
      where: { ruleTagsVersion: { lt: RULES_VERSION } },
      select: { id: true, index: true, prompt: true },
      take: BATCH,
    });
    if (rows.length === 0) break;
    await db.$transaction(
      rows.map((r) =>
        db.turn.update({
          where: { id: r.id },
          data: { ruleTags: ruleTagsOf(r.prompt, { turn: r.index }), ruleTagsVersion: RULES_VERSION },
        }),
      ),
    );
    turns += rows.length;
  }
  for (;;) {
    const rows = await db.evalPrompt.findMany({
      where: { ruleTagsVersion: { lt: RULES_VERSION } },
      select: { id: true, prompt: true },
      take: BATCH,
    });
    if (rows.length === 0) break;
    await db.$transaction(
      rows.map((r) =>
        db.evalPrompt.update({ where: { id: r.id }, data: { ruleTags: ruleTagsOf(r.prompt), ruleTagsVersion: RULES_VERSION } }),
      ),
    );
    prompts += rows.length;
  }
  return { turns, prompts };
}

/** The columns a new turn or evaluation prompt is written with (rule tags computed on write). */
export function ruleTagColumns(prompt: string, turn = 0): { ruleTags: string[]; ruleTagsVersion: number } {
  return { ruleTags: ruleTagsOf(prompt, { turn }), ruleTagsVersion: RULES_VERSION };
}
