import { z } from "zod";
import { requireViewer } from "@/lib/auth/viewer";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { MAX_MODELS } from "@/lib/compare/schema";
import { stopPanes } from "@/lib/compare/service";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";

export const dynamic = "force-dynamic";

const stopSchema = z.object({ pane: z.number().int().min(0).max(MAX_MODELS - 1).optional() }).strict();

// POST /api/v1/comparisons/<id>/stop: stop one pane ({"pane": n}) or all of them ({})
export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeComparisonOrThrow((await ctx.params).id, viewer, "write");
    const { pane } = await readJson(request, stopSchema);
    return Response.json({ stopped: stopPanes(id, pane) });
  } catch (error) {
    return errorResponse(error);
  }
}
