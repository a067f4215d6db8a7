// The judges of one evaluation session as extra raters: for every judge (catalog model id) and
// rubric that gave pairwise verdicts on the session's items, its agreement (Cohen's kappa and raw
// agreement, with 95% intervals) with each person who rated and with the people's majority, plus
// its accuracy on the gold items. Its own section of the results: the people's agreement figures
// (lib/evals/results-stats.ts) are computed from their ratings alone and never see a judge.
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { judgeAsRater, rate, type JudgeAsRater, type Rate, type Verdict } from "./trust";

export type SessionJudge = {
  judge: { model: string; label: string; logicalModel: string; maker: string };
  rubric: { id: string; name: string; builtin: boolean };
  /** non-gold items with a final verdict (the latest judgement per item) */
  judged: number;
  /** of those, how many the two orders disagreed on (final verdict: tie) */
  inconsistent: number;
  /** the reference side chosen, over the gold items judged */
  gold: Rate;
} & JudgeAsRater;

const isVerdict = (v: string | null): v is Verdict => v === "a" || v === "b" || v === "tie" || v === "both_bad";

/**
 * Loads the session's done pairwise judgements and the people's ratings and compares them.
 * Same data + same seed => the same intervals. The caller has checked access to the session.
 */
export async function sessionJudges(
  sessionId: string,
  { seed, rounds }: { seed: number; rounds: number },
  db: PrismaClient,
): Promise<SessionJudge[]> {
  const judgements = await db.judgement.findMany({
    where: { evalSessionId: sessionId, kind: "pairwise", status: "done", evalItemId: { not: null } },
    select: {
      judgeModelId: true,
      judgeLogical: true,
      judgeMaker: true,
      rubricId: true,
      evalItemId: true,
      verdict: true,
      inconsistent: true,
      pass: { select: { judgeLabel: true } },
      rubric: { select: { name: true, builtin: true } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  if (judgements.length === 0) return [];
  const [items, ratings] = await Promise.all([
    db.evalItem.findMany({ where: { sessionId }, select: { id: true, goldSide: true } }),
    db.evalAssignment.findMany({
      where: { sessionId, ratedAt: { not: null }, outcome: { not: null } },
      select: { itemId: true, raterId: true, outcome: true },
    }),
  ]);
  const goldSide = new Map(items.map((i) => [i.id, i.goldSide]));

  // the people: rater -> item -> outcome, gold items left out (as in the people's agreement figures)
  const people = new Map<string, Map<string, Verdict>>();
  for (const r of ratings) {
    if (goldSide.get(r.itemId) || !isVerdict(r.outcome)) continue;
    const theirs = people.get(r.raterId) ?? people.set(r.raterId, new Map()).get(r.raterId)!;
    theirs.set(r.itemId, r.outcome);
  }

  // the judges: (model, rubric) -> item -> its latest judgement
  const groups = new Map<string, Map<string, (typeof judgements)[number]>>();
  for (const j of judgements) {
    if (!isVerdict(j.verdict)) continue;
    const key = JSON.stringify([j.judgeModelId, j.rubricId]);
    const byItem = groups.get(key) ?? groups.set(key, new Map()).get(key)!;
    byItem.set(j.evalItemId!, j);
  }

  const out: SessionJudge[] = [];
  for (const [key, byItem] of groups) {
    const [model, rubricId] = JSON.parse(key) as [string, string];
    const latest = [...byItem.values()].at(-1)!;
    const verdicts = new Map<string, Verdict>();
    let goldK = 0;
    let goldN = 0;
    let inconsistent = 0;
    for (const [itemId, j] of byItem) {
      const gold = goldSide.get(itemId);
      if (gold) {
        goldN++;
        if (j.verdict === gold) goldK++;
        continue;
      }
      verdicts.set(itemId, j.verdict as Verdict);
      if (j.inconsistent) inconsistent++;
    }
    out.push({
      judge: { model, label: latest.pass.judgeLabel, logicalModel: latest.judgeLogical, maker: latest.judgeMaker },
      rubric: { id: rubricId, name: latest.rubric.name, builtin: latest.rubric.builtin },
      judged: verdicts.size,
      inconsistent,
      gold: rate(goldK, goldN),
      ...judgeAsRater(verdicts, people, { seed: `${seed}:${model}:${rubricId}`, rounds }),
    });
  }
  return out.sort((x, y) => x.judge.label.localeCompare(y.judge.label) || x.rubric.name.localeCompare(y.rubric.name));
}
