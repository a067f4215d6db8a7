import { requireViewer } from "@/lib/auth/viewer";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { getComparisonById } from "@/lib/compare/queries";
import { AppError, errorResponse } from "@/lib/errors";
import { parseOrThrow } from "@/lib/http";
import { exportResponse } from "@/lib/shares/export";
import { exportFormatSchema } from "@/lib/shares/schema";

export const dynamic = "force-dynamic";

// GET /api/v1/comparisons/<id>/export?format=json|md: the whole comparison as a download (JSON: everything stored)
export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const format = parseOrThrow(exportFormatSchema, new URL(request.url).searchParams.get("format") ?? undefined);
    const viewer = await requireViewer();
    const { id } = await authorizeComparisonOrThrow((await ctx.params).id, viewer, "read");
    const comparison = await getComparisonById({ id });
    if (!comparison) throw new AppError("not_found", "This comparison does not exist.");
    return exportResponse(comparison, format);
  } catch (error) {
    return errorResponse(error);
  }
}
