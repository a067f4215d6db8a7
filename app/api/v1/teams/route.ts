import { endpoint, otherMethods } from "@/lib/http/route";
import { createTeamSchema } from "@/lib/teams/schema";
import { createTeam, listTeams } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

// GET /api/v1/teams: the caller's teams with their role in each
export const GET = endpoint({}, async ({ viewer }) => Response.json({ items: await listTeams(viewer) }));

// POST /api/v1/teams: create a team ({"name"}); the caller is its owner
export const POST = endpoint({ body: createTeamSchema }, async ({ viewer, body }) =>
  Response.json(await createTeam(body, viewer), { status: 201 }),
);

export const { PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, POST });
