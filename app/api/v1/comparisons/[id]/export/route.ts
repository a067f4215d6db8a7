import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { getComparisonById } from "@/lib/compare/queries";
import { AppError } from "@/lib/errors";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { exportResponse } from "@/lib/shares/export";
import { exportFormatSchema } from "@/lib/shares/schema";

export const dynamic = "force-dynamic";

// GET /api/v1/comparisons/<id>/export?format=json|md: the whole comparison as a download (JSON: everything stored)
export const GET = endpoint(
  {
    params: idParams,
    query: exportFormatSchema,
    queryInput: (url) => url.searchParams.get("format") ?? undefined,
    authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "read"),
  },
  async ({ access, query: format }) => {
    const comparison = await getComparisonById(access);
    if (!comparison) throw new AppError("not_found", "This comparison does not exist.");
    return exportResponse(comparison, format);
  },
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
