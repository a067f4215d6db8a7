import { authorizeSession } from "@/lib/evals/access";
import { estimateCost } from "@/lib/evals/run/service";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/evals/<id>/estimate: the cost estimate of the run, per model, with its assumption
export const GET = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:read") },
  async ({ access }) => Response.json(await estimateCost(access.id, access)),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
