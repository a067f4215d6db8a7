import { z } from "zod";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { MAX_MODELS } from "@/lib/compare/schema";
import { stopPanes } from "@/lib/compare/service";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const stopSchema = z
  .object({
    pane: z
      .number()
      .int()
      .min(0)
      .max(MAX_MODELS - 1)
      .optional(),
  })
  .strict();

// POST /api/v1/comparisons/<id>/stop: stop one pane ({"pane": n}) or all of them ({})
export const POST = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "write"), body: stopSchema },
  async ({ access, body }) => Response.json({ stopped: await stopPanes(access, body.pane) }),
);

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
