// Read-only links to a session's results, as for comparisons (lib/shares/service.ts): a token of
// 256 random bits is handed out once, only its SHA-256 is stored. The page behind a link shows
// the results as they are when it is opened (they change as raters work). Callers have checked
// evals:share (create, list, revoke) on the `SessionAccess` they take; every function scopes shares to the session.
import "server-only";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { shareStatus, type ShareStatus } from "@/lib/shares/service";
import { shareIdSchema, shareTokenSchema } from "@/lib/shares/schema";
import { assertCan, type SessionAccess } from "./access";
import { computeResults, publicResults, type EvalResults, type ResultsQuery } from "./results";

export type EvalShareSummary = { id: string; createdAt: string; expiresAt: string | null; revokedAt: string | null; status: ShareStatus };

type Deps = { db?: PrismaClient; now?: Date };
type Row = { id: string; createdAt: Date; expiresAt: Date | null; revokedAt: Date | null };
const select = { id: true, createdAt: true, expiresAt: true, revokedAt: true } as const;

function summary(row: Row, now: Date): EvalShareSummary {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    status: shareStatus(row, now),
  };
}

/** The path a results link is shown at. */
export const evalSharePath = (token: string) => `/r/${token}`;

/** Makes a link; the token is returned here and never again. */
export async function createEvalShare(
  session: SessionAccess,
  { expiresAt }: { expiresAt: Date | null },
  deps: Deps = {},
): Promise<{ share: EvalShareSummary; token: string }> {
  const { id: sessionId } = assertCan(session, "evals:share");
  const createdById = session.viewer.id;
  const db = deps.db ?? getDb();
  const now = deps.now ?? new Date();
  const token = newSecret();
  const row = await db.evalShare.create({
    data: { id: newId(), sessionId, createdById, tokenHash: hashSecret(token), expiresAt, createdAt: now },
    select,
  });
  return { share: summary(row, now), token };
}

/** Every link of the session, newest first, with its status (never a token). */
export async function listEvalShares(session: SessionAccess, deps: Deps = {}): Promise<EvalShareSummary[]> {
  const { id: sessionId } = assertCan(session, "evals:share");
  const db = deps.db ?? getDb();
  const now = deps.now ?? new Date();
  const rows = await db.evalShare.findMany({ where: { sessionId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select });
  return rows.map((r) => summary(r, now));
}

/** Revokes a link at once and for good; revoking it again changes nothing. Another session's link is 404. */
export async function revokeEvalShare(session: SessionAccess, shareId: string, deps: Deps = {}): Promise<EvalShareSummary> {
  const { id: sessionId } = assertCan(session, "evals:share");
  const db = deps.db ?? getDb();
  const now = deps.now ?? new Date();
  const notFound = new AppError("not_found", "This share link does not exist.");
  if (!shareIdSchema.safeParse(shareId).success) throw notFound;
  const row = await db.evalShare.findFirst({ where: { id: shareId, sessionId }, select });
  if (!row) throw notFound;
  if (row.revokedAt) return summary(row, now);
  return summary(await db.evalShare.update({ where: { id: row.id }, data: { revokedAt: now }, select }), now);
}

/**
 * The session behind a token, or null: unknown, revoked, expired and malformed tokens all give
 * the same null, so a page cannot tell a visitor which.
 */
export async function findEvalShareByToken(token: string, deps: Deps = {}): Promise<{ sessionId: string } | null> {
  if (typeof token !== "string" || !shareTokenSchema.safeParse(token).success) return null;
  const db = deps.db ?? getDb();
  const now = deps.now ?? new Date();
  const row = await db.evalShare.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: { sessionId: true, expiresAt: true, revokedAt: true },
  });
  if (!row || shareStatus(row, now) !== "active") return null;
  return { sessionId: row.sessionId };
}

/** What /r/<token> shows: the results without emails or user ids, or null (the page's 404). */
export async function sharedResults(
  token: string,
  query: ResultsQuery = { seed: 1, rounds: 1000 },
  deps: Deps = {},
): Promise<EvalResults | null> {
  const share = await findEvalShareByToken(token, deps);
  if (!share) return null;
  return publicResults(await computeResults({ sharedSessionId: share.sessionId }, query, deps));
}
