import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { accessOf, can, type Access, type Permission } from "@/lib/teams/permissions";

/** The viewer's teams in which they have `permission`, by name (for pickers). */
export async function teamsWhere(viewer: Pick<Viewer, "id">, permission: Permission): Promise<{ id: string; name: string }[]> {
  const rows = await getDb().teamMember.findMany({
    where: { userId: viewer.id },
    select: { role: true, team: { select: { id: true, name: true } } },
    orderBy: { team: { name: "asc" } },
  });
  return rows.filter((r) => can(r.role, permission)).map((r) => r.team);
}

/** The viewer's teams by name, each with their `{ role, can }` there (one query, for pages that need several permissions). */
export async function myTeams(viewer: Pick<Viewer, "id">): Promise<({ id: string; name: string } & Access)[]> {
  const rows = await getDb().teamMember.findMany({
    where: { userId: viewer.id },
    select: { role: true, team: { select: { id: true, name: true } } },
    orderBy: { team: { name: "asc" } },
  });
  return rows.map((r) => ({ ...r.team, ...accessOf(r.role) }));
}
