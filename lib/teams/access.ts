import "server-only";
// Team membership checks. Not a member: 404 (existence does not leak). A member whose role lacks
// the permission: 403 with a sentence naming what the role cannot do.
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { TeamRole } from "@/lib/generated/prisma/enums";
import { accessOf, can, ROLE_LABELS, type Access, type Permission } from "./permissions";

/** A client or a transaction: membership checks inside a transaction see its locks and writes. */
type MembersDb = Pick<PrismaClient, "teamMember">;

/** The viewer's role in the team, or null (not a member, or no such team). */
export async function roleIn(teamId: string, viewer: Pick<Viewer, "id">, db: MembersDb = getDb()): Promise<TeamRole | null> {
  if (!isId(teamId)) return null;
  const m = await db.teamMember.findUnique({ where: { teamId_userId: { teamId, userId: viewer.id } }, select: { role: true } });
  return m?.role ?? null;
}

const permissionText: Record<Permission, string> = {
  "team:read": "see this team",
  "team:invite": "invite people",
  "team:manage_members": "change members",
  "team:rename": "rename the team",
  "team:delete": "delete the team",
  "team:transfer": "transfer ownership",
  "comparisons:read": "see the team's comparisons",
  "comparisons:write": "make comparisons for the team",
  "evals:read": "see evaluation sessions",
  "evals:create": "create evaluation sessions",
  "evals:run": "run evaluation sessions",
  "evals:rate": "rate answers",
  "evals:share": "share results",
};

/** The 403 for a member whose role lacks `permission`. */
export function forbidden(role: TeamRole, permission: Permission, field?: string): AppError {
  return new AppError("forbidden", `As ${ROLE_LABELS[role].toLowerCase()} of this team you cannot ${permissionText[permission]}.`, field);
}

/** Checks `permission` in the team; returns the viewer's role. */
export async function requireTeamPermission(
  teamId: string,
  viewer: Pick<Viewer, "id">,
  permission: Permission,
  db: MembersDb = getDb(),
): Promise<TeamRole> {
  const role = await roleIn(teamId, viewer, db);
  if (!role) throw new AppError("not_found", "This team does not exist.");
  if (!can(role, permission)) throw forbidden(role, permission);
  return role;
}

/**
 * Proof that the viewer passed a team check: what the check found (`role`, `can`) and for whom.
 * Route handlers that must answer 404/403 before reading a body get one from
 * `authorizeTeamOrThrow` and hand it to the service function, which then does not ask again.
 */
export type TeamAccess = Access & { teamId: string; viewer: Pick<Viewer, "id">; role: TeamRole };

/** Checks `permission` in the team (404 outside it, 403 for a role without it); one query. */
export async function authorizeTeamOrThrow(
  teamId: string,
  viewer: Pick<Viewer, "id">,
  permission: Permission,
  db: MembersDb = getDb(),
): Promise<TeamAccess> {
  const role = await requireTeamPermission(teamId, viewer, permission, db);
  return { teamId, viewer, ...accessOf(role), role };
}

export function isTeamAccess(who: Pick<Viewer, "id"> | TeamAccess): who is TeamAccess {
  return "teamId" in who && "can" in who;
}

/**
 * The viewer's role for `permission` in the team: taken from `who` when it is a check already
 * made for this team (no query), else checked now.
 */
export async function teamRoleFor(
  teamId: string,
  who: Pick<Viewer, "id"> | TeamAccess,
  permission: Permission,
  db: MembersDb = getDb(),
): Promise<TeamRole> {
  if (!isTeamAccess(who)) return requireTeamPermission(teamId, who, permission, db);
  if (who.teamId !== teamId) throw new AppError("not_found", "This team does not exist.");
  if (!who.can.includes(permission)) throw forbidden(who.role, permission);
  return who.role;
}

/** Ids of the teams where the viewer has `permission` (for list queries). */
export async function teamIdsWith(viewer: Pick<Viewer, "id">, permission: Permission, db: MembersDb = getDb()): Promise<string[]> {
  const rows = await db.teamMember.findMany({ where: { userId: viewer.id }, select: { teamId: true, role: true } });
  return rows.filter((r) => can(r.role, permission)).map((r) => r.teamId);
}
