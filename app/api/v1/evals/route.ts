import { z } from "zod";
import { createSessionSchema, MAX_SESSION_BODY_BYTES } from "@/lib/evals/schema";
import { createSession, listSessions } from "@/lib/evals/sessions";
import { endpoint, otherMethods } from "@/lib/http/route";
import { idSchema } from "@/lib/ids";

export const dynamic = "force-dynamic";

// POST /api/v1/evals: create an evaluation session with its prompt set (201 {id})
export const POST = endpoint({ body: createSessionSchema, maxBytes: MAX_SESSION_BODY_BYTES }, async ({ viewer, body }) =>
  Response.json(await createSession(body, viewer), { status: 201 }),
);

const listQuery = z.object({ team: idSchema("team").optional() }).strict();

// GET /api/v1/evals?team=: the sessions the caller may read (their own and their teams'), newest first
export const GET = endpoint({ query: listQuery }, async ({ viewer, query }) =>
  Response.json({ items: await listSessions({ viewer, teamId: query.team }) }),
);

export const { PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, POST });
