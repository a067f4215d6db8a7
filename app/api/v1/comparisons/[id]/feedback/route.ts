import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { feedbackBodySchema, listFeedback, saveFeedback } from "@/lib/votes";

export const dynamic = "force-dynamic";

// GET /api/v1/comparisons/<id>/feedback: the caller's feedback (thumbs, reasons, comment) on this comparison's answers, by turn and pane
export const GET = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "read") },
  async ({ access }) => Response.json({ feedback: await listFeedback(access) }),
);

// PUT /api/v1/comparisons/<id>/feedback: save the caller's feedback on one pane's answer ({"turn"?, "pane", "thumb"?, "reasons"?, "comment"?}), with or without a vote
export const PUT = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "write"), body: feedbackBodySchema },
  async ({ access, body }) => Response.json(await saveFeedback(access, body)),
);

export const { POST, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, PUT });
