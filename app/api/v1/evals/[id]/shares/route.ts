import { requireViewer } from "@/lib/auth/viewer";
import { authorizeSession } from "@/lib/evals/access";
import { createEvalShare, evalSharePath, listEvalShares } from "@/lib/evals/shares";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";
import { createShareSchema, expiryFrom } from "@/lib/shares/schema";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/evals/<id>/shares: the session's results links with their status (never a token)
export async function GET(_request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeSession((await ctx.params).id, viewer, "evals:share");
    return Response.json({ shares: await listEvalShares(id) }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

// POST /api/v1/evals/<id>/shares: a read-only results link ({"expiresInDays"} or {"expiresAt"}, optional); the URL is shown only here
export async function POST(request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeSession((await ctx.params).id, viewer, "evals:share");
    const input = await readJson(request, createShareSchema);
    const { share, token } = await createEvalShare({ sessionId: id, createdById: viewer.id, expiresAt: expiryFrom(input, new Date()) });
    const url = new URL(evalSharePath(token), new URL(request.url).origin).toString();
    return Response.json({ ...share, url }, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
