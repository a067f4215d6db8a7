import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { authorizeTeamOrThrow } from "@/lib/teams/access";
import { renameTeamSchema } from "@/lib/teams/schema";
import { deleteTeam, getTeam, renameTeam } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

// GET /api/v1/teams/<id>: the team, the caller's role and what it permits (members only)
export const GET = endpoint({ params: idParams }, async ({ viewer, params }) => Response.json(await getTeam(params.id, viewer)));

// PATCH /api/v1/teams/<id>: rename ({"name"}; owner and admins)
export const PATCH = endpoint(
  // who may rename is checked before the body is read: outsiders learn nothing from a 400
  { params: idParams, authorize: ({ viewer, params }) => authorizeTeamOrThrow(params.id, viewer, "team:rename"), body: renameTeamSchema },
  async ({ params, access, body }) => Response.json(await renameTeam(params.id, body, access)),
);

// DELETE /api/v1/teams/<id>: delete the team with its comparisons, evaluation sessions and invitations (owner only)
export const DELETE = endpoint({ params: idParams }, async ({ viewer, params }) => {
  await deleteTeam(params.id, viewer);
  return new Response(null, { status: 204 });
});

export const { POST, PUT, HEAD, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
