import { z } from "zod";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { deleteComparison, getComparisonById, renameComparison } from "@/lib/compare/queries";
import { AppError } from "@/lib/errors";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const renameSchema = z
  .object({ title: z.string().trim().min(1, "Enter a title.").max(200, "The title is longer than 200 characters.") })
  .strict();

// GET /api/v1/comparisons/<id>: the stored comparison, every pane with text, status and metrics
export const GET = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "read") },
  async ({ access }) => {
    const comparison = await getComparisonById(access);
    if (!comparison) throw new AppError("not_found", "This comparison does not exist.");
    return Response.json(comparison);
  },
);

// PATCH /api/v1/comparisons/<id>: rename ({"title"})
export const PATCH = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "write"), body: renameSchema },
  async ({ access, body: { title } }) => {
    await renameComparison(access, { title });
    return Response.json({ id: access.id, title });
  },
);

// DELETE /api/v1/comparisons/<id>: delete it with its answers and share links
export const DELETE = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "write") },
  async ({ access }) => {
    await deleteComparison(access);
    return new Response(null, { status: 204 });
  },
);

export const { POST, PUT, HEAD, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
