import { z } from "zod";
import { requireViewer } from "@/lib/auth/viewer";
import { comparisonOwnerOrThrow } from "@/lib/compare/access";
import { listComparisons } from "@/lib/compare/queries";
import { createComparisonSchema } from "@/lib/compare/schema";
import { startComparison } from "@/lib/compare/service";
import { NDJSON_HEADERS, streamNewRun } from "@/lib/compare/stream";
import { AppError, errorResponse } from "@/lib/errors";
import { parseOrThrow, readJson } from "@/lib/http";
import { roleIn } from "@/lib/teams/access";
import { can } from "@/lib/teams/permissions";
import { comparisonTeamFilterSchema } from "@/lib/teams/schema";

export const dynamic = "force-dynamic";

// POST /api/v1/comparisons: start a comparison and stream its events as NDJSON ("teamId": a team's, needs comparisons:write there)
export async function POST(request: Request) {
  try {
    const viewer = await requireViewer();
    const input = await readJson(request, createComparisonSchema);
    const owner = await comparisonOwnerOrThrow(input, viewer);
    const stream = await streamNewRun((observe) => startComparison(input, owner, { observe }));
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
    team: comparisonTeamFilterSchema.optional(),
  })
  .strict();

// GET /api/v1/comparisons: the caller's comparisons and their teams', newest first (?q= searches prompts, ?team=<id>|personal filters)
export async function GET(request: Request) {
  try {
    const viewer = await requireViewer();
    const query = parseOrThrow(listQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    if (query.team && query.team !== "personal") {
      const role = await roleIn(query.team, viewer);
      if (!role || !can(role, "comparisons:read")) throw new AppError("not_found", "This team does not exist.", "team");
    }
    return Response.json(await listComparisons({ viewer, ...query }));
  } catch (error) {
    return errorResponse(error);
  }
}
