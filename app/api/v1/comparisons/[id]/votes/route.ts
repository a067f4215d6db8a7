import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { castVote, listVotes, voteBodySchema } from "@/lib/votes";

export const dynamic = "force-dynamic";

// GET /api/v1/comparisons/<id>/votes: the caller's votes on this comparison, with their outcomes
export const GET = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "read") },
  async ({ access }) => Response.json({ votes: await listVotes(access) }),
);

// POST /api/v1/comparisons/<id>/votes: vote on a turn ({"turn"?, "outcome"} | {"turn"?, "best"} | {"turn"?, "ranking"}, "blind"?); replaces the caller's earlier vote on that turn
export const POST = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "write"), body: voteBodySchema },
  async ({ access, body }) => Response.json(await castVote(access, body), { status: 201 }),
);

export const { PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, POST });
