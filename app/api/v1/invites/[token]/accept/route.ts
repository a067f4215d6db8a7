import { z } from "zod";
import { endpoint, otherMethods } from "@/lib/http/route";
import { acceptInviteSchema } from "@/lib/teams/schema";
import { acceptInvite } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

// POST /api/v1/invites/<token>/accept: join the team with the invitation's role (single use; accepting again changes nothing)
export const POST = endpoint({ params: z.object({ token: z.string() }), body: acceptInviteSchema }, async ({ viewer, params }) =>
  Response.json(await acceptInvite(params.token, viewer)),
);

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
