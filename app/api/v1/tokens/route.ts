import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { AppError } from "@/lib/errors";
import { endpoint, otherMethods } from "@/lib/http/route";
import { createTokenSchema } from "./schema";

export const dynamic = "force-dynamic";

// GET /api/v1/tokens: the caller's personal API tokens (never the secrets)
export const GET = endpoint({}, async ({ viewer }) => Response.json({ tokens: await listApiTokens({ userId: viewer.id }) }));

// POST /api/v1/tokens: create a token ({"name"}); the secret is in this response only
export const POST = endpoint(
  {
    authorize: ({ viewer }) => {
      if (viewer.local) throw new AppError("bad_request", "Sign-in is off: the API needs no token in local mode.");
    },
    body: createTokenSchema,
  },
  async ({ viewer, body }) => Response.json(await createApiToken({ userId: viewer.id, name: body.name }), { status: 201 }),
);

export const { PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, POST });
