// What the request wrapper of lib/observability adds to each API request (request id, the
// AsyncLocalStorage scope, the requests counter and histogram, the x-request-id header) and what
// a pane's end costs in the metrics: side by side with the bare handler, per call.
// npx tsx --conditions=react-server bench/observability-overhead.ts
import { observeRequest } from "@/lib/observability/http";
import { metrics } from "@/lib/observability/metrics";

const N = 50_000;
const request = new Request("http://127.0.0.1/api/v1/comparisons/cm123/stop", { method: "POST" });
const ctx = { params: Promise.resolve({ id: "cm123" }) };
const handler = async () => Response.json({ ok: true });

async function time(label: string, fn: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < 2000; i++) await fn();
  const start = performance.now();
  for (let i = 0; i < N; i++) await fn();
  const us = ((performance.now() - start) * 1000) / N;
  console.log(`${label.padEnd(34)} ${us.toFixed(2)} µs per call`);
  return us;
}

const bare = await time("bare handler", handler);
const observed = await time("handler through observeRequest", () => observeRequest(request, ctx, handler));
const model = { id: "openai:gpt-4o-mini", provider: "openai" };
const pane = await time("metrics.paneEnded", () => metrics.paneEnded(model, "done", 412, 0.00012));
console.log(
  `request wrapper adds ${(observed - bare).toFixed(2)} µs (${(observed / bare).toFixed(2)}x the bare handler); a pane's end ${pane.toFixed(2)} µs`,
);
