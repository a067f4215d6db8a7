// Team membership checks. Not a member: 404 (existence does not leak). A member whose role lacks
// the permission: 403 with a sentence naming what the role cannot do.
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { TeamRole } from "@/lib/generated/prisma/enums";
import { can, ROLE_LABELS, type Permission } from "./permissions";

/** The viewer's role in the team, or null (not a member, or no such team). */
/** A client or a transaction: membership checks inside a transaction see its locks and writes. */
type MembersDb = Pick<PrismaClient, "teamMember">;

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

/** Checks `permission` in the team; returns the viewer's role. */
export async function requireTeamPermission(
  teamId: string,
  viewer: Pick<Viewer, "id">,
  permission: Permission,
  db: MembersDb = getDb(),
): Promise<TeamRole> {
  const role = await roleIn(teamId, viewer, db);
  if (!role) throw new AppError("not_found", "This team does not exist.");
  if (!can(role, permission)) throw new AppError("forbidden", `As ${ROLE_LABELS[role].toLowerCase()} of this team you cannot ${permissionText[permission]}.`);
  return role;
}

/** Ids of the teams where the viewer has `permission` (for list queries). */
export async function teamIdsWith(viewer: Pick<Viewer, "id">, permission: Permission, db: MembersDb = getDb()): Promise<string[]> {
  const rows = await db.teamMember.findMany({ where: { userId: viewer.id }, select: { teamId: true, role: true } });
  return rows.filter((r) => can(r.role, permission)).map((r) => r.teamId);
}
