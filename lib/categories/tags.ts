// A prompt's own tags (people's) beside its rule tags (code's): read and replace them on a
// comparison (its tags apply to every turn's prompt) and on one evaluation prompt. The access
// check is taken as an argument and checked here: reading needs read access, changing needs what
// editing the comparison (comparisons:write) or the session (evals:create) needs.
import "server-only";
import { assertComparison, type ComparisonAccess } from "@/lib/compare/access";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertCan, type SessionAccess } from "@/lib/evals/access";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { backfillRuleTags } from "./backfill";
import type { PutTagsBody } from "./schema";

export type ComparisonTags = {
  /** the people's own tags, on every turn's prompt */
  tags: string[];
  /** rule tags per turn (lib/categories/rules.ts) */
  turns: { index: number; ruleTags: string[] }[];
};

export type EvalPromptTags = { index: number; tags: string[]; ruleTags: string[] };

async function comparisonTags(id: string, db: PrismaClient): Promise<ComparisonTags> {
  const row = await db.comparison.findUnique({
    where: { id },
    select: { tags: true, turns: { orderBy: { index: "asc" }, select: { index: true, ruleTags: true, ruleTagsVersion: true } } },
  });
  if (!row) throw new AppError("not_found", "This comparison does not exist.");
  return { tags: row.tags, turns: row.turns.map((t) => ({ index: t.index, ruleTags: t.ruleTags })) };
}

/** GET /api/v1/comparisons/<id>/tags */
export async function getComparisonTags(access: ComparisonAccess, db: PrismaClient = getDb()): Promise<ComparisonTags> {
  const { id } = assertComparison(access, "read");
  await backfillRuleTags(db);
  return comparisonTags(id, db);
}

/** PUT /api/v1/comparisons/<id>/tags: replaces the comparison's own tags. */
export async function putComparisonTags(access: ComparisonAccess, body: PutTagsBody, db: PrismaClient = getDb()): Promise<ComparisonTags> {
  const { id } = assertComparison(access, "write");
  await backfillRuleTags(db);
  await db.comparison.update({ where: { id }, data: { tags: body.tags } });
  return comparisonTags(id, db);
}

async function evalPromptRow(sessionId: string, index: number, db: PrismaClient) {
  const row = await db.evalPrompt.findUnique({
    where: { sessionId_index: { sessionId, index } },
    select: { id: true, index: true, tags: true, ruleTags: true },
  });
  if (!row) throw new AppError("not_found", `This session has no prompt ${index}.`, "index");
  return row;
}

/** GET /api/v1/evals/<id>/prompts/<index>/tags */
export async function getEvalPromptTags(access: SessionAccess, index: number, db: PrismaClient = getDb()): Promise<EvalPromptTags> {
  const { id } = assertCan(access, "evals:read");
  await backfillRuleTags(db);
  const row = await evalPromptRow(id, index, db);
  return { index: row.index, tags: row.tags, ruleTags: row.ruleTags };
}

/** PUT /api/v1/evals/<id>/prompts/<index>/tags: replaces the prompt's own tags (needs evals:create, as editing the session). */
export async function putEvalPromptTags(
  access: SessionAccess,
  index: number,
  body: PutTagsBody,
  db: PrismaClient = getDb(),
): Promise<EvalPromptTags> {
  const { id } = assertCan(access, "evals:create");
  const row = await evalPromptRow(id, index, db);
  const saved = await db.evalPrompt.update({
    where: { id: row.id },
    data: { tags: body.tags },
    select: { index: true, tags: true, ruleTags: true },
  });
  return saved;
}
