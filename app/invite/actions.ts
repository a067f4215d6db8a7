"use server";

import type { TeamRole } from "@/lib/generated/prisma/enums";
import { safely, type ActionResult } from "@/lib/actions/safe-action";
import { acceptInvite } from "@/lib/teams/service";

/** Accepts an invitation (single use, atomic); the browser then opens `/teams/<id>`. */
export async function acceptInviteAction(token: unknown): Promise<ActionResult<{ team: { id: string; name: string }; role: TeamRole; joined: boolean }>> {
  // acceptInvite checks the token's shape itself: a malformed one is "not valid" like any other
  return safely((viewer) => acceptInvite(typeof token === "string" ? token : "", viewer));
}
