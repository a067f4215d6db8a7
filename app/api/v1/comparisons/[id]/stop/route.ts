import { z } from "zod";
import { comparisonIdSchema, MAX_MODELS } from "@/lib/compare/schema";
import { stopPanes } from "@/lib/compare/service";
import { getDb } from "@/lib/db";
import { AppError, errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";

export const dynamic = "force-dynamic";

const stopSchema = z.object({ pane: z.number().int().min(0).max(MAX_MODELS - 1).optional() }).strict();

// POST /api/v1/comparisons/<id>/stop: stop one pane ({"pane": n}) or all of them ({})
export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await ctx.params;
    if (!comparisonIdSchema.safeParse(id).success) throw new AppError("not_found", "This comparison does not exist.");
    const { pane } = await readJson(request, stopSchema);
    const exists = await getDb().comparison.findUnique({ where: { id }, select: { id: true } });
    if (!exists) throw new AppError("not_found", "This comparison does not exist.");
    return Response.json({ stopped: stopPanes(id, pane) });
  } catch (error) {
    return errorResponse(error);
  }
}
