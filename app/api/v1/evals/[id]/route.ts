import { z } from "zod";
import { authorizeSession } from "@/lib/evals/access";
import { deleteSession, getSession, renameSession } from "@/lib/evals/sessions";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/evals/<id>: the session (models, design, parameters, counts, status)
export const GET = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:read") },
  async ({ access }) => Response.json(await getSession(access)),
);

const renameSchema = z
  .object({ name: z.string().trim().min(1, "Name the session.").max(120, "A session name is at most 120 characters.") })
  .strict();

// PATCH /api/v1/evals/<id>: rename ({"name"})
export const PATCH = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:create"), body: renameSchema },
  async ({ access, body: { name } }) => {
    await renameSession(access, name);
    return Response.json({ id: access.id, name });
  },
);

// DELETE /api/v1/evals/<id>: delete it with its prompts, answers and ratings (a run must be cancelled first)
export const DELETE = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:create") },
  async ({ access }) => {
    await deleteSession(access);
    return new Response(null, { status: 204 });
  },
);

export const { POST, PUT, HEAD, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
