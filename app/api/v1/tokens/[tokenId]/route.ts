import { z } from "zod";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { AppError } from "@/lib/errors";
import { endpoint, otherMethods } from "@/lib/http/route";
import { tokenIdSchema } from "../schema";

export const dynamic = "force-dynamic";

// DELETE /api/v1/tokens/<tokenId>: revoke one of the caller's tokens
export const DELETE = endpoint({ params: z.object({ tokenId: z.string() }) }, async ({ viewer, params: { tokenId } }) => {
  if (!tokenIdSchema.safeParse(tokenId).success) throw new AppError("not_found", "This API token does not exist.");
  await revokeApiToken({ userId: viewer.id, tokenId });
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, HEAD, OPTIONS } = otherMethods({ DELETE });
