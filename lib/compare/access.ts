// Who may read or change a comparison. A personal comparison (no team): only its owner. A team's
// comparison: its members by role (lib/teams/permissions.ts): `read` needs comparisons:read,
// `write` (follow-up, stop, retry, vote, rename, delete, share) needs comparisons:write. Anyone
// else gets 404, exactly as for a comparison that does not exist; a member whose role lacks the
// permission gets 403.
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { TeamRole } from "@/lib/generated/prisma/enums";
import { roleIn } from "@/lib/teams/access";
import { accessOf, can, ROLE_LABELS, rolesWith, type Access } from "@/lib/teams/permissions";
import type { CreateComparisonInput } from "./schema";
import { notDeleted } from "./deleted";
import { runs } from "./hub";
import { liveOwner } from "@/lib/live/runs";
import { comparisonIdSchema } from "./schema";

export type ComparisonNeed = "read" | "write";

/** The viewer's personal comparisons, as a Prisma filter (team comparisons are not personal; deleted ones are left out). */
export function ownedBy(viewer: Pick<Viewer, "id" | "local">): Prisma.ComparisonWhereInput {
  return viewer.local
    ? { ...notDeleted, teamId: null, OR: [{ ownerId: LOCAL_USER_ID }, { ownerId: null }] }
    : { ...notDeleted, teamId: null, ownerId: viewer.id };
}

/**
 * Every comparison the viewer may read: their personal ones and those of teams where their role
 * has comparisons:read; deleted ones (waiting for Undo, ./trash.ts) are left out.
 */
export function readableBy(viewer: Pick<Viewer, "id" | "local">): Prisma.ComparisonWhereInput {
  return {
    ...notDeleted,
    OR: [ownedBy(viewer), { team: { members: { some: { userId: viewer.id, role: { in: rolesWith("comparisons:read") } } } } }],
  };
}

/** Whether a personal comparison with this owner is the viewer's. */
export function canSee(viewer: Pick<Viewer, "id" | "local">, ownerId: string | null): boolean {
  return ownerId === viewer.id || (viewer.local && (ownerId === null || ownerId === LOCAL_USER_ID));
}

/**
 * A comparison the viewer passed a check for, and what they may do with it: `role` in its team
 * (null for their own personal comparison), `can` (comparisons:read, comparisons:write, ...) and
 * `canWrite` (whether `can` has comparisons:write, for pages that hide controls). The lib
 * functions that read or change one comparison take this and check `can` in memory, so a request
 * makes one membership query however many of them it calls.
 */
export type ComparisonAccess = Access & {
  id: string;
  ownerId: string | null;
  teamId: string | null;
  /** its team's id and name, for pages (null for a personal comparison) */
  team: { id: string; name: string } | null;
  viewer: Pick<Viewer, "id" | "local">;
  canWrite: boolean;
};
/** The older name of ComparisonAccess. */
export type AuthorizedComparison = ComparisonAccess;

const notFound = () => new AppError("not_found", "This comparison does not exist.");

type Row = { id: string; ownerId: string | null; teamId: string | null; team: { id: string; name: string } | null };

function accessFor(row: Row, viewer: Pick<Viewer, "id" | "local">, role: TeamRole | null): ComparisonAccess {
  const access = accessOf(role);
  return { ...row, viewer, ...access, canWrite: access.can.includes("comparisons:write") };
}

/**
 * The comparison if the viewer may `need` it; otherwise 404 (not 403), so that whether someone
 * else's comparison exists does not leak, or 403 for a team member whose role lacks the
 * permission. Malformed ids are 404 too. A run started a moment ago whose row is not stored yet is
 * its starter's. One query: the comparison with the viewer's membership of its team. A deleted
 * comparison (waiting for Undo) is 404 too, unless `includeDeleted` (for Undo itself).
 */
export async function authorizeComparisonOrThrow(
  id: string,
  viewer: Pick<Viewer, "id" | "local">,
  need: ComparisonNeed,
  db: PrismaClient = getDb(),
  { includeDeleted = false }: { includeDeleted?: boolean } = {},
): Promise<ComparisonAccess> {
  if (typeof id !== "string" || !comparisonIdSchema.safeParse(id).success) throw notFound();
  const found = await db.comparison.findUnique({
    where: { id },
    select: {
      id: true,
      ownerId: true,
      teamId: true,
      deletedAt: true,
      team: { select: { id: true, name: true, members: { where: { userId: viewer.id }, select: { role: true } } } },
    },
  });
  if (found?.deletedAt && !includeDeleted) throw notFound();
  if (!found) {
    const live = runs.get(id);
    if (live && live.ownerId !== null && canSee(viewer, live.ownerId))
      return accessFor({ id, ownerId: live.ownerId, teamId: null, team: null }, viewer, null);
    // started a moment ago on another instance (REDIS_URL): its run names its owner
    const owner = live ? null : await liveOwner(id);
    if (owner !== null && canSee(viewer, owner)) return accessFor({ id, ownerId: owner, teamId: null, team: null }, viewer, null);
    throw notFound();
  }
  const members = found.team?.members ?? [];
  const row: Row = {
    id: found.id,
    ownerId: found.ownerId,
    teamId: found.teamId,
    team: found.team ? { id: found.team.id, name: found.team.name } : null,
  };
  if (row.teamId) {
    const role = members[0]?.role;
    if (!role || !can(role, "comparisons:read")) throw notFound();
    return assertComparison(accessFor(row, viewer, role), need);
  }
  if (!canSee(viewer, row.ownerId)) throw notFound();
  return accessFor(row, viewer, null);
}

/** 403 unless the checked comparison allows `need` (no query). */
export function assertComparison(access: ComparisonAccess, need: ComparisonNeed): ComparisonAccess {
  if (!access.can.includes("comparisons:read")) throw notFound();
  if (need === "write" && !access.canWrite)
    throw new AppError(
      "forbidden",
      `As ${ROLE_LABELS[access.role ?? "viewer"].toLowerCase()} of this team you can read its comparisons but not change them.`,
    );
  return access;
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
  if (!can(role, "comparisons:write"))
    throw new AppError("forbidden", `As ${ROLE_LABELS[role].toLowerCase()} of this team you cannot make comparisons for it.`, "teamId");
  return { ownerId: viewer.id, teamId: input.teamId };
}
