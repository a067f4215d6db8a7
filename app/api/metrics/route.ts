import { endpoint, otherMethods } from "@/lib/http/route";
import { metricsRegistry } from "@/lib/observability/metrics";
import { authorizeMetricsOrThrow } from "@/lib/observability/metrics-access";

export const dynamic = "force-dynamic";

// GET /api/metrics: this instance's Prometheus metrics (text format), with Authorization: Bearer <JUXTA_METRICS_TOKEN>;
// 404 while JUXTA_METRICS_TOKEN is unset, 401 with a missing or wrong token
export const GET = endpoint({ auth: "none", authorize: ({ request }) => authorizeMetricsOrThrow(request) }, async () => {
  const registry = metricsRegistry();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
