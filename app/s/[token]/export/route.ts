import { z } from "zod";
import { AppError } from "@/lib/errors";
import { endpoint, otherMethods } from "@/lib/http/route";
import { exportResponse } from "@/lib/shares/export";
import { exportFormatSchema } from "@/lib/shares/schema";
import { findActiveShareByToken } from "@/lib/shares/service";

export const dynamic = "force-dynamic";

// GET /s/<token>/export?format=json|md: the shared snapshot as a download (no sign-in; no ids in it)
export const GET = endpoint(
  {
    auth: "none",
    params: z.object({ token: z.string() }),
    query: exportFormatSchema,
    queryInput: (url) => url.searchParams.get("format") ?? undefined,
  },
  async ({ params, query: format }) => {
    const share = await findActiveShareByToken({ token: params.token });
    // the same answer for an unknown, revoked, expired or malformed token
    if (!share) throw new AppError("not_found", "This link does not exist or is no longer shared.");
    const response = exportResponse(share.snapshot, format);
    response.headers.set("x-robots-tag", "noindex");
    response.headers.set("referrer-policy", "no-referrer");
    return response;
  },
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
