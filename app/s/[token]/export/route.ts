import { AppError, errorResponse } from "@/lib/errors";
import { parseOrThrow } from "@/lib/http";
import { exportResponse } from "@/lib/shares/export";
import { exportFormatSchema } from "@/lib/shares/schema";
import { findActiveShareByToken } from "@/lib/shares/service";

export const dynamic = "force-dynamic";

// GET /s/<token>/export?format=json|md: the shared snapshot as a download (no sign-in; no ids in it)
export async function GET(request: Request, ctx: { params: Promise<{ token: string }> }) {
  try {
    const format = parseOrThrow(exportFormatSchema, new URL(request.url).searchParams.get("format") ?? undefined);
    const share = await findActiveShareByToken({ token: (await ctx.params).token });
    // the same answer for an unknown, revoked, expired or malformed token
    if (!share) throw new AppError("not_found", "This link does not exist or is no longer shared.");
    const response = exportResponse(share.snapshot, format);
    response.headers.set("x-robots-tag", "noindex");
    response.headers.set("referrer-policy", "no-referrer");
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}
