// Who may do what with an evaluation session: a team session by the viewer's role in the team
// (lib/teams/permissions.ts); a personal one (no team) only by its owner. Anyone else gets 404.
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { forbidden } from "@/lib/teams/access";
import { accessOf, type Access, type Permission } from "@/lib/teams/permissions";

export type EvalPermission = Extract<Permission, `evals:${string}`>;

/**
 * A session the viewer passed a check for, with what they may do with it (`role`: in its team,
 * null for their own personal session; `can`: every permission they have on it). Lib functions
 * that take one check `can` in memory and do not query membership again.
 */
export type SessionAccess = Access & { id: string; teamId: string | null; ownerId: string; viewer: Pick<Viewer, "id"> };
/** @deprecated the old name of SessionAccess */
export type AuthorizedSession = SessionAccess;

const notFound = () => new AppError("not_found", "This evaluation session does not exist.");

/**
 * The session if the viewer has `permission` on it: 404 for anyone outside its team (or not its
 * owner, for a personal one), exactly as for a session that does not exist; 403 for a member
 * whose role lacks the permission. One query: the session with the viewer's membership.
 */
export async function authorizeSession(
  id: string,
  viewer: Pick<Viewer, "id">,
  permission: EvalPermission,
  db: PrismaClient = getDb(),
): Promise<SessionAccess> {
  if (typeof id !== "string" || !isId(id)) throw notFound();
  const row = await db.evalSession.findUnique({
    where: { id },
    select: {
      id: true,
      teamId: true,
      ownerId: true,
      team: { select: { members: { where: { userId: viewer.id }, select: { role: true } } } },
    },
  });
  if (!row) throw notFound();
  const { team, ...session } = row;
  if (session.teamId) {
    const role = team?.members[0]?.role;
    if (!role) throw notFound();
    return assertCan({ ...session, viewer, ...accessOf(role) }, permission);
  }
  if (session.ownerId !== viewer.id) throw notFound();
  return { ...session, viewer, ...accessOf(null) };
}

/** 403 unless the checked session allows `permission` (no query). */
export function assertCan(session: SessionAccess, permission: EvalPermission): SessionAccess {
  if (!session.can.includes(permission)) throw session.role ? forbidden(session.role, permission) : notFound();
  return session;
}

/** A session check already made (no query), or the viewer to check now. */
export type SessionActor = Pick<Viewer, "id"> | SessionAccess;

/** The session for `permission`: from a check already made for this id, else checked now. */
export async function sessionFor(
  id: string,
  who: SessionActor,
  permission: EvalPermission,
  db: PrismaClient = getDb(),
): Promise<SessionAccess> {
  if ("can" in who && "ownerId" in who) {
    if (who.id !== id) throw notFound();
    return assertCan(who, permission);
  }
  return authorizeSession(id, who, permission, db);
}

/** Prisma filter: the sessions the viewer may read (their own personal ones and their teams'). */
export function readableSessions(viewerId: string, teamIds: string[]) {
  return { OR: [{ teamId: null, ownerId: viewerId }, ...(teamIds.length ? [{ teamId: { in: teamIds } }] : [])] };
}
