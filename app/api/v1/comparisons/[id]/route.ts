import { z } from "zod";
import { requireViewer } from "@/lib/auth/viewer";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { deleteComparison, getComparisonById, renameComparison } from "@/lib/compare/queries";
import { AppError, errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/comparisons/<id>: the stored comparison, every pane with text, status and metrics
export async function GET(_request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeComparisonOrThrow((await ctx.params).id, viewer, "read");
    const comparison = await getComparisonById({ id });
    if (!comparison) throw new AppError("not_found", "This comparison does not exist.");
    return Response.json(comparison);
  } catch (error) {
    return errorResponse(error);
  }
}

const renameSchema = z.object({ title: z.string().trim().min(1, "Enter a title.").max(200, "The title is longer than 200 characters.") }).strict();

// PATCH /api/v1/comparisons/<id>: rename ({"title"})
export async function PATCH(request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeComparisonOrThrow((await ctx.params).id, viewer, "write");
    const { title } = await readJson(request, renameSchema);
    await renameComparison({ id, title });
    return Response.json({ id, title });
  } catch (error) {
    return errorResponse(error);
  }
}

// DELETE /api/v1/comparisons/<id>: delete it with its answers and share links
export async function DELETE(_request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeComparisonOrThrow((await ctx.params).id, viewer, "write");
    await deleteComparison({ id });
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
