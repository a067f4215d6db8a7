import { z } from "zod";
import { endpoint, otherMethods } from "@/lib/http/route";
import { authorizeScorecard } from "@/lib/scorecards/access";
import { runCalls } from "@/lib/scorecards/calls";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.string(), runId: z.string() });
const querySchema = z
  .object({
    item: z.string().max(200).optional(),
    deployment: z.string().max(300).optional(),
    failed: z.enum(["1", "true"]).optional(),
    cursor: z.string().max(60).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

// GET /api/v1/scorecards/<id>/runs/<runId>/calls?item=&deployment=&failed=1&cursor=&limit=: the calls (outputs and checks), for the items side by side
export const GET = endpoint(
  { params: paramsSchema, query: querySchema, authorize: ({ viewer, params }) => authorizeScorecard(params.id, viewer, "evals:read") },
  async ({ access, params, query }) =>
    Response.json(await runCalls(access, params.runId, query), { headers: { "cache-control": "no-store" } }),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
