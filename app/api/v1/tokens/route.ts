import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { requireViewer } from "@/lib/auth/viewer";
import { AppError, errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";
import { createTokenSchema } from "./schema";

export const dynamic = "force-dynamic";

// GET /api/v1/tokens: the caller's personal API tokens (never the secrets)
export async function GET() {
  try {
    const viewer = await requireViewer();
    return Response.json({ tokens: await listApiTokens({ userId: viewer.id }) });
  } catch (error) {
    return errorResponse(error);
  }
}

// POST /api/v1/tokens: create a token ({"name"}); the secret is in this response only
export async function POST(request: Request) {
  try {
    const viewer = await requireViewer();
    if (viewer.local) throw new AppError("bad_request", "Sign-in is off: the API needs no token in local mode.");
    const { name } = await readJson(request, createTokenSchema);
    return Response.json(await createApiToken({ userId: viewer.id, name }), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
