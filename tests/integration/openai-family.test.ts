// Foundry models on an Azure resource (Chat Completions on the v1 endpoint) and Bedrock's
// OpenAI-compatible API, through the real provider packages against the emulator: wire shape, auth
// (api-key; Bedrock API key; SigV4 verified by the emulator), reasoning in both of its forms, and
// fault isolation in a comparison.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { callModel, type CallInput } from "@/lib/calls/call-model";
import { getComparisonById } from "@/lib/compare/queries";
import { startComparison } from "@/lib/compare/service";
import { parseEnv, type Env } from "@/lib/env";
import { clearProviderCache, findModel } from "@/lib/providers";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { EMULATOR_CREDENTIALS } from "../emulator/server";
import { accessTo } from "../helpers/access";
import { collect, OWNER, startHarness, textOf, type Harness } from "../helpers/compare-harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(inject("databaseUrl"));
});
afterAll(async () => h?.close());
beforeEach(() => {
  h.emulator.reset();
  clearProviderCache();
});

const input = (modelId: string, env: Env = h.env, extra: Partial<CallInput> = {}): CallInput => {
  const model = findModel(modelId, env);
  if (!model) throw new Error(`${modelId} is not in the catalog`);
  return {
    model,
    env,
    system: "Be brief.",
    messages: [{ role: "user", content: "Explain one idea in two sentences." }],
    params: {},
    ...extra,
  };
};

const envWith = (extra: Record<string, string>) => parseEnv({ ...emulatorEnv(h.emulator.url), JUXTA_MAX_RETRIES: "2", ...extra });

describe("Foundry models on the Azure resource", () => {
  it("phi-4 answers through Chat Completions on the v1 endpoint with the Azure key; seed and stop are sent", async () => {
    h.emulator.setScript("azure:phi-4", { text: "Phi says hello in plain words." });
    const deltas: string[] = [];
    const r = await callModel(
      input("azure:phi-4", h.env, { params: { seed: 7, stopSequences: ["zzz"], temperature: 0.3 }, onDelta: (d) => deltas.push(d.type) }),
    );
    expect(r.status, r.failure?.message).toBe("done");
    expect(r.text).toBe("Phi says hello in plain words.");
    expect(r.reasoning).toBe("");
    expect(deltas.every((d) => d === "text")).toBe(true);
    expect(r.paramsNotSent).toEqual([]);
    expect(r.usage.outputTokens).toBeGreaterThan(0);
    expect(r.costUsd).toBeGreaterThan(0);
    const req = h.emulator.requests.at(-1)!;
    expect(req).toMatchObject({ path: "/openai/v1/chat/completions", provider: "azure", api: "chat", model: "phi-4", stream: true });
    expect(req.headers["api-key"]).toBe(EMULATOR_CREDENTIALS.azureKey);
    expect(req.body).toMatchObject({ seed: 7, stop: ["zzz"], temperature: 0.3, stream_options: { include_usage: true } });
    expect(r.requestId).toBe(req.id);
  });

  it("DeepSeek-R1's <think> text streams as reasoning, the answer as text", async () => {
    h.emulator.setScript("azure:deepseek-r1", {
      reasoning: "First I weigh the question carefully.",
      reasoningInText: true,
      reasoningTag: "think",
      text: "The answer, after thinking.",
    });
    const r = await callModel(input("azure:deepseek-r1"));
    expect(r.status, r.failure?.message).toBe("done");
    expect(r.reasoning).toBe("First I weigh the question carefully.");
    expect(r.text).toBe("The answer, after thinking.");
    expect(h.emulator.requests.at(-1)).toMatchObject({ provider: "azure", model: "deepseek-r1" });
  });

  it("Azure OpenAI deployments on the same resource still use the Responses API", async () => {
    const r = await callModel(input("azure:prod-mini"));
    expect(r.status, r.failure?.message).toBe("done");
    expect(h.emulator.requests.at(-1)).toMatchObject({ path: "/openai/v1/responses", provider: "azure" });
  });
});

describe("Bedrock's OpenAI-compatible API", () => {
  it("signs with SigV4 (service bedrock) over /openai/v1/chat/completions; reasoning_content streams as reasoning", async () => {
    h.emulator.setScript("bedrock-openai:openai.gpt-oss-120b-1:0", {
      reasoning: "The user wants two sentences. I will keep it short and clear.",
      text: "Two short sentences. Here they are.",
      tokensPerSecond: 0,
    });
    const deltas: { type: string; text: string }[] = [];
    const r = await callModel(
      input("bedrock-openai:openai.gpt-oss-120b-1:0", h.env, { params: { reasoningEffort: "high" }, onDelta: (d) => deltas.push(d) }),
    );
    expect(r.status, r.failure?.message).toBe("done");
    expect(r.reasoning).toBe("The user wants two sentences. I will keep it short and clear.");
    expect(r.text).toBe("Two short sentences. Here they are.");
    // reasoning arrives as it streams (several deltas), before the text
    expect(deltas.filter((d) => d.type === "reasoning").length).toBeGreaterThan(1);
    expect(deltas[0]!.type).toBe("reasoning");
    expect(r.usage.reasoningTokens).toBeGreaterThan(0);
    expect(r.costUsd).toBeGreaterThan(0);
    const req = h.emulator.requests.at(-1)!;
    expect(req).toMatchObject({ path: "/openai/v1/chat/completions", provider: "bedrock-openai", model: "openai.gpt-oss-120b-1:0" });
    expect(req.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEMULATOR\/\d{8}\/us-east-1\/bedrock\/aws4_request, /);
    expect(req.body).toMatchObject({ reasoning_effort: "high", stream: true });
    expect(r.requestId).toBe(req.id);
  });

  it("with AWS_BEARER_TOKEN_BEDROCK sends the Bedrock API key as a Bearer token, never OPENAI_API_KEY", async () => {
    const env = envWith({ AWS_BEARER_TOKEN_BEDROCK: EMULATOR_CREDENTIALS.aws.bearerToken });
    const r = await callModel(input("bedrock-openai:openai.gpt-oss-20b-1:0", env));
    expect(r.status, r.failure?.message).toBe("done");
    const req = h.emulator.requests.at(-1)!;
    expect(req.provider).toBe("bedrock-openai");
    expect(req.headers.authorization).toBe(`Bearer ${EMULATOR_CREDENTIALS.aws.bearerToken}`);
  });

  it("an error chunk before any output is retried (the SDK throws it from doStream) and the retry answers", async () => {
    h.emulator.setScript("bedrock-openai:openai.gpt-oss-120b-1:0", {
      fault: { kind: "stream-error-before-text" },
      faultTimes: 1,
      text: "Second time lucky.",
    });
    const r = await callModel(input("bedrock-openai:openai.gpt-oss-120b-1:0"));
    expect(r.status, r.failure?.message).toBe("done");
    expect(r.text).toBe("Second time lucky.");
    expect(r.attempts).toBe(2);
  });

  it("a wrong secret gets Bedrock's 403 in plain words", async () => {
    const env = envWith({ AWS_SECRET_ACCESS_KEY: "not-the-secret" });
    const r = await callModel(input("bedrock-openai:openai.gpt-oss-120b-1:0", env));
    expect(r.status).toBe("error");
    expect(r.failure).toMatchObject({ code: "forbidden", statusCode: 403 });
    expect(r.failure!.message).toMatch(
      /^Amazon Bedrock \(OpenAI API\) denied access \(403\): The request signature we calculated does not match/,
    );
    expect(r.attempts).toBe(1);
  });

  it("a wrong Bedrock API key gets a 403 too", async () => {
    const env = envWith({ AWS_BEARER_TOKEN_BEDROCK: "not-the-key" });
    const r = await callModel(input("bedrock-openai:openai.gpt-oss-120b-1:0", env));
    expect(r.failure).toMatchObject({ code: "forbidden", statusCode: 403 });
    expect(r.failure!.message).toContain("API Key is valid");
  });
});

describe("the emulator's shared /openai/v1/chat/completions route", () => {
  const post = (headers: Record<string, string>, body: Record<string, unknown>) =>
    fetch(`${h.emulator.url}/openai/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ messages: [{ role: "user", content: "Hi" }], ...body }),
    });

  it("an unknown Bearer token with a Bedrock model id gets Bedrock's 403; with a deployment name, Azure's 401", async () => {
    const bedrock = await post({ authorization: "Bearer nope" }, { model: "openai.gpt-oss-120b-1:0" });
    expect(bedrock.status).toBe(403);
    expect(bedrock.headers.get("x-amzn-errortype")).toMatch(/^AccessDeniedException:/);
    expect(await bedrock.json()).toEqual({ message: expect.stringContaining("API Key") });
    const azure = await post({ authorization: "Bearer nope" }, { model: "phi-4" });
    expect(azure.status).toBe(401);
    expect(await azure.json()).toMatchObject({ error: { code: "401" } });
    expect(h.emulator.requests.map((r) => r.provider)).toEqual(["bedrock-openai", "azure"]);
  });

  it("Bedrock's HTTP faults are Bedrock-shaped; a whole (non-streamed) answer carries reasoning_content", async () => {
    const key = { authorization: `Bearer ${EMULATOR_CREDENTIALS.aws.bearerToken}` };
    h.emulator.setScript("bedrock-openai:openai.gpt-oss-20b-1:0", { fault: { kind: "http", status: 429 }, faultTimes: 1 });
    const limited = await post(key, { model: "openai.gpt-oss-20b-1:0" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-amzn-errortype")).toMatch(/^ThrottlingException:/);
    expect(await limited.json()).toEqual({ message: "Too many requests, please wait before trying again." });
    h.emulator.setScript("bedrock-openai:openai.gpt-oss-20b-1:0", { reasoning: "Short thought.", text: "Done." });
    const whole = await post(key, { model: "openai.gpt-oss-20b-1:0" });
    expect(whole.status).toBe(200);
    expect(whole.headers.get("x-amzn-requestid")).toBe(h.emulator.requests.at(-1)!.id);
    expect(await whole.json()).toMatchObject({
      object: "chat.completion",
      choices: [{ message: { role: "assistant", content: "Done.", reasoning_content: "Short thought." }, finish_reason: "stop" }],
    });
  });
});

describe("Bedrock cross-region inference profiles", () => {
  it("a us. profile is called by its own id on Converse", async () => {
    const r = await callModel(input("bedrock:us.meta.llama3-3-70b-instruct-v1:0"));
    expect(r.status, r.failure?.message).toBe("done");
    expect(h.emulator.requests.at(-1)).toMatchObject({ provider: "bedrock", model: "us.meta.llama3-3-70b-instruct-v1:0" });
  });

  it("a profile ARN travels URL-encoded and its SigV4 signature (over the twice-encoded path) verifies", async () => {
    const arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.amazon.nova-2-lite-v1:0";
    const env = envWith({ BEDROCK_MODELS: arn });
    const m = findModel(`bedrock:${arn}`, env)!;
    expect(m).toMatchObject({ label: "amazon.nova-2-lite-v1:0 (Global cross-region)", location: "us-east-1", logicalModel: "nova-2-lite" });
    const r = await callModel(input(`bedrock:${arn}`, env));
    expect(r.status, r.failure?.message).toBe("done");
    const req = h.emulator.requests.at(-1)!;
    expect(req.path).toBe(`/model/${encodeURIComponent(arn)}/converse-stream`);
    expect(req.model).toBe(arn);
  });
});

async function run(models: string[]) {
  const c = collect();
  const { id } = startComparison({ prompt: "Explain TCP slow start.", models }, OWNER, { db: h.db, env: h.env, observe: c.observe });
  const events = await c.done;
  const view = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
  return { events, answers: view!.turns[0]!.answers };
}

const panes = ["bedrock-openai:openai.gpt-oss-120b-1:0", "bedrock:openai.gpt-oss-120b-1:0", "azure:phi-4", "azure:prod-mini"];

describe(`fault isolation on ${inject("databaseKind")}`, () => {
  it("Bedrock's OpenAI API rate limited until retries run out fails alone", async () => {
    h.emulator.setScript("bedrock-openai:openai.gpt-oss-120b-1:0", { fault: { kind: "http", status: 429, retryAfterMs: 20 } });
    const { answers } = await run(panes);
    expect(answers.map((a) => a.status)).toEqual(["error", "done", "done", "done"]);
    expect(answers[0]!.error?.message).toBe("Rate limited by Amazon Bedrock (OpenAI API) (429) after 3 attempts.");
    expect(h.emulator.requests.filter((r) => r.provider === "bedrock-openai")).toHaveLength(3);
  });

  it("Bedrock's OpenAI API failing mid-stream keeps its partial text; the others finish", async () => {
    h.emulator.setScript("bedrock-openai:openai.gpt-oss-120b-1:0", { fault: { kind: "stream-error-after-text", afterTokens: 4 } });
    const { events, answers } = await run(panes);
    expect(answers.map((a) => a.status)).toEqual(["error", "done", "done", "done"]);
    expect(answers[0]!.text).toBe(textOf(events, 0));
    expect(answers[0]!.text.length).toBeGreaterThan(0);
    expect(answers[0]!.error?.message).toMatch(/^Amazon Bedrock \(OpenAI API\) reported an error mid-stream \(server_error\): /);
  });

  it("a Foundry pane rate limited until retries run out fails alone", async () => {
    h.emulator.setScript("azure:phi-4", { fault: { kind: "http", status: 429, retryAfterMs: 20 } });
    const { answers } = await run(panes);
    expect(answers.map((a) => a.status)).toEqual(["done", "done", "error", "done"]);
    expect(answers[2]!.error?.message).toBe("Rate limited by Microsoft Foundry (429) after 3 attempts.");
  });

  it("a Foundry pane failing mid-stream keeps its partial text; the Azure OpenAI pane on the same resource finishes", async () => {
    h.emulator.setScript("azure:phi-4", { fault: { kind: "stream-error-after-text", afterTokens: 3 } });
    const { events, answers } = await run(panes);
    expect(answers.map((a) => a.status)).toEqual(["done", "done", "error", "done"]);
    expect(answers[2]!.text).toBe(textOf(events, 2));
    expect(answers[2]!.text.length).toBeGreaterThan(0);
    expect(answers[2]!.error?.message).toMatch(/^Microsoft Foundry reported an error mid-stream \(server_error\): /);
  });
});
