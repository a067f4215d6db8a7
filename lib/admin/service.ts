// The instance admin's work (/admin, /api/v1/admin/**): accounts (approve, disable, make admin),
// limit overrides per person, team and API token, and usage per person, team and provider.
import "server-only";
import { z } from "zod";
import type { Viewer } from "@/lib/auth/viewer";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { getDb } from "@/lib/db";
import { getEnv, type LimitDefaults } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { forgetOverrides } from "@/lib/limits/config";

/** Admins only; anyone else learns nothing (404, as for a page that does not exist). */
export function assertAdmin(viewer: Pick<Viewer, "isAdmin"> | null): void {
  if (!viewer?.isAdmin) throw new AppError("not_found", "This page does not exist.");
}

export type AccountRow = {
  id: string;
  name: string | null;
  email: string | null;
  status: "active" | "pending" | "disabled";
  isAdmin: boolean;
  createdAt: string;
};

export async function listAccounts(db: PrismaClient = getDb()): Promise<AccountRow[]> {
  const rows = await db.user.findMany({
    where: { id: { not: LOCAL_USER_ID } },
    orderBy: [{ status: "asc" }, { createdAt: "asc" }],
    select: { id: true, name: true, email: true, status: true, isAdmin: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export const accountPatchSchema = z
  .object({
    status: z.enum(["active", "disabled"], { error: "status must be active or disabled" }).optional(),
    isAdmin: z.boolean({ error: "isAdmin must be true or false" }).optional(),
  })
  .strict()
  .refine((v) => v.status !== undefined || v.isAdmin !== undefined, { error: "Send status and/or isAdmin." });

/** Approves (active), disables (signed out everywhere: sessions deleted, tokens refused) or makes admin. */
export async function updateAccount(
  actor: Pick<Viewer, "id">,
  userId: string,
  patch: z.infer<typeof accountPatchSchema>,
  db: PrismaClient = getDb(),
): Promise<AccountRow> {
  if (userId === actor.id && (patch.status === "disabled" || patch.isAdmin === false))
    throw new AppError("conflict", "You cannot disable yourself or remove your own admin role: ask another admin.");
  const exists = await db.user.findFirst({ where: { id: userId, NOT: { id: LOCAL_USER_ID } }, select: { id: true } });
  if (!exists) throw new AppError("not_found", "This account does not exist.");
  const row = await db.$transaction(async (tx) => {
    const user = await tx.user.update({
      where: { id: userId },
      data: { ...(patch.status ? { status: patch.status } : {}), ...(patch.isAdmin !== undefined ? { isAdmin: patch.isAdmin } : {}) },
      select: { id: true, name: true, email: true, status: true, isAdmin: true, createdAt: true },
    });
    if (patch.status === "disabled") await tx.session.deleteMany({ where: { userId } });
    return user;
  });
  return { ...row, createdAt: row.createdAt.toISOString() };
}

const usdLimit = z.number({ error: "must be a number of US dollars, or null for the default" }).min(0).max(1e9).nullable();
const countLimit = z.number({ error: "must be a whole number, or null for the default" }).int().min(0).max(1_000_000).nullable();

export const overrideSchema = z
  .object({
    scope: z.enum(["user", "team", "token"], { error: "scope must be user, team or token" }),
    id: z.string().min(1).max(64),
    requestsPerMinute: countLimit.optional(),
    concurrentPanes: countLimit.optional(),
    dailyUsd: usdLimit.optional(),
    monthlyUsd: usdLimit.optional(),
  })
  .strict();

export type OverrideView = {
  scope: "user" | "team" | "token";
  id: string;
  label: string;
  requestsPerMinute: number | null;
  concurrentPanes: number | null;
  dailyUsd: number | null;
  monthlyUsd: number | null;
};

export async function listLimits(db: PrismaClient = getDb()): Promise<{ defaults: LimitDefaults; overrides: OverrideView[] }> {
  const rows = await db.limitOverride.findMany({
    include: {
      user: { select: { name: true, email: true } },
      team: { select: { name: true } },
      token: { select: { name: true, prefix: true } },
    },
    orderBy: { updatedAt: "desc" },
  });
  return {
    defaults: getEnv().limits,
    overrides: rows.map((r) => ({
      scope: r.userId ? "user" : r.teamId ? "team" : "token",
      id: (r.userId ?? r.teamId ?? r.tokenId)!,
      label: r.user
        ? (r.user.email ?? r.user.name ?? r.userId!)
        : r.team
          ? r.team.name
          : r.token
            ? `${r.token.name} (${r.token.prefix}…)`
            : "",
      requestsPerMinute: r.requestsPerMinute,
      concurrentPanes: r.concurrentPanes,
      dailyUsd: r.dailyUsd === null ? null : Number(r.dailyUsd),
      monthlyUsd: r.monthlyUsd === null ? null : Number(r.monthlyUsd),
    })),
  };
}

/** Sets (or, with every field null, removes) the override of one person, team or token. */
export async function setOverride(
  actor: Pick<Viewer, "id">,
  input: z.infer<typeof overrideSchema>,
  db: PrismaClient = getDb(),
): Promise<void> {
  const key = input.scope === "user" ? "userId" : input.scope === "team" ? "teamId" : "tokenId";
  const target =
    input.scope === "user"
      ? await db.user.findFirst({ where: { id: input.id, NOT: { id: LOCAL_USER_ID } }, select: { id: true } })
      : input.scope === "team"
        ? await db.team.findUnique({ where: { id: input.id }, select: { id: true } })
        : await db.apiToken.findUnique({ where: { id: input.id }, select: { id: true } });
  if (!target) throw new AppError("not_found", `This ${input.scope === "token" ? "API token" : input.scope} does not exist.`, "id");
  const fields = {
    requestsPerMinute: input.requestsPerMinute ?? null,
    concurrentPanes: input.concurrentPanes ?? null,
    dailyUsd: input.dailyUsd ?? null,
    monthlyUsd: input.monthlyUsd ?? null,
  };
  const empty = Object.values(fields).every((v) => v === null);
  if (empty) await db.limitOverride.deleteMany({ where: { [key]: input.id } });
  else
    await db.limitOverride.upsert({
      where: { [key]: input.id } as never,
      create: { id: newId(), [key]: input.id, ...fields, updatedById: actor.id },
      update: { ...fields, updatedById: actor.id },
    });
  forgetOverrides();
}

export type UsageRow = { day: string; key: string; label: string; spendUsd: number; calls: number; errors: number };
export type Usage = { days: number; byPerson: UsageRow[]; byTeam: UsageRow[]; byProvider: UsageRow[] };

/**
 * Spend, calls and errors per day of the last `days` days, by person, team and provider: every
 * comparison answer, evaluation answer and judge call that ended, from their stored rows.
 */
export async function usage(days: number, db: PrismaClient = getDb()): Promise<Usage> {
  const since = new Date(Date.now() - days * 86_400_000);
  const rows = await db.$queryRaw<
    { day: Date; userId: string | null; teamId: string | null; provider: string; spend: number; calls: number; errors: number }[]
  >`
    WITH calls AS (
      SELECT a."finishedAt" AS at, c."ownerId" AS "userId", c."teamId", p.provider, a."costUsd" AS cost, a.status::text = 'error' AS failed
      FROM "Answer" a JOIN "Pane" p ON p.id = a."paneId" JOIN "Comparison" c ON c.id = p."comparisonId"
      WHERE a."finishedAt" >= ${since} AND a.status::text IN ('done', 'error', 'stopped')
      UNION ALL
      SELECT e."finishedAt", s."ownerId", s."teamId", split_part(e."modelId", ':', 1), e."costUsd", e.status::text = 'failed'
      FROM "EvalAnswer" e JOIN "EvalSession" s ON s.id = e."sessionId"
      WHERE e."finishedAt" >= ${since} AND e.status::text IN ('done', 'failed')
      UNION ALL
      SELECT jc."finishedAt", jp."requestedById", COALESCE(c."teamId", s."teamId"), jp."judgeProvider", jc."costUsd", jc.status::text = 'failed'
      FROM "JudgeCall" jc JOIN "Judgement" j ON j.id = jc."judgementId" JOIN "JudgePass" jp ON jp.id = j."passId"
        LEFT JOIN "Comparison" c ON c.id = jp."comparisonId" LEFT JOIN "EvalSession" s ON s.id = jp."evalSessionId"
      WHERE jc."finishedAt" >= ${since} AND jc.status::text IN ('done', 'failed')
    )
    SELECT date_trunc('day', at AT TIME ZONE 'UTC') AS day, "userId", "teamId", provider,
      COALESCE(SUM(cost), 0)::float8 AS spend, count(*)::int AS calls, count(*) FILTER (WHERE failed)::int AS errors
    FROM calls GROUP BY 1, 2, 3, 4 ORDER BY 1 DESC`;
  const [users, teams] = await Promise.all([
    db.user.findMany({
      where: { id: { in: [...new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))] } },
      select: { id: true, name: true, email: true },
    }),
    db.team.findMany({
      where: { id: { in: [...new Set(rows.flatMap((r) => (r.teamId ? [r.teamId] : [])))] } },
      select: { id: true, name: true },
    }),
  ]);
  const userLabel = new Map(users.map((u) => [u.id, u.email ?? u.name ?? u.id]));
  const teamLabel = new Map(teams.map((t) => [t.id, t.name]));
  const group = (keyOf: (r: (typeof rows)[number]) => string | null, labelOf: (k: string) => string): UsageRow[] => {
    const out = new Map<string, UsageRow>();
    for (const r of rows) {
      const key = keyOf(r);
      if (key === null) continue;
      const day = new Date(r.day).toISOString().slice(0, 10);
      const id = `${day}|${key}`;
      const row = out.get(id) ?? { day, key, label: labelOf(key), spendUsd: 0, calls: 0, errors: 0 };
      row.spendUsd += Number(r.spend);
      row.calls += r.calls;
      row.errors += r.errors;
      out.set(id, row);
    }
    return [...out.values()].sort((a, b) => (a.day === b.day ? b.spendUsd - a.spendUsd : a.day < b.day ? 1 : -1));
  };
  return {
    days,
    byPerson: group(
      (r) => r.userId,
      (k) => (k === LOCAL_USER_ID ? "Local user" : (userLabel.get(k) ?? k)),
    ),
    byTeam: group(
      (r) => r.teamId,
      (k) => teamLabel.get(k) ?? k,
    ),
    byProvider: group(
      (r) => r.provider,
      (k) => k,
    ),
  };
}
