import { singleValuedQuery } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { computeSpeedBoard, speedBoardQuerySchema } from "@/lib/votes/speed-board";

export const dynamic = "force-dynamic";

// GET /api/v1/leaderboard/speed?from&to&provider=openai,azure: per-deployment latency, throughput, error rate and cost from every user's stored answers (global, like the leaderboard)
export const GET = endpoint(
  // `provider` may be repeated (joined like a comma list); any other repeat is a 400
  { query: speedBoardQuerySchema, queryInput: (url) => singleValuedQuery(url, { joined: ["provider"] }) },
  async ({ query }) => Response.json(await computeSpeedBoard(query)),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
