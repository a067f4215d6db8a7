import { comparisonIdSchema, followUpSchema } from "@/lib/compare/schema";
import { addTurn } from "@/lib/compare/service";
import { NDJSON_HEADERS, streamNewRun } from "@/lib/compare/stream";
import { AppError, errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/v1/comparisons/<id>/turns: a follow-up prompt to every pane, streamed as NDJSON
export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await ctx.params;
    if (!comparisonIdSchema.safeParse(id).success) throw new AppError("not_found", "This comparison does not exist.");
    const { prompt } = await readJson(request, followUpSchema);
    const stream = await streamNewRun((observe) => addTurn(id, prompt, { observe }));
    return new Response(stream, { headers: NDJSON_HEADERS });
  } catch (error) {
    return errorResponse(error);
  }
}
