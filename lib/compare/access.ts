// Who may read or change a comparison. A personal comparison (no team): only its owner. A team's
// comparison: its members by role (lib/teams/permissions.ts): `read` needs comparisons:read,
// `write` (follow-up, stop, retry, vote, rename, delete, share) needs comparisons:write. Anyone
// else gets 404, exactly as for a comparison that does not exist; a member whose role lacks the
// permission gets 403.
import type { Viewer } from "@/lib/auth/viewer";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { TeamRole } from "@/lib/generated/prisma/enums";
import { roleIn } from "@/lib/teams/access";
import { can, ROLE_LABELS, rolesWith } from "@/lib/teams/permissions";
import type { CreateComparisonInput } from "./schema";
import { runs } from "./hub";
import { comparisonIdSchema } from "./schema";

export type ComparisonNeed = "read" | "write";

/** The viewer's personal comparisons, as a Prisma filter (team comparisons are not personal). */
export function ownedBy(viewer: Pick<Viewer, "id" | "local">): Prisma.ComparisonWhereInput {
  return viewer.local ? { teamId: null, OR: [{ ownerId: LOCAL_USER_ID }, { ownerId: null }] } : { teamId: null, ownerId: viewer.id };
}

/** Every comparison the viewer may read: their personal ones and those of teams where their role has comparisons:read. */
export function readableBy(viewer: Pick<Viewer, "id" | "local">): Prisma.ComparisonWhereInput {
  return { OR: [ownedBy(viewer), { team: { members: { some: { userId: viewer.id, role: { in: rolesWith("comparisons:read") } } } } }] };
}

/** Whether a personal comparison with this owner is the viewer's. */
export function canSee(viewer: Pick<Viewer, "id" | "local">, ownerId: string | null): boolean {
  return ownerId === viewer.id || (viewer.local && (ownerId === null || ownerId === LOCAL_USER_ID));
}

export type AuthorizedComparison = {
  id: string;
  ownerId: string | null;
  teamId: string | null;
  /** the viewer's role in the comparison's team (null for a personal comparison) */
  role: TeamRole | null;
  /** whether the viewer may also change it (for pages that hide controls) */
  canWrite: boolean;
};

/**
 * The comparison if the viewer may `need` it; otherwise 404 (not 403), so that whether someone
 * else's comparison exists does not leak, or 403 for a team member whose role lacks the
 * permission. Malformed ids are 404 too. A run started a moment ago whose row is not stored yet is
 * its starter's.
 */
export async function authorizeComparisonOrThrow(
  id: string,
  viewer: Pick<Viewer, "id" | "local">,
  need: ComparisonNeed,
  db: PrismaClient = getDb(),
): Promise<AuthorizedComparison> {
  const notFound = new AppError("not_found", "This comparison does not exist.");
  if (typeof id !== "string" || !comparisonIdSchema.safeParse(id).success) throw notFound;
  const row = await db.comparison.findUnique({ where: { id }, select: { id: true, ownerId: true, teamId: true } });
  if (!row) {
    const live = runs.get(id);
    if (live && live.ownerId !== null && canSee(viewer, live.ownerId)) return { id, ownerId: live.ownerId, teamId: null, role: null, canWrite: true };
    throw notFound;
  }
  if (row.teamId) {
    const role = await roleIn(row.teamId, viewer, db);
    if (!role || !can(role, "comparisons:read")) throw notFound;
    const canWrite = can(role, "comparisons:write");
    if (need === "write" && !canWrite) throw new AppError("forbidden", `As ${ROLE_LABELS[role].toLowerCase()} of this team you can read its comparisons but not change them.`);
    return { ...row, role, canWrite };
  }
  if (!canSee(viewer, row.ownerId)) throw notFound;
  return { ...row, role: null, canWrite: true };
}

/**
 * Who a new comparison belongs to: the viewer, and the team named by `teamId` when the viewer's
 * role there has comparisons:write (404 outside the team, 403 without the permission).
 */
export async function comparisonOwnerOrThrow(
  input: Pick<CreateComparisonInput, "teamId">,
  viewer: Pick<Viewer, "id">,
  db: PrismaClient = getDb(),
): Promise<{ ownerId: string; teamId: string | null }> {
  if (!input.teamId) return { ownerId: viewer.id, teamId: null };
  const role = await roleIn(input.teamId, viewer, db);
  if (!role) throw new AppError("not_found", "This team does not exist.", "teamId");
  if (!can(role, "comparisons:write")) throw new AppError("forbidden", `As ${ROLE_LABELS[role].toLowerCase()} of this team you cannot make comparisons for it.`, "teamId");
  return { ownerId: viewer.id, teamId: input.teamId };
}
