import { revokeApiToken } from "@/lib/auth/api-tokens";
import { requireViewer } from "@/lib/auth/viewer";
import { AppError, errorResponse } from "@/lib/errors";
import { tokenIdSchema } from "../schema";

export const dynamic = "force-dynamic";

// DELETE /api/v1/tokens/<tokenId>: revoke one of the caller's tokens
export async function DELETE(_request: Request, ctx: { params: Promise<{ tokenId: string }> }) {
  try {
    const viewer = await requireViewer();
    const { tokenId } = await ctx.params;
    if (!tokenIdSchema.safeParse(tokenId).success) throw new AppError("not_found", "This API token does not exist.");
    await revokeApiToken({ userId: viewer.id, tokenId });
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
