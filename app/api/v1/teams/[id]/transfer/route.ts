import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { requireTeamPermission } from "@/lib/teams/access";
import { transferSchema } from "@/lib/teams/schema";
import { transferOwnership } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

// POST /api/v1/teams/<id>/transfer: make another member the owner ({"userId"}); the caller becomes an admin
export const POST = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => requireTeamPermission(params.id, viewer, "team:transfer"), body: transferSchema },
  async ({ viewer, params, body }) => Response.json({ members: await transferOwnership(params.id, body.userId, viewer) }),
);

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
