import { z } from "zod";
import { getDb } from "@/lib/db";
import { endpoint, otherMethods } from "@/lib/http/route";
import { authorizeScorecard } from "@/lib/scorecards/access";
import { runExportStream } from "@/lib/scorecards/export";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.string(), runId: z.string() });

// GET /api/v1/scorecards/<id>/runs/<runId>/export: the run's evidence as JSON (exact request parameters, provider request ids, timings, raw outputs, checker results)
export const GET = endpoint(
  { params: paramsSchema, authorize: ({ viewer, params }) => authorizeScorecard(params.id, viewer, "evals:read") },
  async ({ access, params }) =>
    new Response(await runExportStream(getDb(), access.id, params.runId), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="scorecard-run-${params.runId}.json"`,
        "cache-control": "no-store",
      },
    }),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
