// Who may do what with an evaluation session: a team session by the viewer's role in the team
// (lib/teams/permissions.ts); a personal one (no team) only by its owner. Anyone else gets 404.
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { requireTeamPermission } from "@/lib/teams/access";
import type { Permission } from "@/lib/teams/permissions";

export type AuthorizedSession = { id: string; teamId: string | null; ownerId: string };

export async function authorizeSession(
  id: string,
  viewer: Pick<Viewer, "id">,
  permission: Extract<Permission, `evals:${string}`>,
  db: PrismaClient = getDb(),
): Promise<AuthorizedSession> {
  const notFound = new AppError("not_found", "This evaluation session does not exist.");
  if (typeof id !== "string" || !isId(id)) throw notFound;
  const row = await db.evalSession.findUnique({ where: { id }, select: { id: true, teamId: true, ownerId: true } });
  if (!row) throw notFound;
  if (row.teamId) {
    await requireTeamPermission(row.teamId, viewer, permission, db).catch((error: unknown) => {
      throw error instanceof AppError && error.code === "not_found" ? notFound : error;
    });
    return row;
  }
  if (row.ownerId !== viewer.id) throw notFound;
  return row;
}

/** Prisma filter: the sessions the viewer may read (their own personal ones and their teams'). */
export function readableSessions(viewerId: string, teamIds: string[]) {
  return { OR: [{ teamId: null, ownerId: viewerId }, ...(teamIds.length ? [{ teamId: { in: teamIds } }] : [])] };
}
