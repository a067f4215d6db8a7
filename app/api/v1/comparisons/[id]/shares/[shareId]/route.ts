import { z } from "zod";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { endpoint, otherMethods } from "@/lib/http/route";
import { refreshShareSchema } from "@/lib/shares/schema";
import { refreshShare, revokeShare } from "@/lib/shares/service";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.string(), shareId: z.string() });
const authorize = async ({
  viewer,
  params,
}: {
  viewer: Parameters<typeof authorizeComparisonOrThrow>[1];
  params: z.infer<typeof paramsSchema>;
}) => ({
  comparison: await authorizeComparisonOrThrow(params.id, viewer, "write"),
  shareId: params.shareId,
});

// PATCH /api/v1/comparisons/<id>/shares/<shareId>: point the link at the comparison as it is now (body {} or none)
export const PATCH = endpoint({ params: paramsSchema, authorize, body: refreshShareSchema }, async ({ access }) =>
  Response.json(await refreshShare(access.comparison, access.shareId)),
);

// DELETE /api/v1/comparisons/<id>/shares/<shareId>: revoke the link; it shows "not found" from now on
export const DELETE = endpoint({ params: paramsSchema, authorize }, async ({ access }) => {
  await revokeShare(access.comparison, access.shareId);
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, HEAD, OPTIONS } = otherMethods({ PATCH, DELETE });
