"use server";

import { safely, type ActionResult } from "@/lib/actions/safe-action";
import { acceptInvite, type AcceptedInvite } from "@/lib/teams/service";

/** Accepts an invitation (single use, atomic); the browser then opens `/teams/<id>`. */
export async function acceptInviteAction(token: unknown): Promise<ActionResult<AcceptedInvite>> {
  // acceptInvite checks the token's shape itself: a malformed one is "not valid" like any other
  return safely((viewer) => acceptInvite(typeof token === "string" ? token : "", viewer));
}
