import { authorizeSession } from "@/lib/evals/access";
import { getProgress } from "@/lib/evals/run/service";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/evals/<id>/progress: status, done / failed / cancelled / remaining, cost so far, per model
export const GET = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:read") },
  async ({ access }) => Response.json(await getProgress(access.id, access), { headers: { "cache-control": "no-store" } }),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
