import { requireViewer } from "@/lib/auth/viewer";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";
import { createShareSchema, expiryFrom } from "@/lib/shares/schema";
import { createShare, listShares, sharePath } from "@/lib/shares/service";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/comparisons/<id>/shares: the comparison's links with their status (never a token)
export async function GET(_request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeComparisonOrThrow((await ctx.params).id, viewer, "read");
    return Response.json({ shares: await listShares({ comparisonId: id }) });
  } catch (error) {
    return errorResponse(error);
  }
}

// POST /api/v1/comparisons/<id>/shares: a read-only link ({"expiresInDays"} or {"expiresAt"}, optional); the URL is shown only here
export async function POST(request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeComparisonOrThrow((await ctx.params).id, viewer, "write");
    const input = await readJson(request, createShareSchema);
    const { share, token } = await createShare({ comparisonId: id, createdById: viewer.id, expiresAt: expiryFrom(input, new Date()) });
    const url = new URL(sharePath(token), new URL(request.url).origin).toString();
    return Response.json(
      { id: share.id, url, expiresAt: share.expiresAt, createdAt: share.createdAt },
      { status: 201, headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
