import { z } from "zod";
import { endpoint, otherMethods } from "@/lib/http/route";
import { idSchema } from "@/lib/ids";
import { createScorecardSchema } from "@/lib/scorecards/schema";
import { createScorecard, listScorecards } from "@/lib/scorecards/service";

export const dynamic = "force-dynamic";

// POST /api/v1/scorecards: create a scorecard ({name, deployments: [ids], reference, suite?, samples?, schedule?, spendCapUsd?, teamId?, alerts?: {email?, webhooks?}}); 201 {id}
export const POST = endpoint({ body: createScorecardSchema }, async ({ viewer, body }) =>
  Response.json(await createScorecard(body, viewer), { status: 201 }),
);

const listQuery = z.object({ team: idSchema("team").optional() }).strict();

// GET /api/v1/scorecards?team=: the scorecards the caller may read (their own and their teams'), newest first
export const GET = endpoint({ query: listQuery }, async ({ viewer, query }) =>
  Response.json({ items: await listScorecards({ viewer, teamId: query.team }) }),
);

export const { PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, POST });
