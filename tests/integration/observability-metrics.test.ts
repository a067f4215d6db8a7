// GET /api/metrics (lib/observability/metrics.ts): hidden unless JUXTA_METRICS_TOKEN is set, 401
// without the token, and its counters move after a real comparison against the emulator: requests
// by route pattern, panes by provider and status, time-to-first-token buckets per deployment,
// spend, and the pg-boss queue depth read at scrape time.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";

const TOKEN = "metrics-token-0123456789abcdef";
let emulator: Emulator;
let metricsRoute: typeof import("@/app/api/metrics/route");
let comparisons: typeof import("@/app/api/v1/comparisons/route");
let comparison: typeof import("@/app/api/v1/comparisons/[id]/route");
let resetEnvCache: () => void;

beforeAll(async () => {
  emulator = await startEmulator({ scripts: {} });
  Object.assign(process.env, emulatorEnv(emulator.url), { DATABASE_URL: inject("databaseUrl") });
  delete process.env.JUXTA_METRICS_TOKEN;
  ({ resetEnvCache } = await import("@/lib/env"));
  resetEnvCache();
  metricsRoute = await import("@/app/api/metrics/route");
  comparisons = await import("@/app/api/v1/comparisons/route");
  comparison = await import("@/app/api/v1/comparisons/[id]/route");
});
afterAll(async () => {
  delete process.env.JUXTA_METRICS_TOKEN;
  resetEnvCache?.();
  await emulator?.close();
});

function withToken(token: string | undefined) {
  if (token === undefined) delete process.env.JUXTA_METRICS_TOKEN;
  else process.env.JUXTA_METRICS_TOKEN = token;
  resetEnvCache();
}

const scrape = (authorization?: string) =>
  metricsRoute.GET(new Request("http://127.0.0.1/api/metrics", { headers: authorization ? { authorization } : {} }));

async function metricsText(): Promise<string> {
  const res = await scrape(`Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of one sample, e.g. value(text, 'juxta_panes_total{provider="openai",status="done"}'); 0 when absent. */
function value(text: string, sample: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

describe("GET /api/metrics access", () => {
  it("is 404 while JUXTA_METRICS_TOKEN is unset, even with a token", async () => {
    withToken(undefined);
    for (const res of [await scrape(), await scrape(`Bearer ${TOKEN}`)]) {
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
  });

  it("is 401 without a bearer token or with a wrong one, 200 with the right one", async () => {
    withToken(TOKEN);
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN]) {
      const res = await scrape(authorization);
      expect(res.status, String(authorization)).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });
});

describe("what the metrics count", () => {
  it("a comparison moves the request, pane, time-to-first-token and spend metrics", async () => {
    withToken(TOKEN);
    const before = await metricsText();
    const res = await comparisons.POST(
      new Request("http://127.0.0.1/api/v1/comparisons", {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": "metrics-test-1" },
        body: JSON.stringify({ prompt: "Say hi", models: ["openai:gpt-4o-mini", "azure:prod-mini"] }),
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("metrics-test-1");
    const events = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; id?: string });
    const id = events.find((e) => e.type === "comparison")!.id!;
    expect(events.filter((e) => e.type === "pane-finish")).toHaveLength(2);
    // a route with a param is counted by its pattern, not its URL
    const read = await comparison.GET(new Request(`http://127.0.0.1/api/v1/comparisons/${id}`), { params: Promise.resolve({ id }) });
    expect(read.status).toBe(200);

    const after = await metricsText();
    const delta = (sample: string) => value(after, sample) - value(before, sample);
    expect(delta('juxta_http_requests_total{method="POST",route="/api/v1/comparisons",status="200"}')).toBe(1);
    expect(delta('juxta_http_requests_total{method="GET",route="/api/v1/comparisons/[id]",status="200"}')).toBe(1);
    expect(after).not.toContain(`route="/api/v1/comparisons/${id}"`);
    expect(delta('juxta_panes_total{provider="openai",status="done"}')).toBe(1);
    expect(delta('juxta_panes_total{provider="azure",status="done"}')).toBe(1);
    // histogram buckets per deployment (catalog model id)
    for (const le of ["0.05", "1", "60", "+Inf"]) {
      expect(after).toMatch(
        new RegExp(
          `^juxta_time_to_first_token_seconds_bucket\\{le="${le.replace("+", "\\+")}",model="openai:gpt-4o-mini",provider="openai"\\} \\d+$`,
          "m",
        ),
      );
    }
    expect(delta('juxta_time_to_first_token_seconds_count{model="openai:gpt-4o-mini",provider="openai"}')).toBe(1);
    expect(delta('juxta_time_to_first_token_seconds_count{model="azure:prod-mini",provider="azure"}')).toBe(1);
    expect(delta('juxta_spend_usd_total{provider="openai"}')).toBeGreaterThan(0);
    // the scrapes themselves are requests too
    expect(delta('juxta_http_requests_total{method="GET",route="/api/metrics",status="200"}')).toBe(1);
  });

  it("queue depth: jobs waiting in a provider queue, read from pg-boss at scrape time", async () => {
    withToken(TOKEN);
    const { createEvalQueue } = await import("@/lib/evals/run/queue");
    const queue = await createEvalQueue({ connectionString: inject("databaseUrl"), poolSize: 2 });
    const ids: string[] = [];
    try {
      const before = value(await metricsText(), 'juxta_queue_jobs{queue="eval-bedrock",state="queued"}');
      for (const answerId of ["metrics-a", "metrics-b"])
        ids.push((await queue.boss.send("eval-bedrock", { answerId, sessionId: "metrics-s" }))!);
      const after = await metricsText();
      expect(value(after, 'juxta_queue_jobs{queue="eval-bedrock",state="queued"}')).toBe(before + 2);
      expect(after).toContain("# TYPE juxta_queue_jobs gauge");
      expect(value(after, "juxta_queue_scrape_errors_total")).toBe(0);
    } finally {
      // no worker of a later test file should meet these jobs
      for (const jobId of ids) await queue.boss.deleteJob("eval-bedrock", jobId);
      await queue.stop();
    }
  });
});
