// Read-only links to a scorecard, as for evaluation results (lib/evals/shares.ts): a token of 256
// random bits is handed out once, only its SHA-256 is stored; the page behind a link
// (/scorecards/shared/<token>) shows the scorecard as it is when opened, without who owns it.
// Callers have checked evals:share on the ScorecardAccess they pass.
import "server-only";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { shareIdSchema, shareTokenSchema } from "@/lib/shares/schema";
import { shareStatus, type ShareStatus } from "@/lib/shares/service";
import { assertScorecard, type ScorecardAccess } from "./access";
import type { ScorecardView } from "./types";
import { viewOf } from "./view";

export type ScorecardShareSummary = {
  id: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  status: ShareStatus;
};

type Deps = { db?: PrismaClient; now?: Date };
type Row = { id: string; createdAt: Date; expiresAt: Date | null; revokedAt: Date | null };
const select = { id: true, createdAt: true, expiresAt: true, revokedAt: true } as const;

function summary(row: Row, now: Date): ScorecardShareSummary {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    status: shareStatus(row, now),
  };
}

/** The path a scorecard link is shown at (the page is app/scorecards/shared/[token]). */
export const scorecardSharePath = (token: string) => `/scorecards/shared/${token}`;

export async function createScorecardShare(
  access: ScorecardAccess,
  { expiresAt }: { expiresAt: Date | null },
  deps: Deps = {},
): Promise<{ share: ScorecardShareSummary; token: string }> {
  const { id: scorecardId } = assertScorecard(access, "evals:share");
  const db = deps.db ?? getDb();
  const now = deps.now ?? new Date();
  const token = newSecret();
  const row = await db.scorecardShare.create({
    data: { id: newId(), scorecardId, createdById: access.viewer.id, tokenHash: hashSecret(token), expiresAt, createdAt: now },
    select,
  });
  return { share: summary(row, now), token };
}

export async function listScorecardShares(access: ScorecardAccess, deps: Deps = {}): Promise<ScorecardShareSummary[]> {
  const { id: scorecardId } = assertScorecard(access, "evals:share");
  const db = deps.db ?? getDb();
  const now = deps.now ?? new Date();
  const rows = await db.scorecardShare.findMany({ where: { scorecardId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select });
  return rows.map((r) => summary(r, now));
}

export async function revokeScorecardShare(access: ScorecardAccess, shareId: string, deps: Deps = {}): Promise<ScorecardShareSummary> {
  const { id: scorecardId } = assertScorecard(access, "evals:share");
  const db = deps.db ?? getDb();
  const now = deps.now ?? new Date();
  const notFound = new AppError("not_found", "This share link does not exist.");
  if (!shareIdSchema.safeParse(shareId).success) throw notFound;
  const row = await db.scorecardShare.findFirst({ where: { id: shareId, scorecardId }, select });
  if (!row) throw notFound;
  if (row.revokedAt) return summary(row, now);
  return summary(await db.scorecardShare.update({ where: { id: row.id }, data: { revokedAt: now }, select }), now);
}

/** The scorecard behind a token, or null (unknown, revoked, expired and malformed alike). */
export async function findScorecardShareByToken(token: string, deps: Deps = {}): Promise<{ scorecardId: string } | null> {
  if (typeof token !== "string" || !shareTokenSchema.safeParse(token).success) return null;
  const db = deps.db ?? getDb();
  const now = deps.now ?? new Date();
  const row = await db.scorecardShare.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: { scorecardId: true, expiresAt: true, revokedAt: true },
  });
  if (!row || shareStatus(row, now) !== "active") return null;
  return { scorecardId: row.scorecardId };
}

/** What /scorecards/shared/<token> shows: the view without the team id, or null (the page's 404). */
export async function sharedScorecard(token: string, deps: Deps = {}): Promise<ScorecardView | null> {
  const share = await findScorecardShareByToken(token, deps);
  if (!share) return null;
  const view = await viewOf(deps.db ?? getDb(), share.scorecardId);
  return { ...view, teamId: null };
}
