import { z } from "zod";
import { requireViewer } from "@/lib/auth/viewer";
import { errorResponse } from "@/lib/errors";
import { parseOrThrow, readJson } from "@/lib/http";
import { idSchema } from "@/lib/ids";
import { createSessionSchema, MAX_SESSION_BODY_BYTES } from "@/lib/evals/schema";
import { createSession, listSessions } from "@/lib/evals/sessions";

export const dynamic = "force-dynamic";

// POST /api/v1/evals: create an evaluation session with its prompt set (201 {id})
export async function POST(request: Request) {
  try {
    const viewer = await requireViewer();
    const input = await readJson(request, createSessionSchema, { maxBytes: MAX_SESSION_BODY_BYTES });
    return Response.json(await createSession(input, viewer), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}

const listQuery = z.object({ team: idSchema("team").optional() }).strict();

// GET /api/v1/evals?team=: the sessions the caller may read (their own and their teams'), newest first
export async function GET(request: Request) {
  try {
    const viewer = await requireViewer();
    const { team } = parseOrThrow(listQuery, Object.fromEntries(new URL(request.url).searchParams));
    return Response.json({ items: await listSessions({ viewer, teamId: team }) });
  } catch (error) {
    return errorResponse(error);
  }
}
