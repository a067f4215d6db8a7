import { putTagsBodySchema } from "@/lib/categories/schema";
import { getComparisonTags, putComparisonTags } from "@/lib/categories/tags";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/comparisons/<id>/tags: the comparison's own tags and each turn's rule tags
export const GET = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "read") },
  async ({ access }) => Response.json(await getComparisonTags(access)),
);

// PUT /api/v1/comparisons/<id>/tags: replace the comparison's own tags ({"tags": ["support", ...]}), for whoever may change it
export const PUT = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "write"), body: putTagsBodySchema },
  async ({ access, body }) => Response.json(await putComparisonTags(access, body)),
);

export const { POST, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, PUT });
