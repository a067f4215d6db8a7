// The limits that apply to one person (and, through an API token, to that token): the instance
// defaults from the environment (JUXTA_LIMIT_*), then an admin's override for the team the work
// belongs to, then one for the person; a token's own override comes last. 0 = no limit.
import "server-only";
import type { Env, LimitDefaults } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export type Limits = LimitDefaults;

/** Who spends: the person, the API token they came with (if any), the team the work belongs to. */
export type Spender = { userId: string; tokenId?: string | null; teamId?: string | null };

export type OverrideRow = {
  requestsPerMinute: number | null;
  concurrentPanes: number | null;
  dailyUsd: number | null;
  monthlyUsd: number | null;
};

const FIELDS = ["requestsPerMinute", "concurrentPanes", "dailyUsd", "monthlyUsd"] as const;

/** `base` with every field the override sets replaced. */
export function applyOverride(base: Limits, o: OverrideRow | null | undefined): Limits {
  if (!o) return base;
  const out = { ...base };
  for (const f of FIELDS) if (o[f] !== null && o[f] !== undefined) out[f] = Number(o[f]);
  return out;
}

/** How long an override read from the database is used before it is read again (other instances' edits). */
export const OVERRIDE_TTL_MS = 15_000;

type Cached = { at: number; rows: Map<string, OverrideRow> };
let cache: Cached | null = null;
let loading: Promise<Cached> | null = null;

/** Every override, keyed `user:<id>`, `team:<id>`, `token:<id>`; read at most once per OVERRIDE_TTL_MS. */
async function overrides(db: PrismaClient): Promise<Map<string, OverrideRow>> {
  if (cache && Date.now() - cache.at < OVERRIDE_TTL_MS) return cache.rows;
  loading ??= db.limitOverride
    .findMany()
    .then((list) => {
      const rows = new Map<string, OverrideRow>();
      for (const r of list) {
        const row = {
          requestsPerMinute: r.requestsPerMinute,
          concurrentPanes: r.concurrentPanes,
          dailyUsd: r.dailyUsd === null ? null : Number(r.dailyUsd),
          monthlyUsd: r.monthlyUsd === null ? null : Number(r.monthlyUsd),
        };
        if (r.userId) rows.set(`user:${r.userId}`, row);
        if (r.teamId) rows.set(`team:${r.teamId}`, row);
        if (r.tokenId) rows.set(`token:${r.tokenId}`, row);
      }
      cache = { at: Date.now(), rows };
      return cache;
    })
    .finally(() => (loading = null));
  return (await loading).rows;
}

/** Forget the cached overrides (after an admin's edit in this process, and in tests). */
export function forgetOverrides(): void {
  cache = null;
}

export type EffectiveLimits = {
  person: Limits;
  /** the token's own limits, when the request came with a token that has an override */
  token: Limits | null;
};

export async function limitsFor(spender: Spender, env: Env, db: PrismaClient): Promise<EffectiveLimits> {
  const rows = await overrides(db);
  let person = env.limits;
  if (spender.teamId) person = applyOverride(person, rows.get(`team:${spender.teamId}`));
  person = applyOverride(person, rows.get(`user:${spender.userId}`));
  const tokenRow = spender.tokenId ? rows.get(`token:${spender.tokenId}`) : undefined;
  return { person, token: tokenRow ? applyOverride(person, tokenRow) : null };
}
