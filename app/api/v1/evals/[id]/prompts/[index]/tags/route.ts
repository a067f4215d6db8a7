import { z } from "zod";
import { putTagsBodySchema } from "@/lib/categories/schema";
import { getEvalPromptTags, putEvalPromptTags } from "@/lib/categories/tags";
import { authorizeSession } from "@/lib/evals/access";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const params = z.object({
  id: z.string(),
  index: z
    .string()
    .regex(/^\d{1,6}$/, "A prompt is its index in the session (0, 1, ...).")
    .transform(Number),
});

// GET /api/v1/evals/<id>/prompts/<index>/tags: the prompt's own tags and its rule tags
export const GET = endpoint(
  { params, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:read") },
  async ({ access, params }) => Response.json(await getEvalPromptTags(access, params.index)),
);

// PUT /api/v1/evals/<id>/prompts/<index>/tags: replace the prompt's own tags ({"tags": [...]}), for whoever may edit the session (evals:create)
export const PUT = endpoint(
  { params, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:create"), body: putTagsBodySchema },
  async ({ access, params, body }) => Response.json(await putEvalPromptTags(access, params.index, body)),
);

export const { POST, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, PUT });
