import { requireViewer } from "@/lib/auth/viewer";
import { AppError, errorResponse } from "@/lib/errors";
import { parseOrThrow } from "@/lib/http";
import { computeSpeedBoard, speedBoardQuerySchema } from "@/lib/votes/speed-board";

export const dynamic = "force-dynamic";

/** The query string as schema input: `provider` may be repeated (joined like a comma list); any other repeat is a 400. */
function queryInput(url: URL): Record<string, string> {
  const input: Record<string, string> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    if (values.length > 1 && key !== "provider") throw new AppError("validation", `${key} is given more than once.`, key);
    input[key] = values.join(",");
  }
  return input;
}

// GET /api/v1/leaderboard/speed?from&to&provider=openai,azure: per-deployment latency, throughput, error rate and cost from every user's stored answers (global, like the leaderboard)
export async function GET(request: Request) {
  try {
    const query = parseOrThrow(speedBoardQuerySchema, queryInput(new URL(request.url)));
    await requireViewer();
    return Response.json(await computeSpeedBoard(query));
  } catch (error) {
    return errorResponse(error);
  }
}
