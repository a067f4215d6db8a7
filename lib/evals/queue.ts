// The rating queue: each rater claims items one at a time, at most K raters per item, never the
// same item twice; the sides are shuffled per assignment and the answers shown blind and
// normalised. Every function takes the `SessionAccess` of a check (authorizeSession(id, viewer,
// "evals:rate")): the rater is the viewer it was made for, and evals:rate is asserted here.
import "server-only";
import { randomInt } from "node:crypto";
import { z } from "zod";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { AppError, fromZodError } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { idSchema, newId } from "@/lib/ids";
import type { PairOutcome } from "@/lib/ratings";
import { OUTCOMES } from "@/lib/votes/schema";
import { assertCan, type SessionAccess } from "./access";
import { ensureItems, parseDesign } from "./items";
import { normaliseAnswer } from "./normalise";
import type { Criterion, Design } from "./schema";

type Rater = Pick<Viewer, "id">;
export type Side = "a" | "b";
/** Scores per shown answer, criterion key -> 1-5 (Likert) or 0/1 (pass/fail). */
export type SideScores = Record<string, number>;
export type Scores = Partial<Record<Side, SideScores>>;

export type RaterProgress = {
  /** items this rater has rated */
  rated: number;
  /** items this rater has taken (rated or not) */
  claimed: number;
  /** items this rater could still take (fewer than K raters, not had by this rater) */
  available: number;
  /** claimed + available: the most this rater can rate, if nobody else takes them first */
  total: number;
};

/** One item as a rater sees it: sides as shown ("a" = left), no model, metrics or ids of answers. */
export type RateItem = {
  assignmentId: string;
  /** 0-based place among this rater's items, in the order taken */
  position: number;
  /** "pairwise": two answers and a vote; "single": one answer to score */
  kind: "pairwise" | "single";
  prompt: string;
  system: string | null;
  answers: { side: Side; text: string }[];
  /** this rater's current rating, in shown sides */
  outcome: PairOutcome | null;
  scores: Scores | null;
  ratedAt: string | null;
  prevId: string | null;
  nextId: string | null;
};

export type QueueState =
  | { state: "not_ready"; progress: RaterProgress }
  /** lastId: the rater's latest item, to review from */
  | { state: "done"; progress: RaterProgress; lastId: string | null }
  | { state: "item"; item: RateItem; progress: RaterProgress };

type Deps = { db?: PrismaClient };

const swapSide = (s: Side): Side => (s === "a" ? "b" : "a");
const swapOutcome = (o: PairOutcome): PairOutcome => (o === "a" || o === "b" ? swapSide(o) : o);
const swapScores = (s: Scores): Scores => ({ ...(s.b ? { a: s.b } : {}), ...(s.a ? { b: s.a } : {}) });

async function sessionDesign(db: PrismaClient | Prisma.TransactionClient, sessionId: string): Promise<Design> {
  const s = await db.evalSession.findUnique({ where: { id: sessionId }, select: { design: true } });
  if (!s) throw new AppError("not_found", "This evaluation session does not exist.");
  return parseDesign(s.design);
}

/** The session and the rater (the viewer the check was made for), once evals:rate is asserted. */
function ratingAs(session: SessionAccess): { sessionId: string; rater: Rater } {
  assertCan(session, "evals:rate");
  return { sessionId: session.id, rater: session.viewer };
}

/** Counts for the rater's progress bar. */
export async function raterProgress(session: SessionAccess, deps: Deps = {}): Promise<RaterProgress> {
  const { sessionId, rater } = ratingAs(session);
  return progressOf(sessionId, rater, deps);
}

async function progressOf(sessionId: string, rater: Rater, deps: Deps): Promise<RaterProgress> {
  const db = deps.db ?? getDb();
  const design = await sessionDesign(db, sessionId);
  const [rated, claimed, open] = await Promise.all([
    db.evalAssignment.count({ where: { sessionId, raterId: rater.id, ratedAt: { not: null } } }),
    db.evalAssignment.count({ where: { sessionId, raterId: rater.id } }),
    db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "EvalItem" i
      WHERE i."sessionId" = ${sessionId} AND i.assigned < ${design.raters}
        AND NOT EXISTS (SELECT 1 FROM "EvalAssignment" a WHERE a."itemId" = i.id AND a."raterId" = ${rater.id})`,
  ]);
  const available = open[0]?.n ?? 0;
  return { rated, claimed, available, total: claimed + available };
}

/** The rater's assignments in the order taken (createdAt, then id). */
async function orderedAssignmentIds(db: PrismaClient, sessionId: string, raterId: string): Promise<string[]> {
  const rows = await db.evalAssignment.findMany({
    where: { sessionId, raterId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

async function viewOf(db: PrismaClient, sessionId: string, raterId: string, assignmentId: string): Promise<RateItem> {
  const a = await db.evalAssignment.findFirst({
    where: { id: assignmentId, sessionId, raterId },
    select: {
      id: true,
      swapped: true,
      outcome: true,
      scores: true,
      ratedAt: true,
      item: {
        select: { answerAId: true, answerBId: true, goldSide: true, prompt: { select: { prompt: true, system: true, reference: true } } },
      },
    },
  });
  if (!a) throw new AppError("not_found", "This item is not in your queue.");
  const { item } = a;
  const ids = [item.answerAId, item.answerBId].filter((x): x is string => Boolean(x));
  const answers = await db.evalAnswer.findMany({ where: { id: { in: ids }, sessionId }, select: { id: true, text: true } });
  const textOf = (id: string | null, side: Side) =>
    item.goldSide === side ? (item.prompt.reference ?? "") : (answers.find((x) => x.id === id)?.text ?? "");
  const pairwise = Boolean(item.answerBId) || item.goldSide !== null;
  const inItemOrder: { side: Side; text: string }[] = pairwise
    ? [
        { side: "a", text: normaliseAnswer(textOf(item.answerAId, "a")) },
        { side: "b", text: normaliseAnswer(textOf(item.answerBId, "b")) },
      ]
    : [{ side: "a", text: normaliseAnswer(textOf(item.answerAId, "a")) }];
  const shown =
    pairwise && a.swapped
      ? [
          { side: "a" as const, text: inItemOrder[1]!.text },
          { side: "b" as const, text: inItemOrder[0]!.text },
        ]
      : inItemOrder;
  const storedScores = (a.scores ?? null) as Scores | null;
  const order = await orderedAssignmentIds(db, sessionId, raterId);
  const position = order.indexOf(a.id);
  return {
    assignmentId: a.id,
    position,
    kind: pairwise ? "pairwise" : "single",
    prompt: item.prompt.prompt,
    system: item.prompt.system,
    answers: shown,
    outcome: a.outcome ? (a.swapped ? swapOutcome(a.outcome as PairOutcome) : (a.outcome as PairOutcome)) : null,
    scores: storedScores ? (a.swapped ? swapScores(storedScores) : storedScores) : null,
    ratedAt: a.ratedAt?.toISOString() ?? null,
    prevId: position > 0 ? order[position - 1]! : null,
    nextId: position >= 0 && position < order.length - 1 ? order[position + 1]! : null,
  };
}

/**
 * The rater's next item: their unrated claimed item first; else a new claim among items with
 * fewer than K raters that this rater has not had, fewest raters first, then in a per-rater
 * pseudo-random order (md5 of rater id + item id), so raters meet the items in different orders.
 * A claim is `assigned = assigned + 1 WHERE assigned < K` plus the assignment row, in one
 * transaction, under an advisory lock per (session, rater) so two tabs of one rater cannot claim
 * two items at once; two raters racing for the last place on an item: one gets it, the other the
 * next candidate.
 */
export async function nextItem(session: SessionAccess, deps: Deps = {}): Promise<QueueState> {
  const { sessionId, rater } = ratingAs(session);
  const db = deps.db ?? getDb();
  const ready = await ensureItems(sessionId, db);
  const design = await sessionDesign(db, sessionId);
  if (!ready) return { state: "not_ready", progress: await progressOf(sessionId, rater, { db }) };

  const assignmentId = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${sessionId}), hashtext(${rater.id}))`;
      const open = await tx.evalAssignment.findFirst({
        where: { sessionId, raterId: rater.id, ratedAt: null },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true },
      });
      if (open) return open.id;
      for (let round = 0; round < 5; round++) {
        const candidates = await tx.$queryRaw<{ id: string }[]>`
        SELECT i.id FROM "EvalItem" i
        WHERE i."sessionId" = ${sessionId} AND i.assigned < ${design.raters}
          AND NOT EXISTS (SELECT 1 FROM "EvalAssignment" a WHERE a."itemId" = i.id AND a."raterId" = ${rater.id})
        ORDER BY i.assigned ASC, md5(${rater.id} || ':' || i.id) ASC
        LIMIT 20`;
        if (candidates.length === 0) return null;
        for (const { id } of candidates) {
          const taken =
            await tx.$executeRaw`UPDATE "EvalItem" SET assigned = assigned + 1 WHERE id = ${id} AND assigned < ${design.raters}`;
          if (taken !== 1) continue;
          const row = await tx.evalAssignment.create({
            data: { id: newId(), sessionId, itemId: id, raterId: rater.id, swapped: randomInt(2) === 1 },
            select: { id: true },
          });
          return row.id;
        }
      }
      return null;
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
  const progress = await progressOf(sessionId, rater, { db });
  if (!assignmentId) {
    const last = await db.evalAssignment.findFirst({
      where: { sessionId, raterId: rater.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    return { state: "done", progress, lastId: last?.id ?? null };
  }
  return { state: "item", item: await viewOf(db, sessionId, rater.id, assignmentId), progress };
}

/** One of the rater's own items (to review or change a rating); anyone else's is 404. */
export async function openAssignment(
  session: SessionAccess,
  assignmentId: string,
  deps: Deps = {},
): Promise<{ item: RateItem; progress: RaterProgress }> {
  const { sessionId, rater } = ratingAs(session);
  const db = deps.db ?? getDb();
  if (!assignmentIdSchema.safeParse(assignmentId).success) throw new AppError("not_found", "This item is not in your queue.");
  const item = await viewOf(db, sessionId, rater.id, assignmentId);
  return { item, progress: await progressOf(sessionId, rater, { db }) };
}

export const assignmentIdSchema = idSchema("assignment");

function criterionValue(c: Criterion) {
  if (c.scale === "likert") {
    const msg = `Score ${c.name} from 1 to 5.`;
    return z.number({ error: msg }).int(msg).min(1, msg).max(5, msg);
  }
  const msg = `Mark ${c.name} as pass (1) or fail (0).`;
  return z.union([z.literal(0), z.literal(1)], { error: msg });
}

/** The body of a rating for an item of this kind under this design (sides as shown). */
export function ratingSchema(design: Pick<Design, "criteria">, kind: RateItem["kind"]) {
  const criteria = design.criteria;
  const sideScores = z
    .object(Object.fromEntries(criteria.map((c) => [c.key, criterionValue(c)])), { error: "Score every criterion for this answer." })
    .strict();
  const scores = z
    .object(kind === "pairwise" ? { a: sideScores, b: sideScores } : { a: sideScores }, { error: "Score every criterion for each answer." })
    .strict();
  return z
    .object({
      outcome:
        kind === "pairwise"
          ? z.enum(OUTCOMES, { error: 'Choose which answer is better: outcome is "a", "b", "tie" or "both_bad".' })
          : z.undefined({ error: "This item has one answer to score: leave out outcome." }),
      scores: criteria.length > 0 ? scores : z.undefined({ error: "This session has no criteria to score: leave out scores." }),
    })
    .strict();
}

/** A rating as sent by the page or the API; validated against the design in submitRating. */
export const ratingBodySchema = z
  .object({
    assignmentId: assignmentIdSchema,
    outcome: z.unknown().optional(),
    scores: z.unknown().optional(),
  })
  .strict();
export type RatingBody = z.infer<typeof ratingBodySchema>;

/**
 * Saves (or replaces) the rater's rating of one of their items. `outcome` and `scores` are in
 * shown sides ("a" = the left answer) and stored in item terms. Validated against the session's
 * design: a vote for a pairwise item, every criterion scored for each shown answer (Likert 1-5,
 * pass/fail 0/1), nothing else.
 */
export async function submitRating(
  session: SessionAccess,
  assignmentId: string,
  input: { outcome?: unknown; scores?: unknown },
  deps: Deps = {},
): Promise<RateItem> {
  const { sessionId, rater } = ratingAs(session);
  const db = deps.db ?? getDb();
  if (!assignmentIdSchema.safeParse(assignmentId).success) throw new AppError("not_found", "This item is not in your queue.");
  const a = await db.evalAssignment.findFirst({
    where: { id: assignmentId, sessionId, raterId: rater.id },
    select: { id: true, swapped: true, item: { select: { answerBId: true, goldSide: true } } },
  });
  if (!a) throw new AppError("not_found", "This item is not in your queue.");
  const design = await sessionDesign(db, sessionId);
  const kind: RateItem["kind"] = a.item.answerBId || a.item.goldSide ? "pairwise" : "single";
  const parsed = ratingSchema(design, kind).safeParse({ outcome: input.outcome, scores: input.scores });
  if (!parsed.success) throw fromZodError(parsed.error);
  const outcome = parsed.data.outcome as PairOutcome | undefined;
  const scores = parsed.data.scores as Scores | undefined;
  await db.evalAssignment.update({
    where: { id: a.id },
    data: {
      outcome: outcome ? (a.swapped ? swapOutcome(outcome) : outcome) : null,
      scores: scores ? ((a.swapped ? swapScores(scores) : scores) as Prisma.InputJsonValue) : undefined,
      ratedAt: new Date(),
    },
  });
  return viewOf(db, sessionId, rater.id, a.id);
}

/** The rater's own ratings in this session, in the order taken (sides as they were shown). */
export async function myRatings(session: SessionAccess, deps: Deps = {}) {
  const { sessionId, rater } = ratingAs(session);
  const db = deps.db ?? getDb();
  const rows = await db.evalAssignment.findMany({
    where: { sessionId, raterId: rater.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, swapped: true, outcome: true, scores: true, ratedAt: true, createdAt: true },
  });
  return rows.map((r, position) => {
    const scores = (r.scores ?? null) as Scores | null;
    return {
      assignmentId: r.id,
      position,
      outcome: r.outcome ? (r.swapped ? swapOutcome(r.outcome as PairOutcome) : (r.outcome as PairOutcome)) : null,
      scores: scores ? (r.swapped ? swapScores(scores) : scores) : null,
      claimedAt: r.createdAt.toISOString(),
      ratedAt: r.ratedAt?.toISOString() ?? null,
    };
  });
}

export type RateContext = { name: string; instructions: string; design: Design; goldPrompts: number };

/** What a rater sees around the items (the page and GET queue/next): name, instructions, design, and whether attention checks exist. */
export async function rateContext(session: SessionAccess, deps: Deps = {}): Promise<RateContext> {
  const db = deps.db ?? getDb();
  const { id } = assertCan(session, "evals:rate");
  const s = await db.evalSession.findUniqueOrThrow({ where: { id }, select: { name: true, instructions: true, design: true } });
  const design = parseDesign(s.design);
  const goldPrompts = design.pairwise ? await db.evalPrompt.count({ where: { sessionId: id, gold: true } }) : 0;
  return { name: s.name, instructions: s.instructions, design, goldPrompts };
}
