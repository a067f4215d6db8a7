"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { parse, safely, type ActionResult } from "@/lib/actions/safe-action";
import { AppError } from "@/lib/errors";
import { originFromHeaders } from "@/lib/teams/origin";
import {
  changeRoleSchema,
  createInviteSchema,
  createTeamSchema,
  inviteIdSchema,
  renameTeamSchema,
  teamIdSchema,
  userIdSchema,
} from "@/lib/teams/schema";
import {
  changeRole,
  createInvite,
  createTeam,
  deleteTeam,
  leaveTeam,
  removeMember,
  renameTeam,
  revokeInvite,
  transferOwnership,
  type InviteView,
  type MemberView,
  type TeamView,
} from "@/lib/teams/service";
import type { MailStatus } from "@/lib/teams/mail";

// Team actions; every one goes through `safely` (authenticate, validate). The role checks are in
// lib/teams/service.ts (404 outside the team, 403 for a role without the permission).

const noTeam = () => new AppError("not_found", "This team does not exist.");
function teamId(raw: unknown): string {
  const parsed = teamIdSchema.safeParse(raw);
  if (!parsed.success) throw noTeam();
  return parsed.data;
}
function memberId(raw: unknown): string {
  const parsed = userIdSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("not_found", "This person is not a member of this team.");
  return parsed.data;
}

export async function createTeamAction(input: unknown): Promise<ActionResult<TeamView>> {
  return safely(async (viewer) => {
    const team = await createTeam(parse(createTeamSchema, input), viewer);
    revalidatePath("/teams");
    return team;
  });
}

export async function renameTeamAction(id: unknown, input: unknown): Promise<ActionResult<TeamView>> {
  return safely(async (viewer) => {
    const team = await renameTeam(teamId(id), parse(renameTeamSchema, input), viewer);
    revalidatePath(`/teams/${team.id}`);
    return team;
  });
}

export async function deleteTeamAction(id: unknown): Promise<ActionResult<null>> {
  return safely(async (viewer) => {
    await deleteTeam(teamId(id), viewer);
    revalidatePath("/teams");
    return null;
  });
}

/** Makes an invitation; `path` (`/invite/<token>`) is returned this once and never again. */
export async function createInviteAction(
  id: unknown,
  input: unknown,
): Promise<ActionResult<{ invite: InviteView; url: string; mail: MailStatus | null }>> {
  return safely(async (viewer) => {
    const tid = teamId(id);
    const { invite, url, mail } = await createInvite(tid, parse(createInviteSchema, input), viewer, {
      origin: originFromHeaders(await headers()),
    });
    revalidatePath(`/teams/${tid}`);
    return { invite, url, mail };
  });
}

export async function revokeInviteAction(id: unknown, inviteId: unknown): Promise<ActionResult<InviteView>> {
  return safely(async (viewer) => {
    const tid = teamId(id);
    const iid = inviteIdSchema.safeParse(inviteId);
    if (!iid.success) throw new AppError("not_found", "This invitation does not exist.");
    const invite = await revokeInvite(tid, iid.data, viewer);
    revalidatePath(`/teams/${tid}`);
    return invite;
  });
}

export async function changeRoleAction(id: unknown, userId: unknown, input: unknown): Promise<ActionResult<MemberView>> {
  return safely(async (viewer) => {
    const tid = teamId(id);
    const member = await changeRole(tid, memberId(userId), parse(changeRoleSchema, input).role, viewer);
    revalidatePath(`/teams/${tid}`);
    return member;
  });
}

export async function removeMemberAction(id: unknown, userId: unknown): Promise<ActionResult<{ left: boolean; teamDeleted: boolean }>> {
  return safely(async (viewer) => {
    const tid = teamId(id);
    const result = await removeMember(tid, memberId(userId), viewer);
    revalidatePath(`/teams/${tid}`);
    return result;
  });
}

/** Leaves the team; the owner must transfer first, unless they are its only member (then the team is deleted). */
export async function leaveTeamAction(id: unknown): Promise<ActionResult<{ teamDeleted: boolean }>> {
  return safely(async (viewer) => {
    const result = await leaveTeam(teamId(id), viewer);
    revalidatePath("/teams");
    return result;
  });
}

export async function transferOwnershipAction(id: unknown, userId: unknown): Promise<ActionResult<MemberView[]>> {
  return safely(async (viewer) => {
    const tid = teamId(id);
    const members = await transferOwnership(tid, memberId(userId), viewer);
    revalidatePath(`/teams/${tid}`);
    return members;
  });
}
