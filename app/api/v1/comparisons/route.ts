import { z } from "zod";
import { comparisonOwnerOrThrow } from "@/lib/compare/access";
import { listComparisons } from "@/lib/compare/queries";
import { createComparisonSchema, MAX_COMPARISON_BODY_BYTES } from "@/lib/compare/schema";
import { startComparison } from "@/lib/compare/service";
import { NDJSON_HEADERS, streamNewRun } from "@/lib/compare/stream";
import { getDb } from "@/lib/db";
import { assertDatabaseUp } from "@/lib/db-health";
import { endpoint, otherMethods } from "@/lib/http/route";
import { admitComparison, releaseHold, spenderOf } from "@/lib/limits/compare";
import { comparisonTeamFilterSchema } from "@/lib/teams/schema";

export const dynamic = "force-dynamic";

// POST /api/v1/comparisons: start a comparison and stream its events as NDJSON ("teamId": a team's, needs comparisons:write there)
export const POST = endpoint({ body: createComparisonSchema, maxBytes: MAX_COMPARISON_BODY_BYTES }, async ({ viewer, body }) => {
  // who owns it depends on the body ("teamId"), so this access check comes after it
  const owner = await comparisonOwnerOrThrow(body, viewer);
  // nothing is sent to a provider (and paid for) that could not be stored: 503 while the database is away
  await assertDatabaseUp(getDb());
  // the per-minute, pane and spend limits (429 with Retry-After over one), before any call starts
  const hold = await admitComparison(body, spenderOf(viewer, owner.teamId));
  const stream = await streamNewRun((observe) => startComparison(body, owner, { observe, hold })).catch(async (error: unknown) => {
    await releaseHold(hold);
    throw error;
  });
  return new Response(stream, { headers: NDJSON_HEADERS });
});

const listQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(64).optional(),
    q: z.string().max(500).optional(),
    team: comparisonTeamFilterSchema.optional(),
  })
  .strict();

// GET /api/v1/comparisons: the caller's comparisons and their teams', newest first (?q= searches prompts, ?team=<id>|personal filters)
// (listComparisons checks the team itself: 404 naming `team` unless the caller may read its comparisons)
export const GET = endpoint({ query: listQuerySchema }, async ({ viewer, query }) =>
  Response.json(await listComparisons({ viewer, ...query })),
);

export const { PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, POST });
