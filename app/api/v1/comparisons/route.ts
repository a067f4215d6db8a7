import { z } from "zod";
import { listComparisons } from "@/lib/compare/queries";
import { createComparisonSchema } from "@/lib/compare/schema";
import { startComparison } from "@/lib/compare/service";
import { NDJSON_HEADERS, streamNewRun } from "@/lib/compare/stream";
import { errorResponse } from "@/lib/errors";
import { parseOrThrow, readJson } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/v1/comparisons: start a comparison and stream its events as NDJSON
export async function POST(request: Request) {
  try {
    const input = await readJson(request, createComparisonSchema);
    const stream = await streamNewRun((observe) => startComparison(input, { observe }));
    return new Response(stream, { headers: NDJSON_HEADERS });
  } catch (error) {
    return errorResponse(error);
  }
}

const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional(),
});

// GET /api/v1/comparisons: past comparisons, newest first
export async function GET(request: Request) {
  try {
    const url = new URL(request.url);
    const query = parseOrThrow(listQuerySchema, Object.fromEntries(url.searchParams));
    return Response.json(await listComparisons(query));
  } catch (error) {
    return errorResponse(error);
  }
}
