// Scorecards (issue 12) with the real queue (pg-boss on PostgreSQL), the workers and the provider
// emulator: creation and its validation, a run end to end, pause / resume / cancel, the spend cap,
// the scheduled trigger, and a drift alert that reaches a webhook receiver.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AppError } from "@/lib/errors";
import { worstCaseOfCall } from "@/lib/limits";
import { findModel } from "@/lib/providers";
import { newId } from "@/lib/ids";
import { authorizeScorecard } from "@/lib/scorecards/access";
import { postWebhook } from "@/lib/scorecards/alerts";
import { handleScheduledRun, scheduledScorecards, cronOf } from "@/lib/scorecards/schedule";
import { createScorecardSchema } from "@/lib/scorecards/schema";
import { openWebhooks } from "@/lib/scorecards/secrets";
import {
  cancelScorecardRun,
  createScorecard,
  deleteScorecard,
  pauseScorecardRun,
  resumeScorecardRun,
  startScorecardRun,
  updateScorecard,
} from "@/lib/scorecards/service";
import { listNotifications, markRead } from "@/lib/notifications/service";
import { scorecardView } from "@/lib/scorecards/view";
import { routeExport } from "@/lib/scorecards/route-it";
import type { ProbeItem } from "@/lib/scorecards/types";
import type { EvalWorkers } from "@/lib/evals/run/worker";
import { startEvalHarness, TEST_RUN_CONFIG, VIEWER, waitFor, type EvalHarness } from "../helpers/eval-harness";

let h: EvalHarness;
let workers: EvalWorkers;

beforeAll(async () => {
  // a 5 s idle timeout: the machine running the tests may be busy
  h = await startEvalHarness(inject("databaseUrl"), { ...TEST_RUN_CONFIG, timeoutMs: 5000 });
  workers = h.startWorkers();
});
afterAll(async () => {
  await h?.close();
});

const deps = () => ({ db: h.db, queue: h.queue, env: h.env });
const OPENAI = "openai:gpt-4o-mini";
const AZURE = "azure:prod-mini";
const BEDROCK = "bedrock:amazon.nova-pro-v1:0";

/** A custom suite stored directly (n items asking for a number, each checked "exact 42"). */
async function suiteOf(n: number, name = "numbers"): Promise<string> {
  const items: ProbeItem[] = Array.from({ length: n }, (_, i) => ({
    key: `custom/q${String(i).padStart(3, "0")}`,
    family: "custom",
    prompt: `Question ${i}: what is six times seven? Answer with the number only.`,
    params: { maxOutputTokens: 20 },
    checker: { kind: "exact", expected: "42" },
  }));
  const id = newId();
  await h.db.probeSuite.create({ data: { id, name, ownerId: VIEWER.id, items: items as object[] } });
  return id;
}

async function waitForRun(runId: string, timeoutMs = 60_000) {
  return waitFor(
    `run ${runId} to finish`,
    async () => {
      const r = await h.db.scorecardRun.findUnique({ where: { id: runId } });
      return r?.finishedAt ? r : null;
    },
    timeoutMs,
  );
}

const access = (id: string) => authorizeScorecard(id, VIEWER, "evals:run", h.db);

async function expectError(p: Promise<unknown>, code: string, field?: string | RegExp) {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (field instanceof RegExp) expect((error as AppError).field).toMatch(field);
  else if (field) expect((error as AppError).field).toBe(field);
  return error as AppError;
}

describe("creating a scorecard", () => {
  const base = { name: "gpt-4o-mini everywhere", deployments: [OPENAI, AZURE], reference: OPENAI };

  it("refuses one deployment, a reference outside the set, unknown ids and a suite the caller cannot see", async () => {
    const one = createScorecardSchema.safeParse({ ...base, deployments: [OPENAI] });
    expect(one.success).toBe(false);
    expect(one.error?.issues[0]?.path).toEqual(["deployments"]);
    expect(one.error?.issues[0]?.message).toMatch(/at least 2 deployments/);

    const outside = createScorecardSchema.safeParse({ ...base, reference: BEDROCK });
    expect(outside.success).toBe(false);
    expect(outside.error?.issues[0]?.path).toEqual(["reference"]);

    const badSchedule = createScorecardSchema.safeParse({ ...base, schedule: "monthly" });
    expect(badSchedule.error?.issues[0]?.path).toEqual(["schedule"]);

    const badHook = createScorecardSchema.safeParse({ ...base, alerts: { webhooks: ["ftp://example.test/hook"] } });
    expect(badHook.error?.issues[0]?.path).toEqual(["alerts", "webhooks", 0]);

    const unknown = createScorecardSchema.parse({ ...base, deployments: [OPENAI, "openai:no-such-model"] });
    const e = await expectError(createScorecard(unknown, VIEWER, deps()), "unknown_model", "deployments.1");
    expect(e.status).toBe(400);

    // a suite of someone else's is 404, exactly as one that does not exist
    await h.db.user.upsert({ where: { id: "someone-else" }, create: { id: "someone-else", name: "Else" }, update: {} });
    const theirs = newId();
    await h.db.probeSuite.create({ data: { id: theirs, name: "theirs", ownerId: "someone-else", items: [] } });
    const hidden = await expectError(
      createScorecard(createScorecardSchema.parse({ ...base, suite: theirs }), VIEWER, deps()),
      "not_found",
      "suite",
    );
    expect(hidden.status).toBe(404);
    await expectError(createScorecard(createScorecardSchema.parse({ ...base, suite: newId() }), VIEWER, deps()), "not_found", "suite");
    // nothing was stored
    expect(await h.db.scorecard.count({ where: { name: base.name } })).toBe(0);
  });

  it("stores the deployments' snapshot, and the webhooks encrypted", async () => {
    const suite = await suiteOf(2);
    const hook = "https://hooks.example.test/services/T000/B000/secret-token";
    const { id } = await createScorecard(createScorecardSchema.parse({ ...base, suite, alerts: { webhooks: [hook] } }), VIEWER, deps());
    const row = await h.db.scorecard.findUniqueOrThrow({ where: { id } });
    expect(row.samples).toBe(3);
    expect((row.deployments as { id: string }[]).map((d) => d.id)).toEqual([OPENAI, AZURE]);
    expect(row.alertWebhooks).not.toContain("secret-token");
    expect(row.alertWebhooks).not.toContain("hooks.example.test");
    expect(openWebhooks(row.alertWebhooks, h.env)).toEqual([hook]);
    // the view before any run
    const view = await scorecardView(await access(id), { db: h.db });
    expect(view).toMatchObject({ id, status: "draft", runs: [], samples: 3 });
    expect(view.deployments.map((d) => [d.id, d.reference])).toEqual([
      [OPENAI, true],
      [AZURE, false],
    ]);
  });
});

describe("a run through the queue", () => {
  it("makes one call per deployment x item x sample, checks each and caches the scorecard", { timeout: 90_000 }, async () => {
    const suite = await suiteOf(6);
    h.emulator.setScript(OPENAI, { text: "42", ttftMs: 5, tokensPerSecond: 0 });
    h.emulator.setScript(AZURE, { text: "41", ttftMs: 5, tokensPerSecond: 0 });
    try {
      const { id } = await createScorecard(
        createScorecardSchema.parse({ name: "run", deployments: [OPENAI, AZURE], reference: OPENAI, suite, samples: 2 }),
        VIEWER,
        deps(),
      );
      const started = await startScorecardRun(id, "manual", deps());
      expect(started).toMatchObject({ status: "running", trigger: "manual", callsTotal: 24 });
      // one run at a time
      await expectError(startScorecardRun(id, "manual", deps()), "conflict");
      const run = await waitForRun(started.id);
      expect(run.status).toBe("finished");
      const calls = await h.db.scorecardCall.findMany({ where: { runId: started.id } });
      expect(calls).toHaveLength(24);
      for (const c of calls) {
        expect(c.status, `${c.deploymentId} ${c.itemKey}: ${c.errorMessage}`).toBe("done");
        expect(c.request).toMatchObject({ params: { maxOutputTokens: 20 }, prompt: expect.stringContaining("six times seven") });
        // the answer is never sent
        expect(JSON.stringify(c.request)).not.toContain("42");
        expect(c.requestId ?? c.responseId).toBeTruthy();
        expect(c.ttftMs).not.toBeNull();
        expect(c.check).not.toBeNull();
        expect(c.pass).not.toBeNull();
        expect(c.lockedBy).toBe(workers.workerId);
      }
      // the emulator was called once per call
      const sent = h.emulator.requests.filter((r) => JSON.stringify(r.body ?? "").includes("six times seven"));
      // every attempt is one provider call (a loaded machine may time one out and retry it)
      expect(sent.length).toBe(calls.reduce((n, c) => n + c.attempts, 0));
      expect(sent.filter((r) => r.outcome === "completed").length).toBeGreaterThanOrEqual(24);
      const view = await scorecardView(await access(id), { db: h.db });
      expect(view.status).toBe("finished");
      expect(view.runs[0]).toMatchObject({ id: started.id, callsDone: 24, callsTotal: 24 });
      for (const d of view.deployments) {
        for (const m of ["accuracy", "toolCallErrorRate", "ttftP50Ms", "outputTokensPerSecond", "errorRate", "costPerCorrectUsd"])
          expect(d.metrics, `${d.id} ${m}`).toHaveProperty(m);
        expect(d.metrics.errorRate?.value).toBe(0);
        expect(typeof d.summary).toBe("string");
      }
      expect((await h.db.scorecardRun.findUniqueOrThrow({ where: { id: started.id } })).summary).not.toBeNull();
      // route it: an order of both deployments in each gateway's format
      const r = routeExport(view, { by: "cost", format: "openrouter" }, "https://juxta.example/scorecards/x", h.env);
      expect(r.order.map((e) => e.id).sort()).toEqual([AZURE, OPENAI]);
      expect(r.config).toMatchObject({ provider: { order: expect.arrayContaining(["openai", "azure"]) } });
    } finally {
      h.emulator.setScript(OPENAI, null);
      h.emulator.setScript(AZURE, null);
    }
  });

  it("pauses (nothing new starts), resumes, and cancels a large run in bulk", { timeout: 90_000 }, async () => {
    const suite = await suiteOf(150);
    // slow answers so the run is still going when paused
    h.emulator.setScript(OPENAI, { text: "42", ttftMs: 150, tokensPerSecond: 0 });
    h.emulator.setScript(AZURE, { text: "42", ttftMs: 150, tokensPerSecond: 0 });
    try {
      const { id } = await createScorecard(
        createScorecardSchema.parse({ name: "big", deployments: [OPENAI, AZURE], reference: OPENAI, suite, samples: 3 }),
        VIEWER,
        deps(),
      );
      const a = await access(id);
      const run = await startScorecardRun(id, "manual", deps());
      expect(run.callsTotal).toBe(900);
      await waitFor("a few calls", async () =>
        (await h.db.scorecardCall.count({ where: { runId: run.id, status: "done" } })) >= 4 ? true : null,
      );
      const paused = await pauseScorecardRun(a, run.id, deps());
      expect(paused.status).toBe("paused");
      await waitFor("calls under way to end", async () =>
        (await h.db.scorecardCall.count({ where: { runId: run.id, status: "running" } })) === 0 ? true : null,
      );
      const doneAtPause = await h.db.scorecardCall.count({ where: { runId: run.id, status: "done" } });
      await new Promise((r) => setTimeout(r, 1500));
      expect(await h.db.scorecardCall.count({ where: { runId: run.id, status: "done" } })).toBe(doneAtPause);
      await expectError(pauseScorecardRun(a, run.id, deps()), "conflict");

      await resumeScorecardRun(a, run.id, deps());
      await waitFor("progress after resume", async () =>
        (await h.db.scorecardCall.count({ where: { runId: run.id, status: "done" } })) > doneAtPause ? true : null,
      );
      const cancelled = await cancelScorecardRun(a, run.id, deps());
      expect(cancelled.status).toBe("cancelled");
      const ended = await waitForRun(run.id);
      expect(ended.status).toBe("cancelled");
      const byStatus = await h.db.scorecardCall.groupBy({ by: ["status"], where: { runId: run.id }, _count: { _all: true } });
      const count = (s: string) => byStatus.find((g) => g.status === s)?._count._all ?? 0;
      expect(count("queued") + count("running")).toBe(0);
      expect(count("cancelled")).toBeGreaterThan(500);
      expect(count("done") + count("cancelled")).toBe(900);
      // the run's jobs are gone from the queue
      const { rows } = (await h.queue.boss
        .getDb()
        .executeSql(`SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'runId' = $1 AND state IN ('created', 'retry', 'cancelled')`, [
          run.id,
        ])) as {
        rows: { n: number }[];
      };
      expect(rows[0]!.n).toBe(0);
      // and nothing more is called
      const calledAtCancel = h.emulator.requests.length;
      await new Promise((r) => setTimeout(r, 1000));
      expect(h.emulator.requests.length - calledAtCancel).toBeLessThanOrEqual(8);
    } finally {
      h.emulator.setScript(OPENAI, null);
      h.emulator.setScript(AZURE, null);
    }
  });

  it("never spends more than the cap", { timeout: 90_000 }, async () => {
    const suite = await suiteOf(40);
    h.emulator.setScript(OPENAI, { text: "42", ttftMs: 20, tokensPerSecond: 0 });
    h.emulator.setScript(AZURE, { text: "42", ttftMs: 20, tokensPerSecond: 0 });
    try {
      const cap = 0.0005;
      const { id } = await createScorecard(
        createScorecardSchema.parse({
          name: "capped",
          deployments: [OPENAI, AZURE],
          reference: OPENAI,
          suite,
          samples: 3,
          spendCapUsd: cap,
        }),
        VIEWER,
        deps(),
      );
      const run = await startScorecardRun(id, "manual", deps());
      const ended = await waitForRun(run.id);
      const calls = await h.db.scorecardCall.findMany({ where: { runId: run.id } });
      const spent = calls.reduce((s, c) => s + Number(c.costUsd ?? 0), 0);
      expect(spent).toBeGreaterThan(0);
      expect(spent).toBeLessThanOrEqual(cap);
      expect(Number(ended.chargedUsd)).toBeLessThanOrEqual(cap);
      expect(Number(ended.reservedUsd)).toBe(0);
      expect(ended.stopReason).toMatch(/Spend cap reached/);
      expect(calls.filter((c) => c.status === "cancelled" && c.errorCode === "spend_cap").length).toBeGreaterThan(0);
    } finally {
      h.emulator.setScript(OPENAI, null);
      h.emulator.setScript(AZURE, null);
    }
  });
});

describe("the owner's spend limits", () => {
  it("pause a run at the owner's daily limit with the reason, and nothing is spent past it", { timeout: 90_000 }, async () => {
    const suite = await suiteOf(40, "limited");
    h.emulator.setScript(OPENAI, { text: "42", ttftMs: 20, tokensPerSecond: 0 });
    h.emulator.setScript(AZURE, { text: "42", ttftMs: 20, tokensPerSecond: 0 });
    const before = h.env.limits;
    try {
      await h.db.spendLedger.deleteMany();
      const prompt = [{ role: "user" as const, content: "Question 0: what is six times seven? Answer with the number only." }];
      const worst = Math.max(...[OPENAI, AZURE].map((m) => worstCaseOfCall(findModel(m, h.env)!, { maxOutputTokens: 20 }, null, prompt)));
      const daily = Number((worst * 10.5).toFixed(8));
      h.env.limits = { requestsPerMinute: 0, concurrentPanes: 0, dailyUsd: daily, monthlyUsd: 0 };
      const { id } = await createScorecard(
        createScorecardSchema.parse({ name: "limited", deployments: [OPENAI, AZURE], reference: OPENAI, suite, samples: 3 }),
        VIEWER,
        deps(),
      );
      const run = await startScorecardRun(id, "manual", deps());
      await waitFor(
        "the run to pause",
        async () => (await h.db.scorecardRun.findUniqueOrThrow({ where: { id: run.id } })).status === "paused",
        60_000,
      );
      await waitFor(
        "running calls to end",
        async () => (await h.db.scorecardCall.count({ where: { runId: run.id, status: "running" } })) === 0,
      );
      const paused = await h.db.scorecardRun.findUniqueOrThrow({ where: { id: run.id } });
      expect(paused.stopReason).toMatch(/^Paused at a spend limit: /);
      const calls = await h.db.scorecardCall.findMany({ where: { runId: run.id } });
      expect(calls.filter((c) => c.status === "done").length).toBeGreaterThan(0);
      expect(calls.filter((c) => c.status === "queued").length).toBeGreaterThan(0);
      expect(calls.filter((c) => c.status === "failed")).toHaveLength(0);
      const ledger = await h.db.spendLedger.findUniqueOrThrow({ where: { subject: `user:${VIEWER.id}` } });
      expect(Number(ledger.dayReservedUsd)).toBe(0);
      expect(Number(ledger.dayChargedUsd)).toBeLessThanOrEqual(daily);
      const spent = calls.reduce((sum, c) => sum + Number(c.costUsd ?? 0), 0);
      expect(Number(ledger.dayChargedUsd)).toBeCloseTo(spent, 6);
      await cancelScorecardRun(await access(id), run.id, deps());
    } finally {
      h.env.limits = before;
      h.emulator.setScript(OPENAI, null);
      h.emulator.setScript(AZURE, null);
    }
  });
});

describe("the built-in suite over emulated deployments of one logical model", () => {
  it("finds the quirky deployment less accurate and the clean one not different", { timeout: 240_000 }, async () => {
    const REF = "bedrock-openai:openai.gpt-oss-120b-1:0";
    const CLEAN = "bedrock:openai.gpt-oss-120b-1:0";
    const QUIRKY = "local:gpt-oss-120b";
    const FAST = { ttftMs: 0, tokensPerSecond: 0 };
    h.emulator.setScript("openai.gpt-oss-120b-1:0", FAST);
    h.emulator.setScript("gpt-oss-120b", FAST);
    // the compatible endpoint's model answers 30% of the probes wrong
    h.emulator.setQuirk("gpt-oss-120b", { seed: 5, wrongRate: 0.3 });
    try {
      const { id } = await createScorecard(
        createScorecardSchema.parse({ name: "gpt-oss-120b", deployments: [REF, CLEAN, QUIRKY], reference: REF, samples: 1 }),
        VIEWER,
        deps(),
      );
      const run = await startScorecardRun(id, "manual", deps());
      expect(run.callsTotal).toBe(450);
      await waitForRun(run.id, 200_000);
      const view = await scorecardView(await access(id), { db: h.db });
      const by = new Map(view.deployments.map((d) => [d.id, d]));
      const ref = by.get(REF)!;
      const clean = by.get(CLEAN)!;
      const quirky = by.get(QUIRKY)!;
      expect(ref.reference).toBe(true);
      expect(ref.metrics.accuracy?.value).toBeGreaterThan(0.9);
      expect(quirky.verdicts.accuracy).toBe("different");
      expect(quirky.verdictDetails.accuracy?.direction).toBe("worse");
      expect(quirky.summary).not.toMatch(/^Same model/);
      expect(clean.verdicts.accuracy).not.toBe("different");
      // route it: the less accurate deployment comes last whatever the tie-break
      for (const by of ["cost", "speed"] as const)
        expect(routeExport(view, { by, format: "litellm" }, "https://x.test", h.env).order.at(-1)!.id).toBe(QUIRKY);
      // skipped items are recorded with their reason, never sent
      const skipped = await h.db.scorecardCall.findMany({ where: { runId: run.id, status: "skipped" } });
      for (const c of skipped) expect(c.errorCode).toMatch(/^skipped:/);
    } finally {
      h.emulator.setQuirk("gpt-oss-120b", null);
      h.emulator.setScript("openai.gpt-oss-120b-1:0", null);
      h.emulator.setScript("gpt-oss-120b", null);
    }
  });
});

describe("schedules", () => {
  it("keeps one pg-boss schedule per scorecard, and the scheduled job starts a run", { timeout: 60_000 }, async () => {
    const suite = await suiteOf(2);
    h.emulator.setScript(OPENAI, { text: "42", ttftMs: 5, tokensPerSecond: 0 });
    h.emulator.setScript(AZURE, { text: "42", ttftMs: 5, tokensPerSecond: 0 });
    try {
      const { id } = await createScorecard(
        createScorecardSchema.parse({
          name: "hourly",
          deployments: [OPENAI, AZURE],
          reference: OPENAI,
          suite,
          samples: 1,
          schedule: "hourly",
        }),
        VIEWER,
        deps(),
      );
      expect((await scheduledScorecards(h.queue)).filter((s) => s.scorecardId === id)).toEqual([
        { scorecardId: id, cron: cronOf(id, "hourly") },
      ]);
      const a = await access(id);
      await updateScorecard(a, { schedule: "daily" }, deps());
      expect((await scheduledScorecards(h.queue)).filter((s) => s.scorecardId === id)).toEqual([
        { scorecardId: id, cron: cronOf(id, "daily") },
      ]);

      const r = await handleScheduledRun({ scorecardId: id }, deps());
      expect(r.started).toBeTruthy();
      const run = await waitForRun(r.started!);
      expect(run).toMatchObject({ trigger: "schedule", status: "finished" });

      await updateScorecard(a, { schedule: null }, deps());
      expect((await scheduledScorecards(h.queue)).some((s) => s.scorecardId === id)).toBe(false);
      expect(await handleScheduledRun({ scorecardId: id }, deps())).toEqual({ started: null, reason: "unscheduled" });

      await updateScorecard(a, { schedule: "weekly" }, deps());
      await deleteScorecard(a, deps());
      expect((await scheduledScorecards(h.queue)).some((s) => s.scorecardId === id)).toBe(false);
      expect(await handleScheduledRun({ scorecardId: id }, deps())).toEqual({ started: null, reason: "deleted" });
    } finally {
      h.emulator.setScript(OPENAI, null);
      h.emulator.setScript(AZURE, null);
    }
  });
});

type Received = { path: string; body: Record<string, unknown> };

async function receiver(): Promise<{ url: string; received: Received[]; close(): Promise<void>; status: { code: number } }> {
  const received: Received[] = [];
  const status = { code: 200 };
  const server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (c: Buffer) => (data += c.toString()));
    req.on("end", () => {
      if (req.url === "/redirect-away") {
        res.writeHead(307, { location: "http://localhost:9/elsewhere" }).end();
        return;
      }
      received.push({ path: req.url ?? "", body: JSON.parse(data || "{}") as Record<string, unknown> });
      res.writeHead(status.code).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, status, close: () => new Promise((r) => server.close(() => r())) };
}

describe("drift alerts", () => {
  it("a drift alert reaches a webhook receiver with `text` and the evidence link, and the bell", { timeout: 120_000 }, async () => {
    const hook = await receiver();
    try {
      const suite = await suiteOf(30);
      h.emulator.setScript(OPENAI, { text: "42", ttftMs: 5, tokensPerSecond: 0 });
      h.emulator.setScript(AZURE, { text: "42", ttftMs: 5, tokensPerSecond: 0 });
      const { id } = await createScorecard(
        createScorecardSchema.parse({
          name: "drifting",
          deployments: [OPENAI, AZURE],
          reference: OPENAI,
          suite,
          samples: 1,
          alerts: { email: true, webhooks: [`${hook.url}/hook?token=abc`] },
        }),
        VIEWER,
        deps(),
      );
      // two healthy runs make the baseline
      // (times may drift between them on a busy machine: only the latest run's alert is looked at)
      for (let i = 0; i < 2; i++) await waitForRun((await startScorecardRun(id, "manual", deps())).id);
      // then Azure starts refusing every call (401: not retried): its error rate drifts from 0 to 1
      h.emulator.setScript(AZURE, { text: "42", ttftMs: 5, fault: { kind: "http", status: 401 } });
      const latest = await startScorecardRun(id, "manual", deps());
      await waitForRun(latest.id);
      const got = await waitFor(
        "the webhook",
        async () => hook.received.find((r) => (r.body.run as { id: string }).id === latest.id),
        10_000,
      );
      const body = got.body as { text: string; evidenceUrl: string; kind: string; drifts: { deploymentId: string; metric: string }[] };
      expect(got.path).toBe("/hook?token=abc");
      expect(body.kind).toBe("scorecard.drift");
      expect(body.text).toContain(`/scorecards/${id}?run=${latest.id}`);
      expect(body.evidenceUrl).toMatch(new RegExp(`^https?://.+/scorecards/${id}\\?run=${latest.id}$`));
      expect(body.drifts.some((d) => d.deploymentId === AZURE && d.metric === "errorRate")).toBe(true);
      expect(body.drifts.some((d) => d.deploymentId === OPENAI && d.metric.startsWith("accuracy"))).toBe(false);

      // the deliveries are recorded once every channel was tried
      const alerts = await waitFor("the deliveries", async () => {
        const rows = await h.db.scorecardAlert.findMany({ where: { runId: latest.id } });
        return rows.length && (rows[0]!.deliveries as unknown[]).length ? rows : null;
      });
      const deliveries = alerts[0]!.deliveries as { channel: string; status: string; target: string }[];
      expect(deliveries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ channel: "app", status: "sent" }),
          // no SMTP server in the tests: skipped quietly
          expect.objectContaining({ channel: "email", status: "skipped" }),
          expect.objectContaining({ channel: "webhook", status: "sent", target: hook.url }),
        ]),
      );
      // the token in the webhook URL is never stored in clear
      expect(JSON.stringify(deliveries)).not.toContain("token=abc");

      const bell = await listNotifications(VIEWER, {}, { db: h.db });
      const mine = bell.items.find((n) => n.href === `/scorecards/${id}?run=${latest.id}`);
      expect(mine).toBeTruthy();
      expect(bell.unread).toBeGreaterThan(0);
      expect((await markRead(VIEWER, { ids: [mine!.id] }, { db: h.db })).unread).toBe(bell.unread - 1);
      const view = await scorecardView(await access(id), { db: h.db });
      expect(view.drifts.length).toBeGreaterThan(0);
      expect(view.history.filter((p) => p.metric === "errorRate" && p.deploymentId === AZURE).map((p) => p.value.value)).toEqual([0, 0, 1]);
    } finally {
      h.emulator.setScript(OPENAI, null);
      h.emulator.setScript(AZURE, null);
      await hook.close();
    }
  });

  it(
    "webhook delivery: retries on 5xx, records the status, and never follows a redirect to another host",
    { timeout: 30_000 },
    async () => {
      const hook = await receiver();
      try {
        hook.status.code = 503;
        const failed = await postWebhook(`${hook.url}/x`, { text: "hi" });
        expect(failed).toMatchObject({ channel: "webhook", status: "failed", attempts: 3, httpStatus: 503 });
        expect(hook.received).toHaveLength(3);
        hook.status.code = 200;
        expect(await postWebhook(`${hook.url}/x`, { text: "hi" })).toMatchObject({ status: "sent", attempts: 1, httpStatus: 200 });
        const away = await postWebhook(`${hook.url}/redirect-away`, { text: "hi" });
        expect(away).toMatchObject({ status: "failed", httpStatus: 307 });
        expect(away.error).toMatch(/another host/);
        expect(await postWebhook("file:///etc/passwd", { text: "hi" })).toMatchObject({ status: "failed" });
      } finally {
        await hook.close();
      }
    },
  );
});
