import { getComparisonById } from "@/lib/compare/queries";
import { comparisonIdSchema } from "@/lib/compare/schema";
import { AppError, errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

// GET /api/v1/comparisons/<id>: the stored comparison, every pane with text, status and metrics
export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await ctx.params;
    if (!comparisonIdSchema.safeParse(id).success) throw new AppError("not_found", "This comparison does not exist.");
    const comparison = await getComparisonById({ id });
    if (!comparison) throw new AppError("not_found", "This comparison does not exist.");
    return Response.json(comparison);
  } catch (error) {
    return errorResponse(error);
  }
}
