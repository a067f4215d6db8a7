// Requests per minute (comparisons, follow-ups, retries, evaluation and scorecard starts) and the
// sign-in email throttle, on rate-limiter-flexible's PostgreSQL store: one atomic upsert per key
// in the `rate_limits` table (prisma/schema.prisma RateLimit), through the app's own connection
// pool, so every instance sharing the database shares the counts.
import "server-only";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { PrismaClient } from "@/lib/generated/prisma/client";

type Query = { text: string; values?: unknown[] };

/** The store client rate-limiter-flexible talks to: a `pg`-like `query` on Prisma's pool. */
function storeClient(db: PrismaClient) {
  return {
    async query(q: Query) {
      const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(q.text, ...(q.values ?? []));
      const list = Array.isArray(rows) ? rows : [];
      return {
        rowCount: list.length,
        rows: list.map((r) => ({ ...r, ...(typeof r.expire === "bigint" ? { expire: Number(r.expire) } : {}) })),
      };
    },
  };
}

const limiters = new WeakMap<PrismaClient, Map<string, RateLimiterPostgres>>();

/**
 * A fixed-window limiter of `points` per `durationS` seconds under `prefix`. With points 0 the
 * caller should not ask (0 = no limit).
 */
function limiter(db: PrismaClient, prefix: string, points: number, durationS: number): RateLimiterPostgres {
  let byKey = limiters.get(db);
  if (!byKey) limiters.set(db, (byKey = new Map()));
  const id = `${prefix}:${points}:${durationS}`;
  let l = byKey.get(id);
  if (!l) {
    l = new RateLimiterPostgres({
      storeClient: storeClient(db),
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true,
      keyPrefix: prefix,
      points,
      duration: durationS,
      clearExpiredByTimeout: false,
    });
    byKey.set(id, l);
  }
  return l;
}

export type Consumed = { ok: true } | { ok: false; retryAfterS: number; limit: number };

/** Takes one point of `key` under a limit of `points` per `durationS`; over it, when to try again. */
export async function consume(db: PrismaClient, prefix: string, key: string, points: number, durationS: number): Promise<Consumed> {
  if (points <= 0) return { ok: true };
  try {
    await limiter(db, prefix, points, durationS).consume(key, 1);
    return { ok: true };
  } catch (error) {
    if (error instanceof RateLimiterRes)
      return { ok: false, retryAfterS: Math.max(1, Math.ceil(error.msBeforeNext / 1000)), limit: points };
    throw error;
  }
}

/** Gives a point back (a request refused by another limit after this one counted it). */
export async function giveBack(db: PrismaClient, prefix: string, key: string, points: number, durationS: number): Promise<void> {
  if (points <= 0) return;
  await limiter(db, prefix, points, durationS)
    .reward(key, 1)
    .catch(() => {});
}
