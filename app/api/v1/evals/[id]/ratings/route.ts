import { authorizeSession } from "@/lib/evals/access";
import { ratingBodySchema, submitRating } from "@/lib/evals/queue";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// POST /api/v1/evals/<id>/ratings: rate one of your items ({"assignmentId", "outcome"?, "scores"?}, sides as shown); rating it again replaces
export const POST = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:rate"), body: ratingBodySchema },
  async ({ access, body }) => {
    const item = await submitRating(access, body.assignmentId, body);
    return Response.json({
      assignmentId: item.assignmentId,
      outcome: item.outcome,
      scores: item.scores,
      ratedAt: item.ratedAt,
      nextId: item.nextId,
    });
  },
);

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
