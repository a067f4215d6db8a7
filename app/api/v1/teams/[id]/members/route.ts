import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { listMembers } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

// GET /api/v1/teams/<id>/members: every member with their role (members only)
export const GET = endpoint({ params: idParams }, async ({ viewer, params }) =>
  Response.json({ members: await listMembers(params.id, viewer) }),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
