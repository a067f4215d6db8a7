import { requireViewer } from "@/lib/auth/viewer";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { followUpSchema } from "@/lib/compare/schema";
import { addTurn } from "@/lib/compare/service";
import { NDJSON_HEADERS, streamNewRun } from "@/lib/compare/stream";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/v1/comparisons/<id>/turns: a follow-up prompt to every pane, streamed as NDJSON
export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeComparisonOrThrow((await ctx.params).id, viewer, "write");
    const { prompt } = await readJson(request, followUpSchema);
    const stream = await streamNewRun((observe) => addTurn(id, prompt, { observe }));
    return new Response(stream, { headers: NDJSON_HEADERS });
  } catch (error) {
    return errorResponse(error);
  }
}
