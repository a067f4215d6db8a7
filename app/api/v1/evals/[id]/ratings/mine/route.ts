import { authorizeSession } from "@/lib/evals/access";
import { myRatings, raterProgress } from "@/lib/evals/queue";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/evals/<id>/ratings/mine: your items in the order taken, with your ratings (sides as shown) and progress
export const GET = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:rate") },
  async ({ access }) => {
    const [ratings, progress] = await Promise.all([myRatings(access), raterProgress(access)]);
    return Response.json({ ratings, progress }, { headers: { "cache-control": "no-store" } });
  },
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
