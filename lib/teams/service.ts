// Teams: create, rename, delete; members and their roles; invitations by link or by email;
// accept, leave, remove, transfer ownership. Every function checks the viewer's role itself
// (404 for someone outside the team, 403 for a role without the permission), so routes, actions
// and pages cannot forget it; a route handler that checked first (to answer 404/403 before reading
// a body) passes the `TeamAccess` it got instead of the viewer, and no second query runs.
// Membership changes lock the team's row (SELECT ... FOR UPDATE), so
// two of them on one team run one after the other and every rule holds under races.
import "server-only";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import type { Viewer } from "@/lib/auth/viewer";
import { notDeleted } from "@/lib/compare/deleted";
import { runs } from "@/lib/compare/hub";
import { getDb } from "@/lib/db";
import { getEnv, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isId, newId } from "@/lib/ids";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { TeamRole } from "@/lib/generated/prisma/enums";
import { requireTeamPermission, teamRoleFor, type TeamAccess } from "./access";
import { sendInviteMail, type MailStatus } from "./mail";
import { PERMISSIONS, ROLE_LABELS, ROLES, can, type Permission } from "./permissions";
import { inviteTokenSchema, MAX_PENDING_INVITES, type AssignableRole, type CreateInviteInput } from "./schema";

export type TeamDeps = { db?: PrismaClient; env?: Env; now?: () => Date };
type Tx = Prisma.TransactionClient;
type Who = Pick<Viewer, "id">;
/** The viewer, or a check of the viewer already made for this team. */
type Actor = Who | TeamAccess;

export const INVALID_INVITE = "This invitation is not valid: it was already used, revoked or has expired, or the link is incomplete.";

const dbOf = (deps: TeamDeps) => deps.db ?? getDb();
const nowOf = (deps: TeamDeps) => deps.now?.() ?? new Date();
const TX = { timeout: 15_000, maxWait: 15_000 };

export type TeamSummary = { id: string; name: string; role: TeamRole; members: number; createdAt: string };
/** `role` and `permissions` are the team's `{ role, can }` (the API has always called the list `permissions`). */
export type TeamView = TeamSummary & { permissions: Permission[] };
export type MemberView = { userId: string; name: string | null; email: string | null; role: TeamRole; joinedAt: string };
export type InviteStatus = "pending" | "used" | "revoked" | "expired";
export type InviteView = {
  id: string;
  role: TeamRole;
  email: string | null;
  status: InviteStatus;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  createdBy: { id: string; name: string | null } | null;
  usedBy: { id: string; name: string | null } | null;
};

/** Locks the team's row for the rest of the transaction; a team that is gone reads as not found. */
async function lockTeam(tx: Tx, teamId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Team" WHERE id = ${teamId} FOR UPDATE`;
  if (rows.length === 0) throw new AppError("not_found", "This team does not exist.");
}

function permissionsOf(role: TeamRole): Permission[] {
  return PERMISSIONS.filter((p) => can(role, p));
}

async function teamView(db: PrismaClient | Tx, teamId: string, role: TeamRole): Promise<TeamView> {
  const team = await db.team.findUnique({ where: { id: teamId }, include: { _count: { select: { members: true } } } });
  if (!team) throw new AppError("not_found", "This team does not exist.");
  return {
    id: team.id,
    name: team.name,
    role,
    members: team._count.members,
    createdAt: team.createdAt.toISOString(),
    permissions: permissionsOf(role),
  };
}

const roleOrder = (r: TeamRole) => ROLES.indexOf(r);

// ---------------------------------------------------------------------------------------------
// Teams

/** Creates a team; its creator is the owner. */
export async function createTeam({ name }: { name: string }, viewer: Who, deps: TeamDeps = {}): Promise<TeamView> {
  const db = dbOf(deps);
  const id = newId();
  await db.team.create({ data: { id, name, members: { create: [{ userId: viewer.id, role: "owner" }] } } });
  return teamView(db, id, "owner");
}

/** The viewer's teams, by name, with their role in each. */
export async function listTeams(viewer: Who, deps: TeamDeps = {}): Promise<TeamSummary[]> {
  const rows = await dbOf(deps).teamMember.findMany({
    where: { userId: viewer.id },
    select: { role: true, team: { select: { id: true, name: true, createdAt: true, _count: { select: { members: true } } } } },
    orderBy: [{ team: { name: "asc" } }, { teamId: "asc" }],
  });
  return rows.map((r) => ({
    id: r.team.id,
    name: r.team.name,
    role: r.role,
    members: r.team._count.members,
    createdAt: r.team.createdAt.toISOString(),
  }));
}

export async function getTeam(teamId: string, viewer: Actor, deps: TeamDeps = {}): Promise<TeamView> {
  const db = dbOf(deps);
  const role = await teamRoleFor(teamId, viewer, "team:read", db);
  return teamView(db, teamId, role);
}

export type TeamPage = {
  team: TeamView;
  members: MemberView[];
  /** empty unless the viewer may invite */
  invites: InviteView[];
  contents: { comparisons: number; sessions: number };
};

/** Everything the team page shows, after one membership check. */
export async function loadTeamPage(teamId: string, viewer: Who, deps: TeamDeps = {}): Promise<TeamPage> {
  const db = dbOf(deps);
  const role = await requireTeamPermission(teamId, viewer, "team:read", db);
  const [team, members, invites, comparisons, sessions] = await Promise.all([
    teamView(db, teamId, role),
    membersOf(db, teamId),
    can(role, "team:invite") ? invitesOf(db, teamId, nowOf(deps)) : [],
    db.comparison.count({ where: { teamId, ...notDeleted } }),
    db.evalSession.count({ where: { teamId } }),
  ]);
  return { team, members, invites, contents: { comparisons, sessions } };
}

export async function renameTeam(teamId: string, { name }: { name: string }, viewer: Actor, deps: TeamDeps = {}): Promise<TeamView> {
  const db = dbOf(deps);
  const role = await teamRoleFor(teamId, viewer, "team:rename", db);
  await db.team.update({ where: { id: teamId }, data: { name } });
  return teamView(db, teamId, role);
}

/** Deletes the team with its comparisons, evaluation sessions and invitations (owner only). */
export async function deleteTeam(teamId: string, viewer: Who, deps: TeamDeps = {}): Promise<void> {
  const db = dbOf(deps);
  await db.$transaction(async (tx) => {
    await lockTeam(tx, teamId);
    await requireTeamPermission(teamId, viewer, "team:delete", tx);
    await removeTeamRows(tx, teamId);
  }, TX);
}

async function removeTeamRows(tx: Tx, teamId: string): Promise<void> {
  // answers still streaming into the team's comparisons stop here rather than write to deleted rows
  const live = await tx.comparison.findMany({ where: { teamId }, select: { id: true } });
  for (const { id } of live) {
    const run = runs.get(id);
    if (run) for (const pane of run.panes.values()) pane.abort.abort();
  }
  await tx.team.delete({ where: { id: teamId } });
}

// ---------------------------------------------------------------------------------------------
// Members

export async function listMembers(teamId: string, viewer: Actor, deps: TeamDeps = {}): Promise<MemberView[]> {
  const db = dbOf(deps);
  await teamRoleFor(teamId, viewer, "team:read", db);
  return membersOf(db, teamId);
}

async function membersOf(db: PrismaClient | Tx, teamId: string): Promise<MemberView[]> {
  const rows = await db.teamMember.findMany({ where: { teamId }, include: { user: { select: { name: true, email: true } } } });
  return rows
    .map((m) => ({ userId: m.userId, name: m.user.name, email: m.user.email, role: m.role, joinedAt: m.joinedAt.toISOString() }))
    .sort((a, b) => roleOrder(a.role) - roleOrder(b.role) || (a.name ?? a.email ?? a.userId).localeCompare(b.name ?? b.email ?? b.userId));
}

async function memberOrThrow(tx: Tx, teamId: string, userId: string) {
  const m = await tx.teamMember.findUnique({ where: { teamId_userId: { teamId, userId } } });
  if (!m) throw new AppError("not_found", "This person is not a member of this team.");
  return m;
}

/** Gives a member another role (admin, member or viewer). The owner's role is not changed here: ownership moves by transfer. */
export async function changeRole(
  teamId: string,
  userId: string,
  role: AssignableRole,
  viewer: Who,
  deps: TeamDeps = {},
): Promise<MemberView> {
  const db = dbOf(deps);
  return db.$transaction(async (tx) => {
    await lockTeam(tx, teamId);
    await requireTeamPermission(teamId, viewer, "team:manage_members", tx);
    const target = await memberOrThrow(tx, teamId, userId);
    if (target.role === "owner")
      throw new AppError("forbidden", "The owner's role cannot be changed: the owner transfers ownership to another member instead.");
    const updated = await tx.teamMember.update({
      where: { teamId_userId: { teamId, userId } },
      data: { role },
      include: { user: { select: { name: true, email: true } } },
    });
    return { userId, name: updated.user.name, email: updated.user.email, role: updated.role, joinedAt: updated.joinedAt.toISOString() };
  }, TX);
}

/**
 * Removes a member (team:manage_members); nobody removes the owner. Removing oneself is leaving
 * (any member may), with leave's rules.
 */
export async function removeMember(
  teamId: string,
  userId: string,
  viewer: Who,
  deps: TeamDeps = {},
): Promise<{ left: boolean; teamDeleted: boolean }> {
  if (userId === viewer.id) return { left: true, ...(await leaveTeam(teamId, viewer, deps)) };
  const db = dbOf(deps);
  await db.$transaction(async (tx) => {
    await lockTeam(tx, teamId);
    await requireTeamPermission(teamId, viewer, "team:manage_members", tx);
    const target = await memberOrThrow(tx, teamId, userId);
    if (target.role === "owner") throw new AppError("forbidden", "Nobody can remove the team's owner.");
    await tx.teamMember.delete({ where: { teamId_userId: { teamId, userId } } });
  }, TX);
  return { left: false, teamDeleted: false };
}

/**
 * Leaves the team. The owner must transfer ownership first, unless they are the only member: then
 * the team is deleted with everything in it (the UI asks first).
 */
export async function leaveTeam(teamId: string, viewer: Who, deps: TeamDeps = {}): Promise<{ teamDeleted: boolean }> {
  const db = dbOf(deps);
  return db.$transaction(async (tx) => {
    await lockTeam(tx, teamId);
    const role = await requireTeamPermission(teamId, viewer, "team:read", tx);
    if (role === "owner") {
      const members = await tx.teamMember.count({ where: { teamId } });
      if (members > 1) throw new AppError("conflict", "You own this team: transfer ownership to another member before leaving.");
      await removeTeamRows(tx, teamId);
      return { teamDeleted: true };
    }
    await tx.teamMember.delete({ where: { teamId_userId: { teamId, userId: viewer.id } } });
    return { teamDeleted: false };
  }, TX);
}

/** Makes an existing member the owner; the old owner becomes an admin. One transaction. */
export async function transferOwnership(teamId: string, userId: string, viewer: Who, deps: TeamDeps = {}): Promise<MemberView[]> {
  const db = dbOf(deps);
  return db.$transaction(async (tx) => {
    await lockTeam(tx, teamId);
    await requireTeamPermission(teamId, viewer, "team:transfer", tx);
    if (userId === viewer.id) throw new AppError("bad_request", "You already own this team: choose another member.", "userId");
    await memberOrThrow(tx, teamId, userId);
    await tx.teamMember.update({ where: { teamId_userId: { teamId, userId: viewer.id } }, data: { role: "admin" } });
    await tx.teamMember.update({ where: { teamId_userId: { teamId, userId } }, data: { role: "owner" } });
    return membersOf(tx, teamId);
  }, TX);
}

// ---------------------------------------------------------------------------------------------
// Invitations

function statusOf(i: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InviteStatus {
  if (i.usedAt) return "used";
  if (i.revokedAt) return "revoked";
  if (i.expiresAt <= now) return "expired";
  return "pending";
}

type InviteRow = {
  id: string;
  role: TeamRole;
  email: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  createdById: string | null;
  usedById: string | null;
};

async function inviteViews(db: PrismaClient | Tx, rows: InviteRow[], now: Date): Promise<InviteView[]> {
  const ids = [...new Set(rows.flatMap((r) => [r.createdById, r.usedById]).filter((x): x is string => x !== null))];
  const users = new Map(
    (await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u]),
  );
  const person = (id: string | null) => (id ? { id, name: users.get(id)?.name ?? users.get(id)?.email ?? null } : null);
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    email: r.email,
    status: statusOf(r, now),
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    usedAt: r.usedAt?.toISOString() ?? null,
    createdBy: person(r.createdById),
    usedBy: person(r.usedById),
  }));
}

/** The team's invitations, newest first (never a token: only its hash is stored). */
export async function listInvites(teamId: string, viewer: Actor, deps: TeamDeps = {}): Promise<InviteView[]> {
  const db = dbOf(deps);
  await teamRoleFor(teamId, viewer, "team:invite", db);
  return invitesOf(db, teamId, nowOf(deps));
}

async function invitesOf(db: PrismaClient, teamId: string, now: Date): Promise<InviteView[]> {
  const rows = await db.teamInvite.findMany({ where: { teamId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 500 });
  return inviteViews(db, rows, now);
}

export type CreatedInvite = {
  invite: InviteView;
  /** `/invite/<token>`: returned this once, never stored */
  path: string;
  url: string;
  /** for an email invitation: whether the mail went out (null for a link invitation) */
  mail: MailStatus | null;
};

/**
 * Creates an invitation (single use, expiring). With `email`, only a person signed in with that
 * address may accept it, and the link is mailed there when SMTP is configured.
 * `origin` is where the link points (NEXTAUTH_URL, else the request's origin).
 */
export async function createInvite(
  teamId: string,
  input: CreateInviteInput,
  viewer: Pick<Viewer, "id" | "name" | "email"> | (TeamAccess & { viewer: Pick<Viewer, "id" | "name" | "email"> }),
  { origin }: { origin: string },
  deps: TeamDeps = {},
): Promise<CreatedInvite> {
  const db = dbOf(deps);
  const now = nowOf(deps);
  await teamRoleFor(teamId, viewer, "team:invite", db);
  const inviter = "viewer" in viewer ? viewer.viewer : viewer;
  // compared case-insensitively at accept time; stored lower-case whoever calls
  const email = input.email?.trim().toLowerCase() || null;
  const token = newSecret();
  const row = await db.$transaction(async (tx) => {
    await lockTeam(tx, teamId);
    const pending = await tx.teamInvite.count({ where: { teamId, usedAt: null, revokedAt: null, expiresAt: { gt: now } } });
    if (pending >= MAX_PENDING_INVITES)
      throw new AppError("conflict", `This team has ${MAX_PENDING_INVITES} open invitations: revoke some first.`);
    if (email) {
      const already = await tx.teamMember.findFirst({
        where: { teamId, user: { email: { equals: email, mode: "insensitive" } } },
        select: { userId: true },
      });
      if (already) throw new AppError("conflict", `${email} is already a member of this team.`, "email");
    }
    return tx.teamInvite.create({
      data: {
        id: newId(),
        teamId,
        tokenHash: hashSecret(token),
        email,
        role: input.role,
        createdById: inviter.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
      },
    });
  }, TX);
  const path = `/invite/${token}`;
  const url = new URL(path, origin).toString();
  let mail: MailStatus | null = null;
  if (email) {
    const team = await db.team.findUniqueOrThrow({ where: { id: teamId }, select: { name: true } });
    mail = await sendInviteMail(
      { to: email, teamName: team.name, role: row.role, url, invitedBy: inviter.name ?? inviter.email ?? null, expiresAt: row.expiresAt },
      deps.env ?? getEnv(),
    );
  }
  const [invite] = await inviteViews(db, [row], now);
  return { invite: invite!, path, url, mail };
}

/** Revokes an open invitation; its link then reads as not valid. Revoking twice is harmless. */
export async function revokeInvite(teamId: string, inviteId: string, viewer: Actor, deps: TeamDeps = {}): Promise<InviteView> {
  const db = dbOf(deps);
  const now = nowOf(deps);
  await teamRoleFor(teamId, viewer, "team:invite", db);
  const notFound = new AppError("not_found", "This invitation does not exist.");
  if (!isId(inviteId)) throw notFound;
  await db.teamInvite.updateMany({ where: { id: inviteId, teamId, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
  const row = await db.teamInvite.findFirst({ where: { id: inviteId, teamId } });
  if (!row) throw notFound;
  if (row.usedAt) throw new AppError("conflict", "This invitation was already accepted: remove the member instead.");
  const [view] = await inviteViews(db, [row], now);
  return view!;
}

export type InvitePreview =
  | { state: "invalid" }
  | {
      state: "open" | "member" | "wrong_email";
      team: { id: string; name: string };
      role: TeamRole;
      /** the viewer's current role when they are already in the team */
      memberRole: TeamRole | null;
      expiresAt: string;
      forEmail: boolean;
    };

/** What the invitation page shows: the team and role, or "not valid" (used, revoked, expired and unknown look alike). */
export async function previewInvite(token: string, viewer: Pick<Viewer, "id" | "email">, deps: TeamDeps = {}): Promise<InvitePreview> {
  if (!inviteTokenSchema.safeParse(token).success) return { state: "invalid" };
  const db = dbOf(deps);
  const now = nowOf(deps);
  const invite = await db.teamInvite.findUnique({
    where: { tokenHash: hashSecret(token) },
    include: { team: { select: { id: true, name: true } } },
  });
  if (!invite) return { state: "invalid" };
  const member = await db.teamMember.findUnique({
    where: { teamId_userId: { teamId: invite.teamId, userId: viewer.id } },
    select: { role: true },
  });
  const base = {
    team: invite.team,
    role: invite.role,
    memberRole: member?.role ?? null,
    expiresAt: invite.expiresAt.toISOString(),
    forEmail: invite.email !== null,
  };
  // the person who accepted it sees where it led, as long as they are still in the team
  if (invite.usedById === viewer.id && member) return { state: "member", ...base };
  if (statusOf(invite, now) !== "pending") return { state: "invalid" };
  if (member) return { state: "member", ...base };
  if (invite.email && invite.email !== viewer.email?.toLowerCase()) return { state: "wrong_email", ...base };
  return { state: "open", ...base };
}

/**
 * Accepts an invitation: atomic and single use. Used, revoked, expired and unknown tokens all
 * give the same "not valid" error; accepting again (or already being a member) changes nothing.
 */
export type AcceptedInvite = { team: { id: string; name: string }; role: TeamRole; joined: boolean };

export async function acceptInvite(token: string, viewer: Pick<Viewer, "id" | "email">, deps: TeamDeps = {}): Promise<AcceptedInvite> {
  const invalid = new AppError("not_found", INVALID_INVITE);
  if (!inviteTokenSchema.safeParse(token).success) throw invalid;
  const db = dbOf(deps);
  const now = nowOf(deps);
  return db.$transaction(async (tx) => {
    // lock the invitation: two accepts of one link run one after the other
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "TeamInvite" WHERE "tokenHash" = ${hashSecret(token)} FOR UPDATE`;
    if (locked.length === 0) throw invalid;
    const invite = await tx.teamInvite.findUniqueOrThrow({
      where: { id: locked[0]!.id },
      include: { team: { select: { id: true, name: true } } },
    });
    await lockTeam(tx, invite.teamId);
    const member = await tx.teamMember.findUnique({
      where: { teamId_userId: { teamId: invite.teamId, userId: viewer.id } },
      select: { role: true },
    });
    if (invite.usedById === viewer.id) {
      if (member) return { team: invite.team, role: member.role, joined: false };
      throw invalid; // they joined with it, then left: the link is spent
    }
    if (statusOf(invite, now) !== "pending") throw invalid;
    if (invite.email && invite.email !== viewer.email?.toLowerCase())
      throw new AppError("forbidden", "This invitation was sent to another email address: sign in with that address to accept it.");
    // already in the team: nothing changes, and the invitation stays open for someone else
    if (member) return { team: invite.team, role: member.role, joined: false };
    await tx.teamInvite.update({ where: { id: invite.id }, data: { usedAt: now, usedById: viewer.id } });
    await tx.teamMember.create({ data: { teamId: invite.teamId, userId: viewer.id, role: invite.role } });
    return { team: invite.team, role: invite.role, joined: true };
  }, TX);
}

/** "Admin", "Member", ... for messages. */
export function roleLabel(role: TeamRole): string {
  return ROLE_LABELS[role];
}
