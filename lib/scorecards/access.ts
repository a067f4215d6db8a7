// Who may do what with a scorecard or a custom probe suite: as evaluation sessions (lib/evals/access.ts)
// and with the same permissions (evals:read to see, evals:create to change, evals:run to run,
// evals:share for links): a team one by the viewer's role in the team, a personal one only by its
// owner. Anyone else gets 404, exactly as for one that does not exist.
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { forbidden } from "@/lib/teams/access";
import { accessOf, type Access, type Permission } from "@/lib/teams/permissions";

export type ScorecardPermission = Extract<Permission, `evals:${string}`>;

/** A scorecard the viewer passed a check for, with what they may do with it. */
export type ScorecardAccess = Access & { id: string; teamId: string | null; ownerId: string; viewer: Pick<Viewer, "id"> };

const notFound = () => new AppError("not_found", "This scorecard does not exist.");
const suiteNotFound = () => new AppError("not_found", "This probe suite does not exist.", "suite");

type Row = { id: string; teamId: string | null; ownerId: string; team: { members: { role: Access["role"] }[] } | null };

function decide(row: Row | null, viewer: Pick<Viewer, "id">, permission: ScorecardPermission, missing: () => AppError): ScorecardAccess {
  if (!row) throw missing();
  const { team, ...thing } = row;
  if (thing.teamId) {
    const role = team?.members[0]?.role;
    if (!role) throw missing();
    const access = { ...thing, viewer, ...accessOf(role) };
    if (!access.can.includes(permission)) throw forbidden(role, permission);
    return access;
  }
  if (thing.ownerId !== viewer.id) throw missing();
  return { ...thing, viewer, ...accessOf(null) };
}

const select = (viewerId: string) => ({
  id: true,
  teamId: true,
  ownerId: true,
  team: { select: { members: { where: { userId: viewerId }, select: { role: true } } } },
});

/** The scorecard if the viewer has `permission` on it: 404 outside, 403 for a role without it. One query. */
export async function authorizeScorecard(
  id: string,
  viewer: Pick<Viewer, "id">,
  permission: ScorecardPermission,
  db: PrismaClient = getDb(),
): Promise<ScorecardAccess> {
  if (typeof id !== "string" || !isId(id)) throw notFound();
  const row = await db.scorecard.findUnique({ where: { id }, select: select(viewer.id) });
  return decide(row, viewer, permission, notFound);
}

/** 403 unless the checked scorecard allows `permission` (no query). */
export function assertScorecard(access: ScorecardAccess, permission: ScorecardPermission): ScorecardAccess {
  if (!access.can.includes(permission)) throw access.role ? forbidden(access.role, permission) : notFound();
  return access;
}

/** A custom probe suite the viewer may use (evals:read on it): 404 otherwise, field "suite". */
export async function authorizeSuite(
  id: string,
  viewer: Pick<Viewer, "id">,
  permission: ScorecardPermission = "evals:read",
  db: PrismaClient = getDb(),
): Promise<ScorecardAccess> {
  if (typeof id !== "string" || !isId(id)) throw suiteNotFound();
  const row = await db.probeSuite.findUnique({ where: { id }, select: select(viewer.id) });
  return decide(row, viewer, permission, suiteNotFound);
}

/** Prisma filter: the scorecards (or suites) the viewer may read. */
export function readableBy(viewerId: string, teamIds: string[]) {
  return { OR: [{ teamId: null, ownerId: viewerId }, ...(teamIds.length ? [{ teamId: { in: teamIds } }] : [])] };
}

/** The user ids who can read a scorecard (the owner of a personal one; every member of its team). */
export async function readersOf(scorecard: { teamId: string | null; ownerId: string }, db: PrismaClient = getDb()): Promise<string[]> {
  if (!scorecard.teamId) return [scorecard.ownerId];
  const members = await db.teamMember.findMany({ where: { teamId: scorecard.teamId }, select: { userId: true, role: true } });
  return members.filter((m) => accessOf(m.role).can.includes("evals:read")).map((m) => m.userId);
}
