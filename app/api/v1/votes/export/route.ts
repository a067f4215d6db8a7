import { requireViewer } from "@/lib/auth/viewer";
import { AppError, errorResponse } from "@/lib/errors";
import { parseOrThrow } from "@/lib/http";
import { exportVotesResponse, voteExportQuerySchema } from "@/lib/votes/export";

export const dynamic = "force-dynamic";

// GET /api/v1/votes/export?format=csv|jsonl|pairs&mode=blind|named|all&from&to: the caller's own votes as a download (they carry prompts and answers, so never anyone else's)
export async function GET(request: Request) {
  try {
    const params = new URL(request.url).searchParams;
    // a repeated parameter is ambiguous (which format?): say so rather than pick one
    for (const key of new Set(params.keys())) if (params.getAll(key).length > 1) throw new AppError("validation", `${key} is given more than once.`, key);
    const query = parseOrThrow(voteExportQuerySchema, Object.fromEntries(params));
    const viewer = await requireViewer();
    return await exportVotesResponse({ viewer, query });
  } catch (error) {
    return errorResponse(error);
  }
}
