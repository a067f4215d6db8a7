import { z } from "zod";
import { endpoint, otherMethods } from "@/lib/http/route";
import { revokeInvite } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

// DELETE /api/v1/teams/<id>/invites/<inviteId>: revoke an open invitation; its link is not valid from now on
export const DELETE = endpoint({ params: z.object({ id: z.string(), inviteId: z.string() }) }, async ({ viewer, params }) => {
  await revokeInvite(params.id, params.inviteId, viewer);
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, HEAD, OPTIONS } = otherMethods({ DELETE });
