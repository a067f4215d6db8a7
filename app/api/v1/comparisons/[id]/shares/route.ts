import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { idParams } from "@/lib/http";
import { publicUrl } from "@/lib/http/origin";
import { endpoint, otherMethods } from "@/lib/http/route";
import { createShareSchema, expiryFrom } from "@/lib/shares/schema";
import { createShare, listShares, sharePath } from "@/lib/shares/service";

export const dynamic = "force-dynamic";

// GET /api/v1/comparisons/<id>/shares: the comparison's links with their status (never a token)
export const GET = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "read") },
  async ({ access }) => Response.json({ shares: await listShares(access) }),
);

// POST /api/v1/comparisons/<id>/shares: a read-only link ({"expiresInDays"} or {"expiresAt"}, optional); the URL is shown only here
export const POST = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "write"), body: createShareSchema },
  async ({ access, body, request }) => {
    const { share, token } = await createShare(access, { expiresAt: expiryFrom(body, new Date()) });
    // NEXTAUTH_URL's origin (the public URL behind a load balancer), else the origin the request came to
    const url = publicUrl(sharePath(token), request);
    return Response.json(
      { id: share.id, url, expiresAt: share.expiresAt, createdAt: share.createdAt },
      { status: 201, headers: { "cache-control": "no-store" } },
    );
  },
);

export const { PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, POST });
