import { authorizeSession } from "@/lib/evals/access";
import { nextItem, rateContext } from "@/lib/evals/queue";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/evals/<id>/queue/next: your unrated item, or a newly claimed one ({"state": "item" | "done" | "not_ready"}), with your progress
export const GET = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:rate") },
  async ({ access }) => {
    const session = await rateContext(access);
    const { pairwise, criteria } = session.design;
    return Response.json(
      { ...(await nextItem(access)), instructions: session.instructions, design: { pairwise, criteria } },
      { headers: { "cache-control": "no-store" } },
    );
  },
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
