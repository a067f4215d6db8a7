import { z } from "zod";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { paneIndexSchema } from "@/lib/compare/schema";
import { retryPane } from "@/lib/compare/service";
import { followComparison, NDJSON_HEADERS } from "@/lib/compare/stream";
import { AppError } from "@/lib/errors";
import { endpoint, otherMethods } from "@/lib/http/route";
import { spenderOf } from "@/lib/limits/compare";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.string(), pane: z.string() });

// POST /api/v1/comparisons/<id>/panes/<pane>/retry: run one pane's latest answer again
export const POST = endpoint(
  {
    params: paramsSchema,
    // the comparison first: someone else's is 404 whatever the pane
    authorize: async ({ viewer, params }) => {
      const comparison = await authorizeComparisonOrThrow(params.id, viewer, "write");
      const index = paneIndexSchema.safeParse(params.pane);
      if (!index.success) throw new AppError("not_found", `This comparison has no pane ${params.pane}.`, "pane");
      return { comparison, pane: index.data };
    },
  },
  async ({ viewer, access: { comparison, pane } }) => {
    await retryPane(comparison, pane, { spender: spenderOf(viewer, comparison.teamId) });
    return new Response(followComparison(comparison), { headers: NDJSON_HEADERS });
  },
);

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
