import { z } from "zod";
import { requireViewer } from "@/lib/auth/viewer";
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
    const viewer = await requireViewer();
    const input = await readJson(request, createComparisonSchema);
    const stream = await streamNewRun((observe) => startComparison(input, { ownerId: viewer.id }, { observe }));
    return new Response(stream, { headers: NDJSON_HEADERS });
  } catch (error) {
    return errorResponse(error);
  }
}

const listQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(64).optional(),
    q: z.string().max(500).optional(),
  })
  .strict();

// GET /api/v1/comparisons: the caller's past comparisons, newest first (?q= searches prompts)
export async function GET(request: Request) {
  try {
    const viewer = await requireViewer();
    const query = parseOrThrow(listQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    return Response.json(await listComparisons({ viewer, ...query }));
  } catch (error) {
    return errorResponse(error);
  }
}
