// Prometheus metrics of this process (prom-client), served by GET /api/metrics. One registry per
// process, kept on globalThis so Next's dev reloads do not register the metrics twice. With several
// instances, each serves its own: scrape every instance (README, "Observability").
//
// Label values stay bounded: route patterns (`/api/v1/comparisons/[id]`), never URLs; provider ids;
// catalog model ids; a few statuses. Recording is synchronous and allocation-light (one call when
// a request or a pane ends), never per token.
import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { log } from "./log";

type Model = { id: string; provider: string };

/** Distinct route labels kept; later ones are counted as "other" (a guard, the app has ~50 routes). */
const MAX_ROUTES = 200;

/** Time-to-first-token buckets, seconds: 50 ms to 1 minute. */
export const TTFT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8, 13, 20, 30, 60];

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "juxta_process_" });
  const routes = new Set<string>();
  const m = {
    registry,
    routes,
    requests: new Counter({
      name: "juxta_http_requests_total",
      help: "API requests handled, by method, route pattern and status",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: "juxta_http_request_duration_seconds",
      help: "Time to the response headers of API requests (a stream's body is not counted), by method and route pattern",
      labelNames: ["method", "route"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    panes: new Counter({
      name: "juxta_panes_total",
      help: "Comparison panes ended, by provider and status (done, error, stopped, skipped)",
      labelNames: ["provider", "status"] as const,
      registers: [registry],
    }),
    evalAnswers: new Counter({
      name: "juxta_eval_answers_total",
      help: "Evaluation answer attempts ended, by provider and status (done, failed)",
      labelNames: ["provider", "status"] as const,
      registers: [registry],
    }),
    ttft: new Histogram({
      name: "juxta_time_to_first_token_seconds",
      help: "Time to first token of provider calls (panes and evaluation answers), by catalog model id and provider",
      labelNames: ["model", "provider"] as const,
      buckets: TTFT_BUCKETS,
      registers: [registry],
    }),
    spend: new Counter({
      name: "juxta_spend_usd_total",
      help: "Estimated provider spend in USD (panes and evaluation answers with a known price), by provider",
      labelNames: ["provider"] as const,
      registers: [registry],
    }),
    queue: new Gauge({
      name: "juxta_queue_jobs",
      help: "Jobs in the pg-boss queues (read at scrape time), by queue and state (queued: created or retry; active)",
      labelNames: ["queue", "state"] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const rows = await queueDepth();
        for (const r of rows) this.set({ queue: r.queue, state: r.state }, r.jobs);
      },
    }),
    queueScrapeErrors: new Counter({
      name: "juxta_queue_scrape_errors_total",
      help: "Scrapes whose queue depth could not be read (database away or slow)",
      registers: [registry],
    }),
  };
  return m;
}

type Metrics = ReturnType<typeof create>;
const key = Symbol.for("juxta.observability.metrics");
type Holder = { [key]?: Metrics };

function instance(): Metrics {
  return ((globalThis as Holder)[key] ??= create());
}

/** The registry of this process (its text is what GET /api/metrics serves). */
export function metricsRegistry(): Registry {
  return instance().registry;
}

/** How long the queue-depth query may take before a scrape goes on without it. */
export const QUEUE_QUERY_TIMEOUT_MS = 1000;

type QueueRow = { queue: string; state: "queued" | "active"; jobs: number };

async function queueDepth(): Promise<QueueRow[]> {
  try {
    const { getDb } = await import("@/lib/db");
    const db = getDb();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the queue depth query took over ${QUEUE_QUERY_TIMEOUT_MS} ms`)), QUEUE_QUERY_TIMEOUT_MS);
    });
    // one statement, on the jobs table of pg-boss (lib/evals/run/queue.ts)
    const query = db.$queryRaw<{ queue: string; state: string; jobs: number }[]>`
      SELECT name AS queue, CASE WHEN state = 'active' THEN 'active' ELSE 'queued' END AS state, count(*)::int AS jobs
      FROM pgboss.job WHERE state IN ('created', 'retry', 'active')
      GROUP BY 1, 2`;
    try {
      const rows = await Promise.race([query, timeout]);
      return rows.map((r) => ({ queue: r.queue, state: r.state === "active" ? "active" : "queued", jobs: Number(r.jobs) }));
    } finally {
      clearTimeout(timer);
      query.catch(() => {});
    }
  } catch (error) {
    // no queue schema yet (no evaluation worker ever started on this database): nothing is queued
    if (error instanceof Error && /pgboss\.job" does not exist|42P01/.test(error.message)) return [];
    instance().queueScrapeErrors.inc();
    log.warn("could not read the queue depth for /api/metrics", { error });
    return [];
  }
}

/** The label of a route: its pattern, at most MAX_ROUTES distinct ones. */
function routeLabel(m: Metrics, route: string): string {
  if (m.routes.has(route)) return route;
  if (m.routes.size >= MAX_ROUTES) return "other";
  m.routes.add(route);
  return route;
}

export const metrics = {
  /** An API request answered (headers sent): `route` is its pattern, e.g. /api/v1/comparisons/[id]. */
  requestEnded(method: string, route: string, status: number, seconds: number): void {
    const m = instance();
    const label = routeLabel(m, route);
    m.requests.inc({ method, route: label, status: String(status) });
    m.requestSeconds.observe({ method, route: label }, seconds);
  },
  /** A comparison pane ended (or was skipped). */
  paneEnded(model: Model, status: string, ttftMs: number | null | undefined, costUsd: number | null | undefined): void {
    const m = instance();
    m.panes.inc({ provider: model.provider, status });
    callEnded(m, model, ttftMs, costUsd);
  },
  /** An evaluation answer's attempt ended. */
  evalAnswerEnded(model: Model, ok: boolean, ttftMs: number | null | undefined, costUsd: number | null | undefined): void {
    const m = instance();
    m.evalAnswers.inc({ provider: model.provider, status: ok ? "done" : "failed" });
    callEnded(m, model, ttftMs, costUsd);
  },
};

function callEnded(m: Metrics, model: Model, ttftMs: number | null | undefined, costUsd: number | null | undefined): void {
  if (ttftMs != null && Number.isFinite(ttftMs)) m.ttft.observe({ model: model.id, provider: model.provider }, ttftMs / 1000);
  if (costUsd != null && costUsd > 0) m.spend.inc({ provider: model.provider }, costUsd);
}
