// The items raters judge, built once per session when its answers can no longer change
// (completed, capped or cancelled). Called lazily by the rating queue and the results.
//
// Pairwise designs: the non-gold prompts in a seeded random order (seed = session id); with P
// model pairs enumerated (i < j, session order), prompt k gets pair k mod P, so every pair is
// compared about equally often; when an answer of that pair failed, the least-compared pair so
// far whose two answers are both done (the next one on a tie), which keeps the pairs balanced.
// Gold prompts become gold items: `goldSide` (random) shows the prompt's reference answer, the
// other side an answer to a different prompt.
// Criteria-only designs: one item per done answer of a non-gold prompt (gold prompts are
// attention checks with a right answer between two sides, so they need the pairwise design).
import "server-only";
import { getDb } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { EvalStatus } from "@/lib/generated/prisma/enums";
import { newId } from "@/lib/ids";
import { createRng, uniformInt, type Rng } from "@/lib/ratings/random";
import { designSchema, type Design, type SessionModel } from "./schema";

/** Sessions whose answers no longer change. */
export const FINAL_STATUSES = ["completed", "capped", "cancelled"] as const satisfies readonly EvalStatus[];
export const isFinal = (status: EvalStatus) => (FINAL_STATUSES as readonly EvalStatus[]).includes(status);

export type ItemDraft = { promptId: string; answerAId: string | null; answerBId: string | null; goldSide: "a" | "b" | null };

/** The stored design, or the default when it does not parse (never fails a page). */
export function parseDesign(value: unknown): Design {
  const parsed = designSchema.safeParse(value);
  return parsed.success ? parsed.data : { pairwise: true, criteria: [], raters: 3 };
}

function shuffled<T>(values: readonly T[], rng: Rng): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = uniformInt(rng, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Every unordered pair of models, in session order: (0,1), (0,2), ..., (1,2), ... */
export function modelPairs(models: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < models.length; i++) for (let j = i + 1; j < models.length; j++) pairs.push([models[i]!, models[j]!]);
  return pairs;
}

/**
 * Pure: the items of a session from its prompts (in index order) and done answers. Same inputs
 * and seed => same items in the same order.
 */
export function planItems(input: {
  seed: string;
  design: Pick<Design, "pairwise" | "criteria">;
  models: readonly string[];
  prompts: readonly { id: string; gold: boolean; reference: string | null }[];
  /** done answers only */
  answers: readonly { id: string; promptId: string; modelId: string }[];
}): ItemDraft[] {
  const rng = createRng(input.seed);
  const done = new Map<string, Map<string, string>>(); // promptId -> modelId -> answerId
  for (const a of input.answers) {
    let byModel = done.get(a.promptId);
    if (!byModel) done.set(a.promptId, (byModel = new Map()));
    byModel.set(a.modelId, a.id);
  }
  const order = shuffled(input.prompts, rng);
  const items: ItemDraft[] = [];

  if (!input.design.pairwise) {
    for (const p of order) {
      if (p.gold) continue;
      const byModel = done.get(p.id);
      for (const m of input.models) {
        const answerId = byModel?.get(m);
        if (answerId) items.push({ promptId: p.id, answerAId: answerId, answerBId: null, goldSide: null });
      }
    }
    return items;
  }

  const pairs = modelPairs(input.models);
  const used = new Array<number>(pairs.length).fill(0);
  let k = 0;
  for (const p of order) {
    if (p.gold) continue;
    const byModel = done.get(p.id);
    const start = k++ % pairs.length;
    // pair k mod P; when one of its answers failed, the pair that has been compared least so far
    // among those with both answers done (the next one after k mod P on a tie). With every answer
    // done this is exactly k mod P, round after round.
    let best = -1;
    for (let step = 0; step < pairs.length; step++) {
      const q = (start + step) % pairs.length;
      const [a, b] = pairs[q]!;
      if (!byModel?.get(a) || !byModel.get(b)) continue;
      if (best < 0 || used[q]! < used[best]!) best = q;
    }
    if (best < 0) continue;
    used[best]!++;
    const [a, b] = pairs[best]!;
    items.push({ promptId: p.id, answerAId: byModel!.get(a)!, answerBId: byModel!.get(b)!, goldSide: null });
  }

  // gold: the reference against a done answer to another prompt (a non-gold one when there is any)
  const goldIds = new Set(input.prompts.filter((p) => p.gold).map((p) => p.id));
  const regular = input.answers.filter((a) => !goldIds.has(a.promptId));
  const pool = regular.length ? regular : input.answers;
  for (const p of order) {
    if (!p.gold || !p.reference?.trim()) continue;
    const others = pool.some((a) => a.promptId !== p.id) ? pool : [];
    if (others.length === 0) continue;
    let other = others[uniformInt(rng, others.length)]!;
    while (other.promptId === p.id) other = others[uniformInt(rng, others.length)]!;
    const goldSide = uniformInt(rng, 2) === 0 ? "a" : "b";
    items.push({ promptId: p.id, answerAId: goldSide === "a" ? null : other.id, answerBId: goldSide === "b" ? null : other.id, goldSide });
  }
  return items;
}

/**
 * Builds the session's items if it is finished and they are not built yet; a no-op otherwise.
 * Race-safe: the conditional update of itemsBuiltAt and the inserts are one transaction, so of two
 * concurrent callers one builds and the other waits on the row lock, then finds it set.
 * Returns whether items exist now.
 */
export async function ensureItems(sessionId: string, db: PrismaClient = getDb()): Promise<boolean> {
  const s = await db.evalSession.findUnique({ where: { id: sessionId }, select: { status: true, itemsBuiltAt: true } });
  if (!s) return false;
  if (s.itemsBuiltAt) return true;
  if (!isFinal(s.status)) return false;
  return db.$transaction(
    async (tx) => {
      const claimed = await tx.evalSession.updateMany({
        where: { id: sessionId, itemsBuiltAt: null, status: { in: [...FINAL_STATUSES] } },
        data: { itemsBuiltAt: new Date() },
      });
      if (claimed.count === 0) {
        const now = await tx.evalSession.findUnique({ where: { id: sessionId }, select: { itemsBuiltAt: true } });
        return Boolean(now?.itemsBuiltAt);
      }
      const session = await tx.evalSession.findUniqueOrThrow({ where: { id: sessionId }, select: { models: true, design: true } });
      const [prompts, answers] = await Promise.all([
        tx.evalPrompt.findMany({ where: { sessionId }, orderBy: { index: "asc" }, select: { id: true, gold: true, reference: true } }),
        tx.evalAnswer.findMany({
          where: { sessionId, status: "done" },
          orderBy: { id: "asc" },
          select: { id: true, promptId: true, modelId: true },
        }),
      ]);
      const items = planItems({
        seed: sessionId,
        design: parseDesign(session.design),
        models: (session.models as SessionModel[]).map((m) => m.id),
        prompts,
        answers,
      });
      for (let start = 0; start < items.length; start += 1000) {
        await tx.evalItem.createMany({ data: items.slice(start, start + 1000).map((item) => ({ id: newId(), sessionId, ...item })) });
      }
      return true;
    },
    { timeout: 120_000 },
  );
}
