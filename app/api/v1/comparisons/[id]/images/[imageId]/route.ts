import { z } from "zod";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { getTurnImage, imageResponse } from "@/lib/compare/images";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string(), imageId: z.string() });

// GET /api/v1/comparisons/<id>/images/<imageId>: an image attached to one of the comparison's prompts (its readers only)
export const GET = endpoint(
  { params, authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "read") },
  async ({ access, params }) => imageResponse(await getTurnImage(access, params.imageId), { shared: false }),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
