// Tools, structured output and images in comparisons, end to end through the JSON API's route
// handlers (as Next calls them), the real provider packages and the emulator, on the test database:
// broken tool calls marked and stored, a good pane finishing its multi-step run with the mock
// result, typed-in (manual) results, structured output checked per pane, images sent to image
// models and skipped for the others, the clear 400s, share links and the image routes' access.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { CompareEvent } from "@/lib/compare/events";
import type { ComparisonView } from "@/lib/compare/queries";
import type { ToolCallRecord } from "@/lib/compare/tools-schema";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { startEmulator, type Emulator } from "../emulator/server";
import { accessTo } from "../helpers/access";

let emulator: Emulator;
let api: {
  comparisons: typeof import("@/app/api/v1/comparisons/route");
  comparison: typeof import("@/app/api/v1/comparisons/[id]/route");
  turns: typeof import("@/app/api/v1/comparisons/[id]/turns/route");
  toolResults: typeof import("@/app/api/v1/comparisons/[id]/tool-results/route");
  image: typeof import("@/app/api/v1/comparisons/[id]/images/[imageId]/route");
  sharedImage: typeof import("@/app/s/[token]/images/[turn]/[index]/route");
  shareExport: typeof import("@/app/s/[token]/export/route");
  export: typeof import("@/app/api/v1/comparisons/[id]/export/route");
};
let db: import("@/lib/generated/prisma/client").PrismaClient;

beforeAll(async () => {
  emulator = await startEmulator({ scripts: {} });
  Object.assign(process.env, emulatorEnv(emulator.url), {
    DATABASE_URL: inject("databaseUrl"),
    JUXTA_MAX_RETRIES: "0",
    // a deployment of a model without tool calling (model-info: phi-4)
    AZURE_OPENAI_DEPLOYMENTS: "prod-mini=gpt-4o-mini,phi=phi-4",
  });
  (await import("@/lib/env")).resetEnvCache();
  api = {
    comparisons: await import("@/app/api/v1/comparisons/route"),
    comparison: await import("@/app/api/v1/comparisons/[id]/route"),
    turns: await import("@/app/api/v1/comparisons/[id]/turns/route"),
    toolResults: await import("@/app/api/v1/comparisons/[id]/tool-results/route"),
    image: await import("@/app/api/v1/comparisons/[id]/images/[imageId]/route"),
    sharedImage: await import("@/app/s/[token]/images/[turn]/[index]/route"),
    shareExport: await import("@/app/s/[token]/export/route"),
    export: await import("@/app/api/v1/comparisons/[id]/export/route"),
  };
  db = (await import("@/lib/db")).getDb();
  const { LOCAL_USER_ID } = await import("@/lib/auth/local");
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
});
afterAll(async () => {
  await emulator?.close();
});

const OPENAI = "openai:gpt-4o-mini";
const AZURE = "azure:prod-mini";
const BEDROCK = "bedrock:amazon.nova-pro-v1:0";
/** a Bedrock model that takes no images (model-info: gpt-oss-120b) */
const NO_IMAGES = "bedrock:openai.gpt-oss-120b-1:0";

const json = (body: unknown) =>
  new Request("http://127.0.0.1/", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function readEvents(res: Response): Promise<CompareEvent[]> {
  const text = await res.text();
  return text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as CompareEvent);
}

async function start(body: unknown): Promise<{ id: string; events: CompareEvent[] }> {
  const res = await api.comparisons.POST(json(body));
  expect(res.status, await res.clone().text()).toBe(200);
  const events = await readEvents(res);
  const first = events[0]!;
  return { id: first.type === "comparison" ? first.id : "", events };
}

async function view(id: string): Promise<ComparisonView> {
  const res = await api.comparison.GET(new Request("http://127.0.0.1/"), params(id));
  expect(res.status).toBe(200);
  return (await res.json()) as ComparisonView;
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; field: string | null } }).error;
}

const weather = {
  name: "get_weather",
  description: "Current weather for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
  mock: { result: { tempC: 21, sky: "clear" } },
};

// 1×1 images with the real magic numbers
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
).toString("base64");
const GIF = Buffer.from("R0lGODlhAQABAAAAACw=", "base64").toString("base64");

describe("a tool-calling comparison", () => {
  it("marks a broken call and an unknown tool, runs neither, and the good pane finishes its multi-step run with the mock result", async () => {
    emulator.setScript(OPENAI, { toolCalls: [{ name: "get_weather", arguments: '{"city": "Par' }], ttftMs: 5 });
    emulator.setScript(AZURE, { toolCalls: [{ name: "book_flight", arguments: { to: "Paris" } }], ttftMs: 5 });
    emulator.setScript(BEDROCK, { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }], ttftMs: 5 });
    const { id, events } = await start({ prompt: "Weather in Paris?", models: [OPENAI, AZURE, BEDROCK], tools: [weather], maxSteps: 3 });

    const calls = events.flatMap((e) => (e.type === "tool-call" ? [e] : []));
    expect(calls.map((e) => [e.pane, e.call.name, e.call.validity])).toEqual(
      expect.arrayContaining([
        [0, "get_weather", "invalid-json"],
        [1, "book_flight", "unknown-tool"],
        [2, "get_weather", "valid"],
      ]),
    );
    const results = events.flatMap((e) => (e.type === "tool-result" ? [e] : []));
    expect(results.find((r) => r.pane === 2)).toMatchObject({
      toolCallId: "s1-0",
      result: { tempC: 21, sky: "clear" },
      resultSource: "mock",
    });
    expect(results.find((r) => r.pane === 0)).toMatchObject({ resultSource: "none", result: null });

    const stored = await view(id);
    expect(stored.tools).toEqual([weather]);
    expect(stored.maxSteps).toBe(3);
    const [broken, unknown, good] = stored.turns[0]!.answers;
    expect(broken!.toolCalls).toEqual([
      {
        step: 1,
        id: "s1-0",
        name: "get_weather",
        input: '{"city": "Par',
        args: null,
        validity: "invalid-json",
        errors: [expect.stringMatching(/^The arguments are not JSON/)],
        resultSource: "none",
      },
    ]);
    expect(unknown!.toolCalls[0]).toMatchObject({
      name: "book_flight",
      validity: "unknown-tool",
      args: { to: "Paris" },
      resultSource: "none",
    });
    expect(good!.toolCalls).toEqual([
      {
        step: 1,
        id: "s1-0",
        name: "get_weather",
        input: '{"city":"Paris"}',
        args: { city: "Paris" },
        validity: "valid",
        result: { tempC: 21, sky: "clear" },
        resultSource: "mock",
      },
    ]);
    // every pane went on to a second step (the invalid ones with the SDK's error result) and answered
    for (const a of stored.turns[0]!.answers) {
      expect(a.status, a.error?.message).toBe("done");
      expect(a.text).toMatch(/^Using the tool results: /);
    }
    const bedrockRequests = emulator.requests.filter((r) => r.model === "amazon.nova-pro-v1:0");
    expect(bedrockRequests).toHaveLength(2);
    expect(JSON.stringify(bedrockRequests[1]!.body)).toMatch(/toolResult.*tempC.*21/);
  });

  it("a model without tool calling is skipped, saying so, and never called", async () => {
    const { events } = await start({ prompt: "Weather?", models: [OPENAI, "azure:phi"], tools: [weather] });
    expect(events.find((e) => e.type === "pane-skipped")).toMatchObject({
      pane: 1,
      reason: { code: "no_tools", message: "Phi-4 (phi) on Azure OpenAI takes no tools." },
    });
    expect(emulator.requests.filter((r) => r.model === "phi")).toHaveLength(0);
    expect(events.find((e) => e.type === "pane-finish" && e.pane === 0)).toMatchObject({ status: "done" });
  });

  it("waits for a typed-in result, which POST .../tool-results releases; its wait is not provider time", async () => {
    emulator.setScript(OPENAI, { toolCalls: [{ name: "lookup", arguments: { q: "juxta" } }], ttftMs: 5, tokensPerSecond: 0 });
    const lookup = { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } }, mock: { manual: true } };
    const res = await api.comparisons.POST(json({ prompt: "Look it up", models: [OPENAI], tools: [lookup] }));
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const events: CompareEvent[] = [];
    let buffer = "";
    const next = async (type: CompareEvent["type"]): Promise<CompareEvent> => {
      for (;;) {
        const seen = events.find((e) => e.type === type);
        if (seen) return seen;
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${type}`);
        buffer += value;
        const lines = buffer.split("\n");
        buffer = lines.pop()!;
        for (const l of lines) if (l.trim()) events.push(JSON.parse(l) as CompareEvent);
      }
    };
    const first = await next("comparison");
    const id = first.type === "comparison" ? first.id : "";
    const waiting = await next("tool-waiting");
    expect(waiting).toMatchObject({ pane: 0, turn: 0, toolCallId: "s1-0", name: "lookup", args: { q: "juxta" } });
    expect(Date.parse(waiting.type === "tool-waiting" ? waiting.timeoutAt : "")).toBeGreaterThan(Date.now() + 9 * 60_000);

    // no such call: 404; a malformed result: 400
    const unknown = await api.toolResults.POST(json({ pane: 0, toolCallId: "s9-9", result: 1 }), params(id));
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).field).toBe("toolCallId");
    const otherTurn = await api.toolResults.POST(json({ turn: 3, pane: 0, toolCallId: "s1-0", result: 1 }), params(id));
    expect(otherTurn.status).toBe(404);
    const bad = await api.toolResults.POST(json({ pane: 0, toolCallId: "s1-0" }), params(id));
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe("result");

    const held = 400;
    await new Promise((r) => setTimeout(r, held));
    const ok = await api.toolResults.POST(json({ pane: 0, toolCallId: "s1-0", result: { found: 3 } }), params(id));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ toolCallId: "s1-0" });
    // answered once: a second result is a conflict
    const again = await api.toolResults.POST(json({ pane: 0, toolCallId: "s1-0", result: { found: 4 } }), params(id));
    expect(again.status).toBe(409);

    await next("done");
    const result = events.find((e) => e.type === "tool-result");
    expect(result).toMatchObject({ toolCallId: "s1-0", result: { found: 3 }, resultSource: "manual" });
    const answer = (await view(id)).turns[0]!.answers[0]!;
    expect(answer.status).toBe("done");
    expect(answer.toolCalls[0]).toMatchObject({ result: { found: 3 }, resultSource: "manual" });
    // the provider's part only: two quick steps, not the time a person took to type the result
    expect(answer.metrics.totalMs).not.toBeNull();
    expect(answer.metrics.totalMs!).toBeLessThan(held);
    expect(JSON.stringify(emulator.requests.at(-1)!.body)).toContain("found");
  });

  it("a waiting call ends with the pane when it is stopped", async () => {
    emulator.setScript(AZURE, { toolCalls: [{ name: "lookup", arguments: "{}" }], ttftMs: 5 });
    const lookup = { name: "lookup", parameters: { type: "object" }, mock: { manual: true as const } };
    const { startComparison, stopPanes } = await import("@/lib/compare/service");
    const { OWNER } = await import("../helpers/compare-harness");
    const seen: CompareEvent[] = [];
    let waiting!: () => void;
    const isWaiting = new Promise<void>((r) => (waiting = r));
    let finished!: () => void;
    const isDone = new Promise<void>((r) => (finished = r));
    const { id } = startComparison({ prompt: "Look", models: [AZURE], tools: [lookup] }, OWNER, {
      observe: (e) => {
        seen.push(e);
        if (e.type === "tool-waiting") waiting();
        if (e.type === "done") finished();
      },
    });
    await isWaiting;
    expect(await stopPanes(await accessTo(id))).toBe(1);
    await isDone;
    expect(seen.find((e) => e.type === "pane-finish")).toMatchObject({ status: "stopped" });
    const answer = (await view(id)).turns[0]!.answers[0]!;
    expect(answer.toolCalls[0]).toMatchObject({ resultSource: "none" });
    expect(answer.toolCalls[0]!.result).toBeUndefined();
  });
});

describe("structured output", () => {
  const schema = {
    type: "object",
    properties: { city: { type: "string" }, population: { type: "integer", minimum: 0 } },
    required: ["city", "population"],
  };

  it("is validated per pane: valid on one cloud, invalid (with the first errors) on another", async () => {
    emulator.setScript(OPENAI, { text: undefined, toolCalls: undefined });
    emulator.setScript(AZURE, { text: '{"city": "Paris", "population": "2.1 million"}', toolCalls: undefined });
    emulator.setScript(BEDROCK, { text: undefined, toolCalls: undefined });
    const { id, events } = await start({
      prompt: "Biggest city of France, as JSON",
      models: [OPENAI, AZURE, BEDROCK],
      responseSchema: schema,
    });
    const finishes = events.flatMap((e) => (e.type === "pane-finish" ? [e] : []));
    expect(finishes.find((e) => e.pane === 0)!.structured).toEqual({ valid: true, errors: [] });
    expect(finishes.find((e) => e.pane === 1)!.structured).toEqual({ valid: false, errors: ["/population must be integer"] });

    const stored = await view(id);
    expect(stored.responseSchema).toEqual(schema);
    expect(stored.turns[0]!.answers.map((a) => a.structured?.valid)).toEqual([true, false, true]);
    // each cloud was sent the schema its own way: OpenAI's text.format, Azure's too, Bedrock's JSON tool
    const byModel = (m: string) => emulator.requests.filter((r) => r.model === m).at(-1)!.body as Record<string, unknown>;
    for (const m of ["gpt-4o-mini", "prod-mini"])
      expect((byModel(m).text as { format: unknown }).format).toMatchObject({ type: "json_schema", strict: false, schema });
    expect(JSON.stringify(byModel("amazon.nova-pro-v1:0"))).toContain('"name":"json"');
  });
});

describe("images", () => {
  it("go to image models as image parts; a model that takes none is skipped with its reason, as no answer", async () => {
    const { computeSpeedBoard } = await import("@/lib/votes/speed-board");
    const boardRow = async () => (await computeSpeedBoard({}, { db })).rows.find((r) => r.id === NO_IMAGES);
    const before = await boardRow();
    const { id, events } = await start({
      prompt: "What is in the picture?",
      models: [OPENAI, NO_IMAGES, BEDROCK],
      images: [
        { mediaType: "image/png", data: PNG },
        { mediaType: "image/gif", data: `data:image/gif;base64,${GIF}` },
      ],
    });
    const skipped = events.find((e) => e.type === "pane-skipped");
    expect(skipped).toMatchObject({ pane: 1, reason: { code: "no_images", message: "gpt-oss-120b on Amazon Bedrock takes no images." } });
    expect(events.filter((e) => e.type === "pane-error")).toHaveLength(0);
    // the skipped model was never called; the others got both images
    expect(emulator.requests.filter((r) => r.model === "openai.gpt-oss-120b-1:0")).toHaveLength(0);
    const openai = JSON.stringify(emulator.requests.filter((r) => r.model === "gpt-4o-mini").at(-1)!.body);
    expect(openai.match(/"type":"input_image"/g)).toHaveLength(2);
    expect(openai).toContain(`data:image/png;base64,${PNG}`);
    const bedrock = emulator.requests.filter((r) => r.model === "amazon.nova-pro-v1:0").at(-1)!.body as {
      messages: { content: unknown[] }[];
    };
    expect(bedrock.messages[0]!.content).toEqual(
      expect.arrayContaining([{ image: { format: "png", source: { bytes: PNG } } }, { image: { format: "gif", source: { bytes: GIF } } }]),
    );

    const stored = await view(id);
    const turn = stored.turns[0]!;
    expect(turn.images.map((i) => [i.mediaType, i.size])).toEqual([
      ["image/png", Buffer.from(PNG, "base64").length],
      ["image/gif", Buffer.from(GIF, "base64").length],
    ]);
    expect(turn.answers[1]).toMatchObject({ status: "skipped", text: "", error: null, skipReason: { code: "no_images" } });
    expect(turn.answers[0]!.status).toBe("done");
    // the emulator counts image input tokens: the prompt alone is a handful
    expect(turn.answers[0]!.metrics.inputTokens!).toBeGreaterThan(2 * 255);

    // served back with its type to the comparison's reader
    const url = turn.images[0]!.url;
    expect(url).toBe(`/api/v1/comparisons/${id}/images/${turn.images[0]!.id}`);
    const res = await api.image.GET(new Request(`http://127.0.0.1${url}`), {
      params: Promise.resolve({ id, imageId: turn.images[0]!.id }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("private, max-age=3600");
    expect(Buffer.from(await res.arrayBuffer()).toString("base64")).toBe(PNG);

    // a vote may not crown the skipped pane; the speed board leaves it out as "no answer", not an error
    const { missingAnswersOf } = await import("@/lib/votes/missing-answer");
    const turnRow = await db.turn.findFirstOrThrow({ where: { comparisonId: id, index: 0 } });
    expect((await missingAnswersOf(db, turnRow.id)).get(1)).toMatchObject({ status: "skipped" });
    const { castVote } = await import("@/lib/votes");
    await expect(castVote(await accessTo(id), { kind: "best", best: 1 } as never)).rejects.toMatchObject({ code: "answer_missing" });

    // nor does the speed board count it as an answer or an error of its cloud
    const after = await boardRow();
    expect([after?.answers, after?.errors]).toEqual([before?.answers, before?.errors]);

    // a follow-up with an image, and the thread carries the first turn's images again
    const follow = await readEvents(
      await api.turns.POST(json({ prompt: "And this one?", images: [{ mediaType: "image/png", data: PNG }] }), params(id)),
    );
    expect(follow.find((e) => e.type === "pane-skipped")).toMatchObject({ pane: 1, turn: 1 });
    const again = JSON.stringify(emulator.requests.filter((r) => r.model === "gpt-4o-mini").at(-1)!.body);
    expect(again.match(/"type":"input_image"/g)).toHaveLength(3);
    expect((await view(id)).turns[1]!.images).toHaveLength(1);
  });

  it("are readable only by those who may read the comparison, and only under their own comparison", async () => {
    const { id } = await start({ prompt: "Picture", models: [OPENAI], images: [{ mediaType: "image/png", data: PNG }] });
    const { id: other } = await start({ prompt: "No picture", models: [OPENAI] });
    const imageId = (await view(id)).turns[0]!.images[0]!.id;
    const { authorizeComparisonOrThrow } = await import("@/lib/compare/access");
    const { getTurnImage } = await import("@/lib/compare/images");
    // a stranger: the comparison (and so its images) does not exist for them
    const strangerId = `stranger-${randomBytes(4).toString("hex")}`;
    await db.user.create({ data: { id: strangerId, name: "Stranger" } });
    await expect(authorizeComparisonOrThrow(id, { id: strangerId, local: false }, "read")).rejects.toMatchObject({ code: "not_found" });
    // the owner of another comparison asking for this image under it: 404
    await expect(getTurnImage(await accessTo(other), imageId)).rejects.toMatchObject({ code: "not_found" });
    const wrong = await api.image.GET(new Request("http://127.0.0.1/"), { params: Promise.resolve({ id: other, imageId }) });
    expect(wrong.status).toBe(404);
    const malformed = await api.image.GET(new Request("http://127.0.0.1/"), { params: Promise.resolve({ id, imageId: "../../etc" }) });
    expect(malformed.status).toBe(404);
  });
});

describe("bad input: clear 400s naming the field", () => {
  const base = { prompt: "hi", models: [OPENAI] };
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    [
      "parameters not a JSON Schema",
      { tools: [{ name: "t", parameters: { type: "object", properties: { a: { type: "strng" } } } }] },
      "tools.0.parameters",
      /not a valid JSON Schema: \/properties\/a\/type must be one of/,
    ],
    [
      "parameters not an object schema",
      { tools: [{ name: "t", parameters: { type: "string" } }] },
      "tools.0.parameters",
      /"type": "object"/,
    ],
    ["a bad tool name", { tools: [{ name: "get weather", parameters: { type: "object" } }] }, "tools.0.name", /1 to 64 letters/],
    [
      "two tools of one name",
      { tools: [weather, { ...weather, description: "again" }] },
      "tools.1.name",
      /Two tools are named "get_weather"/,
    ],
    [
      "too many tools",
      { tools: Array.from({ length: 17 }, (_, i) => ({ name: `t${i}`, parameters: { type: "object" } })) },
      "tools",
      /At most 16/,
    ],
    ["a bad mock", { tools: [{ name: "t", parameters: { type: "object" }, mock: { value: 1 } }] }, "tools.0.mock", /\{"result": <JSON>\}/],
    ["maxSteps out of range", { tools: [weather], maxSteps: 11 }, "maxSteps", /from 1 to 10/],
    ["a response schema that is not one", { responseSchema: { type: 12 } }, "responseSchema", /not a valid JSON Schema/],
    [
      "a response schema too large",
      { responseSchema: { type: "object", description: "x".repeat(40_000) } },
      "responseSchema",
      /larger than 32 KB/,
    ],
    ["too many images", { images: Array.from({ length: 5 }, () => ({ mediaType: "image/png", data: PNG })) }, "images", /At most 4 images/],
    ["an image too large", { images: [{ mediaType: "image/png", data: "A".repeat(7_100_000) }] }, "images.0.data", /larger than 5 MB/],
    ["an unsupported type", { images: [{ mediaType: "image/bmp", data: PNG }] }, "images.0.mediaType", /must be one of image\/png/],
    ["not base64", { images: [{ mediaType: "image/png", data: "not base64!" }] }, "images.0.data", /not valid base64/],
    ["bytes of another type", { images: [{ mediaType: "image/jpeg", data: PNG }] }, "images.0.mediaType", /is image\/png, not image\/jpeg/],
    [
      "bytes of no image",
      { images: [{ mediaType: "image/png", data: Buffer.from("hello world!").toString("base64") }] },
      "images.0.mediaType",
      /not a PNG, JPEG, WebP or GIF/,
    ],
  ];
  it.each(cases)("%s", async (_name, extra, field, message) => {
    const before = await db.comparison.count();
    const res = await api.comparisons.POST(json({ ...base, ...extra }));
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(await db.comparison.count()).toBe(before);
  });

  it("a follow-up's images are checked the same way", async () => {
    const { id } = await start({ prompt: "hi", models: [OPENAI] });
    const res = await api.turns.POST(json({ prompt: "and?", images: [{ mediaType: "image/webp", data: PNG }] }), params(id));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).field).toBe("images.0.mediaType");
  });
});

describe("share links and exports", () => {
  it("show the tools, the schema, the images (through the link) and each answer's tool calls and check", async () => {
    emulator.setScript(OPENAI, { toolCalls: [{ name: "get_weather", arguments: '{"city": 1}' }], text: '{"ok": true}', ttftMs: 5 });
    const responseSchema = { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] };
    const { id } = await start({
      prompt: "Weather?",
      models: [OPENAI, NO_IMAGES],
      tools: [weather],
      responseSchema,
      images: [{ mediaType: "image/png", data: PNG }],
    });
    const { createShare, revokeShare } = await import("@/lib/shares/service");
    const { share, token } = await createShare(await accessTo(id), { expiresAt: null });
    const exported = await api.shareExport.GET(new Request(`http://127.0.0.1/s/${token}/export?format=json`), {
      params: Promise.resolve({ token }),
    });
    const snapshot = (await exported.json()) as {
      tools: unknown[];
      responseSchema: unknown;
      turns: { images: unknown[]; answers: { toolCalls: ToolCallRecord[]; structured: unknown; skipReason: unknown }[] }[];
    };
    expect(snapshot.tools).toEqual([weather]);
    expect(snapshot.responseSchema).toEqual(responseSchema);
    expect(snapshot.turns[0]!.images).toEqual([{ index: 0, mediaType: "image/png", size: Buffer.from(PNG, "base64").length }]);
    expect(JSON.stringify(snapshot)).not.toContain(id);
    const [answer, skipped] = snapshot.turns[0]!.answers;
    expect(answer!.toolCalls[0]).toMatchObject({ validity: "schema-mismatch", errors: ["/city must be string"], resultSource: "none" });
    expect(answer!.structured).toEqual({ valid: true, errors: [] });
    expect(skipped!.skipReason).toMatchObject({ code: "no_images" });

    const image = (turn: number, index: number, t = token) =>
      api.sharedImage.GET(new Request("http://127.0.0.1/"), {
        params: Promise.resolve({ token: t, turn: String(turn), index: String(index) }),
      });
    const shown = await image(0, 0);
    expect(shown.status).toBe(200);
    expect(shown.headers.get("content-type")).toBe("image/png");
    expect(shown.headers.get("x-content-type-options")).toBe("nosniff");
    expect(shown.headers.get("referrer-policy")).toBe("no-referrer");
    // an image the snapshot does not show, a made-up token, a revoked link: the same 404
    expect((await image(0, 1)).status).toBe(404);
    expect((await image(1, 0)).status).toBe(404);
    expect((await image(0, 0, randomBytes(32).toString("base64url"))).status).toBe(404);
    await revokeShare(await accessTo(id), share.id);
    expect((await image(0, 0)).status).toBe(404);

    // the owner's markdown export says the same
    const md = await (await api.export.GET(new Request(`http://127.0.0.1/api/v1/comparisons/${id}/export?format=md`), params(id))).text();
    expect(md).toContain("## Tools (at most 5 steps)");
    expect(md).toContain("## Response schema");
    expect(md).toContain("_With 1 image: image/png");
    expect(md).toContain("`get_weather` (arguments do not match the schema)");
    expect(md).toContain("_Skipped: gpt-oss-120b on Amazon Bedrock takes no images._");
    expect(md).toContain("_Structured output: valid against the response schema._");
  });

  it("blind mode: a skipped pane's reason names no model or cloud until the reveal", async () => {
    const { id, events } = await start({
      prompt: "Picture",
      models: [OPENAI, NO_IMAGES],
      blind: true,
      images: [{ mediaType: "image/png", data: PNG }],
    });
    const skipped = events.find((e) => e.type === "pane-skipped");
    expect(skipped).toMatchObject({ reason: { code: "no_images", message: "This model takes no images." } });
    const sealed = await view(id);
    const answer = sealed.turns[0]!.answers.find((a) => a.status === "skipped")!;
    expect(answer.skipReason).toEqual({ code: "no_images", message: "This model takes no images." });
    expect(JSON.stringify(sealed)).not.toMatch(/gpt-oss|Bedrock/);
  });
});
