// Model judges' verdicts as pairwise outcomes, for boards asked with source=judge|all. Only done
// pairwise judgements of comparison turns count (each is one resampling group, like one vote);
// judges never see model names, so they count as blind votes (mode=named leaves them out).
import { turnCategoryWhere } from "@/lib/categories/filter";
import "server-only";
import { notDeleted } from "@/lib/compare/deleted";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { PairOutcome, PairwiseOutcome } from "@/lib/ratings";

const DAY_MS = 86_400_000;
const isDateOnly = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

export type JudgeOutcomeQuery = {
  groupBy: "model" | "deployment";
  mode: "blind" | "named" | "all";
  from?: string;
  to?: string;
  provider?: readonly string[];
  /** only judgements of turns whose prompt has every listed tag (lib/categories/filter.ts) */
  category?: readonly string[];
  team?: string;
};

export async function judgeOutcomes(
  query: JudgeOutcomeQuery,
  db: PrismaClient,
): Promise<{ outcomes: PairwiseOutcome[]; votes: number; answers: { turnId: string; paneA: number; paneB: number }[] }> {
  if (query.mode === "named") return { outcomes: [], votes: 0, answers: [] };
  const finishedAt: { gte?: Date; lt?: Date; lte?: Date } = {};
  if (query.from) finishedAt.gte = new Date(query.from);
  if (query.to) {
    if (isDateOnly(query.to)) finishedAt.lt = new Date(new Date(query.to).getTime() + DAY_MS);
    else finishedAt.lte = new Date(query.to);
  }
  const rows = await db.judgement.findMany({
    where: {
      kind: "pairwise",
      status: "done",
      turnId: { not: null },
      verdict: { not: null },
      ...(query.from || query.to ? { finishedAt } : {}),
      comparison: { ...notDeleted, ...(query.team ? { teamId: query.team } : {}) },
      ...(query.category?.length ? { turn: turnCategoryWhere(query.category) } : {}),
      ...(query.provider ? { providerA: { in: [...query.provider] }, providerB: { in: [...query.provider] } } : {}),
    },
    select: { id: true, modelA: true, modelB: true, logicalA: true, logicalB: true, verdict: true, turnId: true, paneA: true, paneB: true },
    orderBy: { id: "asc" },
  });
  const byDeployment = query.groupBy === "deployment";
  const outcomes: PairwiseOutcome[] = [];
  // where the two judged answers are, index for index (style control reads their texts)
  const answers: { turnId: string; paneA: number; paneB: number }[] = [];
  for (const r of rows) {
    const a = byDeployment ? r.modelA : r.logicalA;
    const b = byDeployment ? r.modelB : r.logicalB;
    if (!b || a === b || r.paneA == null || r.paneB == null) continue;
    outcomes.push({ a, b, outcome: r.verdict as PairOutcome, group: `judge:${r.id}` });
    answers.push({ turnId: r.turnId!, paneA: r.paneA, paneB: r.paneB });
  }
  return { outcomes, votes: rows.length, answers };
}

/** Done pairwise judgements of an evaluation session's items (every judged pass), as item outcomes. */
export async function judgedItemOutcomes(db: PrismaClient, sessionId: string): Promise<{ itemId: string; outcome: PairOutcome }[]> {
  const rows = await db.judgement.findMany({
    where: { evalSessionId: sessionId, kind: "pairwise", status: "done", evalItemId: { not: null }, verdict: { not: null } },
    select: { evalItemId: true, verdict: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({ itemId: r.evalItemId!, outcome: r.verdict as PairOutcome }));
}
