// What each team role may do: one typed list, mapped to roles. Pure (used by UI and server).
import type { TeamRole } from "@/lib/generated/prisma/enums";

export const PERMISSIONS = [
  "team:read",
  "team:invite",
  "team:manage_members",
  "team:rename",
  "team:delete",
  "team:transfer",
  "comparisons:read",
  "comparisons:write",
  "evals:read",
  "evals:create",
  "evals:run",
  "evals:rate",
  "evals:share",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ["owner", "admin", "member", "viewer"] as const satisfies readonly TeamRole[];

const READ: Permission[] = ["team:read", "comparisons:read", "evals:read"];
const WORK: Permission[] = [...READ, "comparisons:write", "evals:create", "evals:run", "evals:rate", "evals:share"];
const ADMIN: Permission[] = [...WORK, "team:invite", "team:manage_members", "team:rename"];

export const ROLE_PERMISSIONS: Record<TeamRole, readonly Permission[]> = {
  owner: [...ADMIN, "team:delete", "team:transfer"],
  admin: ADMIN,
  member: WORK,
  viewer: READ,
};

export function can(role: TeamRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** What the owner of a personal comparison or session (no team) may do with it: everything but team administration. */
export const PERSONAL_PERMISSIONS: readonly Permission[] = PERMISSIONS.filter((p) => !p.startsWith("team:"));

/**
 * What the viewer may do with one thing (a team, a comparison, a session), as returned by the
 * lib function that checked it, so pages show or hide controls without asking again.
 * `role`: their role in its team, null for their own personal thing.
 */
export type Access = { role: TeamRole | null; can: Permission[] };

export function accessOf(role: TeamRole | null): Access {
  return { role, can: role ? PERMISSIONS.filter((p) => can(role, p)) : [...PERSONAL_PERMISSIONS] };
}

export const ROLE_LABELS: Record<TeamRole, string> = { owner: "Owner", admin: "Admin", member: "Member", viewer: "Viewer" };

/** The roles that have `permission` (for database filters such as "teams where I may read comparisons"). */
export function rolesWith(permission: Permission): TeamRole[] {
  return ROLES.filter((role) => can(role, permission));
}
