import { authorizeSession } from "@/lib/evals/access";
import { createEvalShare, evalSharePath, listEvalShares } from "@/lib/evals/shares";
import { idParams } from "@/lib/http";
import { publicUrl } from "@/lib/http/origin";
import { endpoint, otherMethods } from "@/lib/http/route";
import { createShareSchema, expiryFrom } from "@/lib/shares/schema";

export const dynamic = "force-dynamic";

// GET /api/v1/evals/<id>/shares: the session's results links with their status (never a token)
export const GET = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:share") },
  async ({ access }) => Response.json({ shares: await listEvalShares(access) }, { headers: { "cache-control": "no-store" } }),
);

// POST /api/v1/evals/<id>/shares: a read-only results link ({"expiresInDays"} or {"expiresAt"}, optional); the URL is shown only here
export const POST = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:share"), body: createShareSchema },
  async ({ access, body, request }) => {
    const { share, token } = await createEvalShare(access, { expiresAt: expiryFrom(body, new Date()) });
    // NEXTAUTH_URL's origin (the public URL behind a load balancer), else the origin the request came to
    const url = publicUrl(evalSharePath(token), request);
    return Response.json({ ...share, url }, { status: 201, headers: { "cache-control": "no-store" } });
  },
);

export const { PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, POST });
