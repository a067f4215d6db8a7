// The one model-call core (lib/calls) against the provider emulator, through the real provider
// packages: the timing split, the idle timeout, stop, ids and usage, and the stored answer shape
// shared by compare and evaluation answers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { answerFields } from "@/lib/calls/answer-fields";
import { callModel, type CallInput } from "@/lib/calls/call-model";
import { warmUpProviders } from "@/lib/calls/warm-up";
import { parseEnv, type Env } from "@/lib/env";
import { generateAnswer } from "@/lib/evals/run/generate";
import { Prisma } from "@/lib/generated/prisma/client";
import { clearProviderCache, findModel } from "@/lib/providers";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { startEmulator, type Emulator } from "../emulator/server";

let emulator: Emulator;
let env: Env;

beforeAll(async () => {
  emulator = await startEmulator({ scripts: {} });
  clearProviderCache();
  env = parseEnv({ ...emulatorEnv(emulator.url), JUXTA_MAX_RETRIES: "2" });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

const input = (modelId: string, extra: Partial<CallInput> = {}): CallInput => ({
  model: findModel(modelId, env)!,
  env,
  system: null,
  messages: [{ role: "user", content: "Explain one idea in two sentences." }],
  params: {},
  ...extra,
});

describe("start-up warm-up", () => {
  it("runs every configured provider's stream parsing once, offline: no request reaches the network", async () => {
    const { warmed, failed } = await warmUpProviders(env);
    expect(failed).toEqual([]);
    expect(warmed.map((id) => findModel(id, env)!.provider).sort()).toEqual(["azure", "bedrock", "compatible", "openai"]);
    expect(emulator.requests).toHaveLength(0);
  });

  it("names a provider whose credentials cannot be used, at start-up", async () => {
    const broken = parseEnv({
      ...emulatorEnv(emulator.url),
      AWS_ACCESS_KEY_ID: "",
      AWS_SECRET_ACCESS_KEY: "",
      BEDROCK_USE_CREDENTIAL_CHAIN: "true",
      AWS_PROFILE: "juxta-no-such-profile",
      AWS_CONFIG_FILE: "/nonexistent",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
      AWS_EC2_METADATA_DISABLED: "true",
    });
    const { failed } = await warmUpProviders(broken);
    expect(failed.map((f) => f.model)).toEqual([expect.stringMatching(/^bedrock:/)]);
    expect(emulator.requests).toHaveLength(0);
  });
});

describe("timing split", () => {
  it.each(["openai:gpt-4o-mini", "azure:prod-mini", "bedrock:amazon.nova-pro-v1:0", "local:gpt-oss:20b"])(
    "%s: time to first token is counted from the request being written, and splits into headers + first token",
    async (id) => {
      const wire = id.startsWith("local:") ? id.replace("local:", "compatible:") : id;
      emulator.setScript(wire, { ttftMs: 120, tokensPerSecond: 400, text: "one two three four five six" });
      const before = performance.now();
      const r = await callModel(input(id));
      const wall = performance.now() - before;
      expect(r.status, r.failure?.message).toBe("done");
      const t = r.timing;
      expect(t.setupMs).not.toBeNull();
      expect(t.ttftMs).toBeGreaterThanOrEqual(120);
      expect(t.responseHeadersMs! + t.headersToFirstTokenMs!).toBeGreaterThanOrEqual(t.ttftMs! - 1);
      expect(t.responseHeadersMs! + t.headersToFirstTokenMs!).toBeLessThanOrEqual(t.ttftMs! + 1);
      expect(t.totalMs).toBeGreaterThanOrEqual(t.ttftMs!);
      // our set-up and the provider's part never overlap
      expect(t.setupMs! + t.totalMs!).toBeLessThanOrEqual(Math.ceil(wall) + 1);
      expect(r.requestId).toBe(emulator.requests.at(-1)!.id);
    },
  );

  it("with retries, the times are the answering request's; the backoff is not the provider's speed", async () => {
    emulator.setScript("openai:gpt-4o-mini", { fault: { kind: "http", status: 429, retryAfterMs: 400 }, faultTimes: 1, ttftMs: 50 });
    const before = performance.now();
    const r = await callModel(input("openai:gpt-4o-mini"));
    const wall = performance.now() - before;
    expect(r.status, r.failure?.message).toBe("done");
    expect(r.attempts).toBe(2);
    expect(emulator.requests).toHaveLength(2);
    expect(wall).toBeGreaterThanOrEqual(400);
    // the 400 ms wait is in neither the set-up nor the answering request's times
    expect(r.timing.setupMs! + r.timing.totalMs!).toBeLessThan(wall - 350);
    expect(r.timing.ttftMs).toBeGreaterThanOrEqual(50);
  });
});

describe("idle timeout", () => {
  it("a provider that stops sending ends the call as timed out, keeping the partial text", async () => {
    emulator.setScript("openai:gpt-4o-mini", { fault: { kind: "hang", afterTokens: 3 }, tokensPerSecond: 1000 });
    const before = performance.now();
    const r = await callModel(input("openai:gpt-4o-mini", { idleTimeoutMs: 1000 }));
    const wall = performance.now() - before;
    expect(r.status).toBe("error");
    expect(r.finishReason).toBe("error");
    expect(r.failure).toMatchObject({ code: "timeout" });
    expect(r.failure!.message).toMatch(/^Timed out: OpenAI sent nothing for 1 s/);
    expect(r.text.length).toBeGreaterThan(0);
    expect(wall).toBeGreaterThanOrEqual(1000);
    expect(wall).toBeLessThan(5000);
    // the connection was released, not left hanging
    await expect.poll(() => emulator.requests.at(-1)!.outcome).toBe("hung");
  });

  it("a hang before any output (Bedrock) times out too", async () => {
    emulator.setScript("bedrock:amazon.nova-pro-v1:0", { fault: { kind: "hang" } });
    const r = await callModel(input("bedrock:amazon.nova-pro-v1:0", { idleTimeoutMs: 1000 }));
    expect(r.failure).toMatchObject({ code: "timeout" });
    expect(r.text).toBe("");
  });

  it("a slow but steady stream is not idle", async () => {
    // a token every 250 ms for ~2 s, against a 1 s idle timeout
    emulator.setScript("openai:gpt-4o-mini", { tokensPerSecond: 4, text: "a b c d e f g h" });
    const r = await callModel(input("openai:gpt-4o-mini", { idleTimeoutMs: 1000 }));
    expect(r.status, r.failure?.message).toBe("done");
    expect(r.timing.totalMs).toBeGreaterThan(1000);
  });

  it("a deadline caps a call even while data flows", async () => {
    emulator.setScript("openai:gpt-4o-mini", { tokensPerSecond: 10, text: "a b c d e f g h i j k l m n o p" });
    const r = await callModel(input("openai:gpt-4o-mini", { deadlineMs: 500 }));
    expect(r.failure).toMatchObject({ code: "timeout" });
    expect(r.failure!.message).toMatch(/took longer than 500 ms/);
  });

  it("JUXTA_IDLE_TIMEOUT_MS is the default (60 s when unset)", () => {
    expect(parseEnv({}).idleTimeoutMs).toBe(60_000);
    expect(parseEnv({ JUXTA_IDLE_TIMEOUT_MS: "1500" }).idleTimeoutMs).toBe(1500);
    expect(() => parseEnv({ JUXTA_IDLE_TIMEOUT_MS: "soon" })).toThrow(/JUXTA_IDLE_TIMEOUT_MS/);
  });
});

describe("stop, ids and usage", () => {
  it("the caller's abort ends the call as stopped, with what arrived", async () => {
    emulator.setScript("openai:gpt-4o-mini", { fault: { kind: "hang", afterTokens: 2 }, tokensPerSecond: 1000 });
    const stop = new AbortController();
    const r = await callModel(
      input("openai:gpt-4o-mini", {
        signal: stop.signal,
        onDelta: () => setTimeout(() => stop.abort(), 50),
      }),
    );
    expect(r.status).toBe("stopped");
    expect(r.finishReason).toBe("stopped");
    expect(r.failure).toBeNull();
    expect(r.text.length).toBeGreaterThan(0);
  });

  it("a stopped call keeps an estimate of its tokens and cost when the provider sent no usage, marked estimated", async () => {
    emulator.setScript("openai:gpt-4o-mini", {
      fault: { kind: "hang", afterTokens: 6 },
      tokensPerSecond: 1000,
      text: "One two three four five six seven eight nine ten.",
    });
    const stop = new AbortController();
    let received = "";
    const r = await callModel(
      input("openai:gpt-4o-mini", {
        signal: stop.signal,
        onDelta: (d) => {
          received += d.text;
          if (received.split(" ").length >= 6) setTimeout(() => stop.abort(), 20);
        },
      }),
    );
    expect(r.status).toBe("stopped");
    expect(r.usageEstimated).toBe(true);
    expect(r.text).toBe("One two three four five six");
    // about 4 characters a token, of the text received and of the prompt sent
    expect(r.usage.outputTokens).toBe(Math.ceil(r.text.length / 4));
    expect(r.usage.inputTokens).toBe(Math.ceil("Explain one idea in two sentences.".length / 4));
    // gpt-4o-mini: $0.15 / $0.60 per 1M tokens
    expect(r.costUsd).toBeCloseTo((r.usage.inputTokens! * 0.15 + r.usage.outputTokens! * 0.6) / 1e6, 12);
    expect(answerFields(r)).toMatchObject({ usageEstimated: true, outputTokens: r.usage.outputTokens });
  });

  it("a stopped Bedrock call whose usage had not come is estimated; a finished call is measured", async () => {
    emulator.setScript("bedrock:amazon.nova-pro-v1:0", { fault: { kind: "hang", afterTokens: 3 }, tokensPerSecond: 1000 });
    const stop = new AbortController();
    const r = await callModel(
      input("bedrock:amazon.nova-pro-v1:0", { signal: stop.signal, onDelta: () => setTimeout(() => stop.abort(), 30) }),
    );
    expect(r).toMatchObject({ status: "stopped", usageEstimated: true });
    expect(r.usage.outputTokens).toBeGreaterThan(0);
    expect(r.costUsd).toBeGreaterThan(0);
    emulator.reset();
    const done = await callModel(input("bedrock:amazon.nova-pro-v1:0"));
    expect(done).toMatchObject({ status: "done", usageEstimated: false });
  });

  it("a stop before the request went out has no tokens to estimate", async () => {
    const stop = new AbortController();
    stop.abort();
    const r = await callModel(input("openai:gpt-4o-mini", { signal: stop.signal }));
    expect(r).toMatchObject({ status: "stopped", usageEstimated: false, costUsd: null });
    expect(r.usage.outputTokens).toBeNull();
  });

  it.each([
    ["openai:gpt-4o-mini", "openai:gpt-4o-mini"],
    ["azure:prod-mini", "azure:prod-mini"],
    ["bedrock:amazon.nova-pro-v1:0", "bedrock:amazon.nova-pro-v1:0"],
    ["local:gpt-oss-120b", "compatible:gpt-oss-120b"],
  ])("a content-filtered answer (%s) ends done with finish reason content-filter and its text so far", async (id, scriptKey) => {
    emulator.setScript(scriptKey, {
      fault: { kind: "content-filter", afterTokens: 4 },
      text: "**Bold start of a longer answer** that goes on.",
    });
    const r = await callModel(input(id));
    expect(r.status, r.failure?.message).toBe("done");
    expect(r.finishReason).toBe("content-filter");
    expect(r.text.length).toBeGreaterThan(0);
    expect(r.text.length).toBeLessThan("**Bold start of a longer answer** that goes on.".length);
  });

  it("an answer cut at max output tokens ends done with finish reason length", async () => {
    for (const id of ["openai:gpt-4o-mini", "bedrock:amazon.nova-pro-v1:0"]) {
      const r = await callModel(input(id, { params: { maxOutputTokens: 5 } }));
      expect(r.status, id).toBe("done");
      expect(r.finishReason, id).toBe("length");
      expect(r.usage.outputTokens, id).toBe(5);
    }
  });

  it("reports cached and reasoning tokens, the response id and the request id", async () => {
    emulator.setScript("openai:gpt-4o-mini", { inputTokens: 500, cachedInputTokens: 200, reasoning: "think think think", text: "done" });
    const deltas: string[] = [];
    let first: number | null = null;
    const r = await callModel(input("openai:gpt-4o-mini", { onDelta: (d) => deltas.push(d.type), onFirstToken: (ms) => (first = ms) }));
    expect(r.status).toBe("done");
    expect(r.usage).toMatchObject({ inputTokens: 500, cachedInputTokens: 200 });
    expect(r.usage.reasoningTokens).toBeGreaterThan(0);
    expect(r.reasoning.length).toBeGreaterThan(0);
    expect(deltas).toContain("reasoning");
    expect(deltas).toContain("text");
    expect(first).toBe(r.timing.ttftMs);
    expect(r.responseId).toMatch(/^resp_/);
    expect(r.requestId).toBe(emulator.requests.at(-1)!.id);
    expect(r.costUsd).toBeGreaterThan(0);
  });

  it("a failure is described once, with its status and request id", async () => {
    emulator.setScript("azure:prod-mini", { fault: { kind: "http", status: 401 } });
    const r = await callModel(input("azure:prod-mini"));
    expect(r.status).toBe("error");
    expect(r.failure).toMatchObject({ code: "unauthorized", statusCode: 401 });
    expect(r.requestId).toBe(emulator.requests.at(-1)!.id);
  });
});

describe("one stored shape for compare and evaluation answers", () => {
  it("Answer and EvalAnswer both have every answer field", () => {
    const keys = Object.keys(
      answerFields({
        status: "done",
        text: "",
        reasoning: "",
        finishReason: null,
        failure: null,
        attempts: 1,
        responseId: null,
        requestId: null,
        costUsd: null,
        usageEstimated: false,
        timing: { setupMs: null, responseHeadersMs: null, headersToFirstTokenMs: null, ttftMs: null, totalMs: null },
        usage: { inputTokens: null, cachedInputTokens: null, outputTokens: null, reasoningTokens: null },
        toolCalls: [],
        structured: null,
        steps: 1,
      }),
    );
    expect(keys.length).toBeGreaterThan(15);
    for (const k of keys) {
      expect(Object.keys(Prisma.AnswerScalarFieldEnum), `Answer.${k}`).toContain(k);
      expect(Object.keys(Prisma.EvalAnswerScalarFieldEnum), `EvalAnswer.${k}`).toContain(k);
    }
  });

  it("an evaluation answer carries the same fields as a compare answer of the same call", async () => {
    emulator.setScript("openai:gpt-4o-mini", { inputTokens: 300, cachedInputTokens: 100, reasoning: "hmm", text: "alpha beta" });
    const compare = answerFields(await callModel(input("openai:gpt-4o-mini")));
    const evaluation = await generateAnswer({
      model: findModel("openai:gpt-4o-mini", env)!,
      env,
      system: null,
      prompt: "Explain one idea in two sentences.",
      params: {},
      idleTimeoutMs: 5000,
      deadlineMs: 30_000,
      attempt: 1,
    });
    expect(evaluation.ok).toBe(true);
    const nonNull = (f: object) =>
      Object.entries(f)
        .filter(([, v]) => v !== null)
        .map(([k]) => k)
        .sort();
    expect(nonNull(evaluation.fields)).toEqual(nonNull(compare));
    expect(evaluation.fields).toMatchObject({ cachedInputTokens: 100, text: "alpha beta" });
    expect(evaluation.fields.requestId).toBe(emulator.requests.at(-1)!.id);
  });
});
