import "server-only";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import { assertComparison, type ComparisonAccess } from "@/lib/compare/access";
import { getComparisonById } from "@/lib/compare/queries";
import { getDb } from "@/lib/db";
import type { Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { shareIdSchema, shareTokenSchema } from "./schema";
import { buildSnapshot, parseSnapshot, type ShareSnapshot } from "./snapshot";
import { log } from "@/lib/observability/log";

// Share links: a token of 256 random bits is handed out once; only its SHA-256 is stored and
// looked up. Every function takes the `ComparisonAccess` of a check (`authorizeComparisonOrThrow`):
// listing needs comparisons:read, the rest comparisons:write; shares are scoped to that comparison.

export type ShareStatus = "active" | "expired" | "revoked";

/** A link as its owner sees it in the list: never the token. */
export type ShareSummary = {
  id: string;
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  status: ShareStatus;
};

type Deps = { db?: PrismaClient; env?: Env; now?: Date };

type ShareRow = { id: string; createdAt: Date; updatedAt: Date; expiresAt: Date | null; revokedAt: Date | null };

const summarySelect = { id: true, createdAt: true, updatedAt: true, expiresAt: true, revokedAt: true } as const;

export function shareStatus(row: Pick<ShareRow, "expiresAt" | "revokedAt">, now = new Date()): ShareStatus {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

function toSummary(row: ShareRow, now: Date): ShareSummary {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    status: shareStatus(row, now),
  };
}

/** The path a token is shown at. */
export function sharePath(token: string): string {
  return `/s/${token}`;
}

async function snapshotOf(access: ComparisonAccess, now: Date, deps: Deps): Promise<ShareSnapshot> {
  const view = await getComparisonById(access, deps);
  if (!view) throw new AppError("not_found", "This comparison does not exist.");
  if (!view.revealed) throw new AppError("conflict", "Vote first: a blind comparison can be shared once its models are revealed.");
  return buildSnapshot(view, now);
}

/** Makes a link to the comparison as it is now. The token is returned here and never again. */
export async function createShare(
  access: ComparisonAccess,
  { expiresAt }: { expiresAt: Date | null },
  deps: Deps = {},
): Promise<{ share: ShareSummary; token: string }> {
  const { id: comparisonId } = assertComparison(access, "write");
  const createdById = access.viewer.id;
  const db = deps.db ?? getDb();
  const now = deps.now ?? new Date();
  const snapshot = await snapshotOf(access, now, deps);
  const token = newSecret();
  const row = await db.share.create({
    data: {
      id: newId(),
      comparisonId,
      createdById,
      tokenHash: hashSecret(token),
      snapshot,
      expiresAt,
      createdAt: now,
      updatedAt: now,
    },
    select: summarySelect,
  });
  return { share: toSummary(row, now), token };
}

/** Every link of a comparison, newest first, with its status. */
export async function listShares(access: ComparisonAccess, deps: Deps = {}): Promise<ShareSummary[]> {
  const { id: comparisonId } = assertComparison(access, "read");
  const db = deps.db ?? getDb();
  const now = deps.now ?? new Date();
  const rows = await db.share.findMany({
    where: { comparisonId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: summarySelect,
  });
  return rows.map((r) => toSummary(r, now));
}

const unknownShare = () => new AppError("not_found", "This share link does not exist.");

async function findOwnShare(db: PrismaClient, comparisonId: string, shareId: string): Promise<ShareRow> {
  if (!shareIdSchema.safeParse(shareId).success) throw unknownShare();
  const row = await db.share.findFirst({ where: { id: shareId, comparisonId }, select: summarySelect });
  if (!row) throw unknownShare();
  return row;
}

/** Revokes a link (at once, for good). Revoking a revoked link changes nothing. */
export async function revokeShare(access: ComparisonAccess, shareId: string, deps: Deps = {}): Promise<ShareSummary> {
  const { id: comparisonId } = assertComparison(access, "write");
  const db = deps.db ?? getDb();
  const now = deps.now ?? new Date();
  const row = await findOwnShare(db, comparisonId, shareId);
  if (row.revokedAt) return toSummary(row, now);
  const updated = await db.share.update({ where: { id: row.id }, data: { revokedAt: now }, select: summarySelect });
  return toSummary(updated, now);
}

/** Points a link at the comparison's current state (later turns included); same token, same expiry. */
export async function refreshShare(access: ComparisonAccess, shareId: string, deps: Deps = {}): Promise<ShareSummary> {
  const { id: comparisonId } = assertComparison(access, "write");
  const db = deps.db ?? getDb();
  const now = deps.now ?? new Date();
  const row = await findOwnShare(db, comparisonId, shareId);
  const status = shareStatus(row, now);
  if (status !== "active")
    throw new AppError("conflict", `This link ${status === "revoked" ? "was revoked" : "has expired"}: create a new link instead.`);
  const snapshot = await snapshotOf(access, now, deps);
  const updated = await db.share.update({ where: { id: row.id }, data: { snapshot }, select: summarySelect });
  return toSummary(updated, now);
}

/** `comparisonId` is for the server's own lookups (a shared image): never send it to the visitor. */
export type ActiveShare = { snapshot: ShareSnapshot; expiresAt: string | null; comparisonId: string };

/**
 * The snapshot behind a token, or null. Unknown, revoked, expired and malformed tokens all give
 * the same null, so a page or route cannot tell a visitor which. The token is hashed and the
 * hash looked up (a unique index), so the raw token is never compared or stored.
 */
export async function findActiveShareByToken({ token }: { token: string }, deps: Deps = {}): Promise<ActiveShare | null> {
  if (!shareTokenSchema.safeParse(token).success) return null;
  const db = deps.db ?? getDb();
  const now = deps.now ?? new Date();
  const row = await db.share.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: { snapshot: true, expiresAt: true, revokedAt: true, comparisonId: true, comparison: { select: { deletedAt: true } } },
  });
  // a comparison deleted from the history (waiting for Undo) shares nothing until it is restored
  if (!row || row.comparison.deletedAt || shareStatus(row, now) !== "active") return null;
  const snapshot = parseSnapshot(row.snapshot);
  if (!snapshot) {
    log.error("a share's stored snapshot does not match the snapshot schema");
    return null;
  }
  return { snapshot, expiresAt: row.expiresAt?.toISOString() ?? null, comparisonId: row.comparisonId };
}
