import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { getEnv } from "@/lib/env";
import { authorizeScorecard } from "@/lib/scorecards/access";
import { evidencePath, linkBase } from "@/lib/scorecards/alerts";
import { routeExport } from "@/lib/scorecards/route-it";
import { routeQuerySchema } from "@/lib/scorecards/schema";
import { scorecardView } from "@/lib/scorecards/view";

export const dynamic = "force-dynamic";

// GET /api/v1/scorecards/<id>/route?by=cost|speed&format=openrouter|vercel|litellm: the deployments as a gateway fallback order, with the evidence link
export const GET = endpoint(
  { params: idParams, query: routeQuerySchema, authorize: ({ viewer, params }) => authorizeScorecard(params.id, viewer, "evals:read") },
  async ({ access, query, request }) => {
    const view = await scorecardView(access);
    const env = getEnv();
    const latest = view.runs.find((r) => r.status === "finished");
    const base = linkBase(env, new URL(request.url).origin);
    const evidenceUrl = latest ? `${base}${evidencePath(view.id, latest.id)}` : `${base}/scorecards/${view.id}`;
    return Response.json(routeExport(view, query, evidenceUrl, env), { headers: { "cache-control": "no-store" } });
  },
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
