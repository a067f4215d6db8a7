import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { authorizeTeamOrThrow } from "@/lib/teams/access";
import { publicOrigin } from "@/lib/http/origin";
import { createInviteSchema } from "@/lib/teams/schema";
import { createInvite, listInvites } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

// GET /api/v1/teams/<id>/invites: the team's invitations with their status (never a token; owner and admins)
export const GET = endpoint({ params: idParams }, async ({ viewer, params }) =>
  Response.json({ invites: await listInvites(params.id, viewer) }),
);

// POST /api/v1/teams/<id>/invites: a single-use invitation ({"role", "email"?, "expiresInDays"?}); its URL is returned only here
export const POST = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeTeamOrThrow(params.id, viewer, "team:invite"), body: createInviteSchema },
  async ({ viewer, params, access, body, request }) => {
    const created = await createInvite(
      params.id,
      body,
      { ...access, viewer },
      { origin: publicOrigin(request.headers, new URL(request.url).origin) },
    );
    return Response.json(
      { ...created.invite, url: created.url, mail: created.mail },
      { status: 201, headers: { "cache-control": "no-store" } },
    );
  },
);

export const { PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, POST });
