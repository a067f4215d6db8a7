// How far to trust each judge (GET /api/v1/judges, the /judges page): loads the done pairwise
// judgements in scope, the people's votes on the same units and the answers' lengths, and hands
// them to the pure statistics of ./trust.ts, one judge (catalog model id) and rubric at a time.
//
// Scope, as the leaderboard's: without `team`, every comparison (not deleted) and every evaluation
// session on this instance (only figures leave, never which comparison or session they came from);
// with `team`, that team's comparisons and sessions only, for members whose role may read both
// (404 for anyone else, as for a team that does not exist). Comparison votes follow `mode` (blind
// by default, as the leaderboard); evaluation ratings are always blind.
import "server-only";
import { z } from "zod";
import type { Viewer } from "@/lib/auth/viewer";
import { notDeleted } from "@/lib/compare/deleted";
import { getDb } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { idSchema } from "@/lib/ids";
import { teamRoleFor, type TeamAccess } from "@/lib/teams/access";
import { MAX_ROUNDS, MODES } from "@/lib/votes/schema";
import { DEFAULT_TRUST_ROUNDS, trustFigures, trustNotes, type Side, type TrustFigures, type TrustUnit, type Verdict } from "./trust";

const intString = (field: string) =>
  z
    .string()
    .regex(/^-?\d{1,15}$/, `${field} must be a whole number.`)
    .transform(Number);

/** GET /api/v1/judges?team=&mode=&judge=&rubric=&seed=&rounds= */
export const judgesQuerySchema = z
  .object({
    /** a team's figures: only its comparisons and evaluation sessions (needs comparisons:read and evals:read in it) */
    team: idSchema("team").optional(),
    /** which comparison votes count as the people's: blind (default), named or all */
    mode: z.enum(MODES, { error: 'mode must be "blind", "named" or "all".' }).default("blind"),
    /** one judge: its catalog model id */
    judge: z
      .string()
      .min(1, "judge is a catalog model id.")
      .max(300, "judge is a catalog model id (at most 300 characters).")
      .regex(/^[\x21-\x7e]+$/, "judge is a catalog model id (no spaces).")
      .optional(),
    /** one rubric: "pairwise" (built-in) or a stored rubric's id */
    rubric: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/, 'rubric is a rubric id ("pairwise" or a stored rubric\'s id).')
      .optional(),
    seed: intString("seed").default(1),
    rounds: intString("rounds")
      .pipe(z.number().min(1, `rounds must be between 1 and ${MAX_ROUNDS}.`).max(MAX_ROUNDS, `rounds must be between 1 and ${MAX_ROUNDS}.`))
      .default(DEFAULT_TRUST_ROUNDS),
  })
  .strict();
export type JudgesQuery = z.infer<typeof judgesQuerySchema>;

export type JudgeTrustRow = {
  judge: { model: string; label: string; logicalModel: string; maker: string };
  rubric: { id: string; name: string; builtin: boolean };
  /** comparison pane pairs and evaluation items among `judged` */
  sources: { comparisons: number; evals: number };
  notes: string[];
} & TrustFigures;

export type JudgesTrust = {
  team: string | null;
  mode: JudgesQuery["mode"];
  seed: number;
  rounds: number;
  /** by kappa with the human majority (high first; judges without one last), then by its n */
  judges: JudgeTrustRow[];
};

type Row = {
  id: string;
  judgeModelId: string;
  judgeLogical: string;
  judgeMaker: string;
  rubricId: string;
  turnId: string | null;
  paneA: number | null;
  paneB: number | null;
  evalItemId: string | null;
  makerA: string;
  makerB: string | null;
  verdict: string | null;
  inconsistent: boolean;
  createdAt: Date;
};

const isVerdict = (v: string | null): v is Verdict => v === "a" || v === "b" || v === "tie" || v === "both_bad";
const isSide = (v: string | null): v is Side => v === "a" || v === "b";

/** The side whose model comes from the judge's maker, when exactly one does. */
export function ownSideOf(judgeMaker: string, makerA: string, makerB: string | null): Side | null {
  const a = makerA === judgeMaker;
  const b = makerB === judgeMaker;
  return a === b ? null : a ? "a" : "b";
}

/** Ranks rows: kappa high to low (null last), then more units compared first, then by judge and rubric. */
export function rankJudges<T extends { majority: { kappa: number | null; n: number }; judge: { model: string }; rubric: { id: string } }>(
  rows: T[],
): T[] {
  return [...rows].sort(
    (x, y) =>
      (x.majority.kappa === null ? 1 : 0) - (y.majority.kappa === null ? 1 : 0) ||
      (y.majority.kappa ?? 0) - (x.majority.kappa ?? 0) ||
      y.majority.n - x.majority.n ||
      x.judge.model.localeCompare(y.judge.model) ||
      x.rubric.id.localeCompare(y.rubric.id),
  );
}

/** The trust figures of every judge and rubric in scope (see the file's head for the scope). */
export async function computeJudgesTrust(
  query: JudgesQuery,
  viewer: Pick<Viewer, "id"> | TeamAccess,
  deps: { db?: PrismaClient } = {},
): Promise<JudgesTrust> {
  const db = deps.db ?? getDb();
  if (query.team) {
    await teamRoleFor(query.team, viewer, "comparisons:read", db);
    await teamRoleFor(query.team, viewer, "evals:read", db);
  }
  const teamWhere = query.team ? { teamId: query.team } : {};

  const rows: Row[] = await db.judgement.findMany({
    where: {
      kind: "pairwise",
      status: "done",
      ...(query.judge ? { judgeModelId: query.judge } : {}),
      ...(query.rubric ? { rubricId: query.rubric } : {}),
      OR: [
        { turnId: { not: null }, comparison: { ...notDeleted, ...teamWhere } },
        { evalItemId: { not: null }, evalSession: teamWhere },
      ],
    },
    select: {
      id: true,
      judgeModelId: true,
      judgeLogical: true,
      judgeMaker: true,
      rubricId: true,
      turnId: true,
      paneA: true,
      paneB: true,
      evalItemId: true,
      makerA: true,
      makerB: true,
      verdict: true,
      inconsistent: true,
      createdAt: true,
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });

  // one judgement per (judge, rubric, unit): the latest
  const groups = new Map<string, Map<string, Row>>();
  for (const r of rows) {
    if (!isVerdict(r.verdict)) continue;
    const unit =
      r.turnId !== null && r.paneA !== null && r.paneB !== null
        ? `turn:${r.turnId}:${r.paneA}:${r.paneB}`
        : r.evalItemId !== null
          ? `item:${r.evalItemId}`
          : null;
    if (!unit) continue;
    const key = JSON.stringify([r.judgeModelId, r.rubricId]);
    let units = groups.get(key);
    if (!units) groups.set(key, (units = new Map()));
    units.set(unit, r);
  }
  const kept = [...groups.values()].flatMap((units) => [...units.values()]);
  const turnIds = [...new Set(kept.flatMap((r) => (r.turnId ? [r.turnId] : [])))];
  const itemIds = [...new Set(kept.flatMap((r) => (r.evalItemId ? [r.evalItemId] : [])))];
  const judgementIds = kept.map((r) => r.id);

  const [calls, votes, paneLengths, items, ratings, labels, rubrics] = await Promise.all([
    judgementIds.length
      ? db.judgeCall.groupBy({
          by: ["judgementId"],
          where: { judgementId: { in: judgementIds }, order: { in: ["ab", "ba"] }, status: "done" },
          _count: { _all: true },
        })
      : [],
    turnIds.length
      ? db.voteOutcome.findMany({
          where: {
            vote: { turnId: { in: turnIds }, ...(query.mode === "all" ? {} : { blind: query.mode === "blind" }) },
          },
          select: { paneA: true, paneB: true, outcome: true, vote: { select: { turnId: true } } },
        })
      : [],
    turnIds.length
      ? db.answer.findMany({ where: { turnId: { in: turnIds } }, select: { turnId: true, text: true, pane: { select: { index: true } } } })
      : [],
    itemIds.length
      ? db.evalItem.findMany({ where: { id: { in: itemIds } }, select: { id: true, answerAId: true, answerBId: true, goldSide: true } })
      : [],
    itemIds.length
      ? db.evalAssignment.findMany({
          where: { itemId: { in: itemIds }, ratedAt: { not: null }, outcome: { not: null } },
          select: { itemId: true, outcome: true },
        })
      : [],
    db.judgePass.findMany({
      where: { judgeModelId: { in: [...new Set(kept.map((r) => r.judgeModelId))] } },
      select: { judgeModelId: true, judgeLabel: true },
      orderBy: { createdAt: "desc" },
      distinct: ["judgeModelId"],
    }),
    db.judgeRubric.findMany({
      where: { id: { in: [...new Set(kept.map((r) => r.rubricId))] } },
      select: { id: true, name: true, builtin: true },
    }),
  ]);
  const evalAnswerIds = items.flatMap((i) => [i.answerAId, i.answerBId].filter((x): x is string => !!x));
  const evalAnswers = evalAnswerIds.length
    ? await db.evalAnswer.findMany({ where: { id: { in: evalAnswerIds } }, select: { id: true, text: true } })
    : [];

  const bothOrders = new Set(calls.filter((c) => c._count._all >= 2).map((c) => c.judgementId));
  const humansByPair = new Map<string, Verdict[]>();
  for (const v of votes) {
    if (!isVerdict(v.outcome)) continue;
    const key = `turn:${v.vote.turnId}:${v.paneA}:${v.paneB}`;
    (humansByPair.get(key) ?? humansByPair.set(key, []).get(key)!).push(v.outcome);
  }
  const humansByItem = new Map<string, Verdict[]>();
  for (const r of ratings) {
    if (!isVerdict(r.outcome)) continue;
    const key = `item:${r.itemId}`;
    (humansByItem.get(key) ?? humansByItem.set(key, []).get(key)!).push(r.outcome);
  }
  const paneLength = new Map(paneLengths.map((a) => [`${a.turnId}:${a.pane.index}`, a.text.length]));
  const answerLength = new Map(evalAnswers.map((a) => [a.id, a.text.length]));
  const itemById = new Map(items.map((i) => [i.id, i]));
  const labelOf = new Map(labels.map((l) => [l.judgeModelId, l.judgeLabel]));
  const rubricOf = new Map(rubrics.map((r) => [r.id, r]));

  const out: JudgeTrustRow[] = [];
  for (const [key, units] of groups) {
    const [model, rubricId] = JSON.parse(key) as [string, string];
    const first = units.values().next().value!;
    const trustUnits: TrustUnit[] = [];
    let comparisons = 0;
    let evals = 0;
    for (const [unit, r] of units) {
      const base = {
        unit,
        judge: r.verdict as Verdict,
        bothOrders: bothOrders.has(r.id),
        inconsistent: r.inconsistent,
        ownSide: ownSideOf(r.judgeMaker, r.makerA, r.makerB),
      };
      if (r.turnId !== null) {
        comparisons++;
        trustUnits.push({
          ...base,
          humans: humansByPair.get(unit) ?? [],
          lengthA: paneLength.get(`${r.turnId}:${r.paneA}`) ?? null,
          lengthB: paneLength.get(`${r.turnId}:${r.paneB}`) ?? null,
        });
      } else {
        evals++;
        const item = itemById.get(r.evalItemId!);
        trustUnits.push({
          ...base,
          humans: humansByItem.get(unit) ?? [],
          lengthA: item?.answerAId ? (answerLength.get(item.answerAId) ?? null) : null,
          lengthB: item?.answerBId ? (answerLength.get(item.answerBId) ?? null) : null,
          goldSide: isSide(item?.goldSide ?? null) ? (item!.goldSide as Side) : null,
        });
      }
    }
    const figures = trustFigures(trustUnits, { seed: `${query.seed}:${model}:${rubricId}`, rounds: query.rounds });
    const rubric = rubricOf.get(rubricId);
    out.push({
      judge: { model, label: labelOf.get(model) ?? model, logicalModel: first.judgeLogical, maker: first.judgeMaker },
      rubric: { id: rubricId, name: rubric?.name ?? rubricId, builtin: rubric?.builtin ?? false },
      sources: { comparisons, evals },
      ...figures,
      notes: trustNotes(figures),
    });
  }
  return { team: query.team ?? null, mode: query.mode, seed: query.seed, rounds: query.rounds, judges: rankJudges(out) };
}
