import { z } from "zod";
import { requireViewer } from "@/lib/auth/viewer";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";
import { authorizeSession } from "@/lib/evals/access";
import { deleteSession, getSession, renameSession } from "@/lib/evals/sessions";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/evals/<id>: the session (models, design, parameters, counts, status)
export async function GET(_request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeSession((await ctx.params).id, viewer, "evals:read");
    return Response.json(await getSession(id));
  } catch (error) {
    return errorResponse(error);
  }
}

const renameSchema = z.object({ name: z.string().trim().min(1, "Name the session.").max(120, "A session name is at most 120 characters.") }).strict();

// PATCH /api/v1/evals/<id>: rename ({"name"})
export async function PATCH(request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeSession((await ctx.params).id, viewer, "evals:create");
    const { name } = await readJson(request, renameSchema);
    await renameSession(id, name);
    return Response.json({ id, name });
  } catch (error) {
    return errorResponse(error);
  }
}

// DELETE /api/v1/evals/<id>: delete it with its prompts, answers and ratings (a run must be cancelled first)
export async function DELETE(_request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeSession((await ctx.params).id, viewer, "evals:create");
    await deleteSession(id);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
