import { endpoint, otherMethods } from "@/lib/http/route";
import { createSuiteSchema, MAX_SUITE_BODY_BYTES } from "@/lib/scorecards/schema";
import { createSuite, listSuites } from "@/lib/scorecards/suites";

export const dynamic = "force-dynamic";

// POST /api/v1/probe-suites: a custom probe suite from a CSV or JSONL file ({name, format: "csv"|"jsonl", content, teamId?}); 201 with the suite
export const POST = endpoint({ body: createSuiteSchema, maxBytes: MAX_SUITE_BODY_BYTES }, async ({ viewer, body }) =>
  Response.json(await createSuite(body, viewer), { status: 201 }),
);

// GET /api/v1/probe-suites: the built-in suite and the custom suites the caller may use
export const GET = endpoint({}, async ({ viewer }) => Response.json({ items: await listSuites(viewer) }));

export const { PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, POST });
