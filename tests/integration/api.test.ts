// The JSON API's route handlers, called as Next calls them, on the test database and the emulator.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import type { CompareEvent } from "@/lib/compare/events";

let emulator: Emulator;
let api: {
  models: typeof import("@/app/api/v1/models/route");
  comparisons: typeof import("@/app/api/v1/comparisons/route");
  comparison: typeof import("@/app/api/v1/comparisons/[id]/route");
  events: typeof import("@/app/api/v1/comparisons/[id]/events/route");
  turns: typeof import("@/app/api/v1/comparisons/[id]/turns/route");
};
let db: import("@/lib/generated/prisma/client").PrismaClient;

beforeAll(async () => {
  emulator = await startEmulator({ scripts: {} });
  Object.assign(process.env, emulatorEnv(emulator.url), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  api = {
    models: await import("@/app/api/v1/models/route"),
    comparisons: await import("@/app/api/v1/comparisons/route"),
    comparison: await import("@/app/api/v1/comparisons/[id]/route"),
    events: await import("@/app/api/v1/comparisons/[id]/events/route"),
    turns: await import("@/app/api/v1/comparisons/[id]/turns/route"),
  };
  db = (await import("@/lib/db")).getDb();
});
afterAll(async () => {
  await emulator?.close();
});

function post(body: unknown, raw?: string) {
  return new Request("http://127.0.0.1/api/v1/comparisons", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ?? JSON.stringify(body),
  });
}

async function readEvents(res: Response): Promise<CompareEvent[]> {
  const text = await res.text();
  return text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as CompareEvent);
}

async function counts() {
  return { comparisons: await db.comparison.count(), answers: await db.answer.count(), turns: await db.turn.count() };
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe("JSON API", () => {
  it("GET /api/v1/models lists every catalog model with prices and availability", async () => {
    const res = await api.models.GET();
    const { models } = (await res.json()) as { models: { id: string; available: boolean; logicalModel: string; prices: unknown }[] };
    const ids = models.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(["openai:gpt-4o-mini", "azure:prod-mini", "bedrock:openai.gpt-oss-120b-1:0"]));
    const azure = models.find((m) => m.id === "azure:prod-mini")!;
    expect(azure).toMatchObject({ available: true, logicalModel: "gpt-4o-mini" });
    expect(models.find((m) => m.id === "openai:gpt-4o-mini")!.prices).toMatchObject({
      input: expect.any(Number),
      output: expect.any(Number),
    });
  });

  it("POST streams NDJSON events and GET returns the same stored comparison", async () => {
    emulator.setScript("bedrock:openai.gpt-oss-20b-1:0", { reasoning: "The user greets; answer briefly.", reasoningInText: true });
    const res = await api.comparisons.POST(post({ prompt: "Say hi", models: ["openai:gpt-4o-mini", "bedrock:openai.gpt-oss-20b-1:0"] }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/x-ndjson");
    const events = await readEvents(res);
    expect(events[0]).toMatchObject({ type: "comparison", turn: 0 });
    expect(events.filter((e) => e.type === "pane-start").map((e) => (e.type === "pane-start" ? e.model : ""))).toEqual([
      "openai:gpt-4o-mini",
      "bedrock:openai.gpt-oss-20b-1:0",
    ]);
    const done = events.at(-1)!;
    expect(done.type).toBe("done");
    const id = done.type === "done" ? done.id : "";
    const stored = await (await api.comparison.GET(new Request("http://127.0.0.1"), params(id))).json();
    expect(stored.turns[0].answers).toHaveLength(2);
    for (const a of stored.turns[0].answers) {
      expect(a.status).toBe("done");
      const streamed = events
        .filter((e) => e.type === "text-delta" && e.pane === a.pane)
        .map((e) => (e.type === "text-delta" ? e.delta : ""))
        .join("");
      expect(a.text).toBe(streamed);
    }
    // gpt-oss puts its reasoning in <reasoning> tags: it is split out, not shown as answer text
    const oss = stored.turns[0].answers[1];
    expect(oss.reasoning.length).toBeGreaterThan(0);
    expect(oss.text).not.toContain("<reasoning>");

    // after the run, the events endpoint replays the stored state and ends
    const replay = await readEvents(await api.events.GET(new Request("http://127.0.0.1"), params(id)));
    expect(replay.filter((e) => e.type === "pane-snapshot")).toHaveLength(2);
    expect(replay.at(-1)!.type).toBe("done");

    // a follow-up turn over the API
    const turn = await readEvents(
      await api.turns.POST(new Request("http://127.0.0.1", { method: "POST", body: JSON.stringify({ prompt: "And again?" }) }), params(id)),
    );
    expect(turn[0]).toMatchObject({ type: "comparison", id, turn: 1 });
    expect(turn.at(-1)).toMatchObject({ type: "done", turn: 1 });
  });

  it("generation runs to its end when the client goes away", async () => {
    emulator.setScript("openai:gpt-4o-mini", { ttftMs: 50, tokensPerSecond: 200 });
    const res = await api.comparisons.POST(post({ prompt: "Long answer please", models: ["openai:gpt-4o-mini", "azure:prod-mini"] }));
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const id = (JSON.parse(first.split("\n")[0]!) as { id: string }).id;
    await reader.cancel();
    const deadline = Date.now() + 15_000;
    let statuses: string[] = [];
    while (Date.now() < deadline) {
      const answers = await db.answer.findMany({ where: { turn: { comparisonId: id } }, orderBy: { pane: { index: "asc" } } });
      statuses = answers.map((a) => a.status);
      if (answers.length === 2 && statuses.every((s) => s === "done")) {
        expect(answers.every((a) => a.text.length > 50 && a.outputTokens! > 0)).toBe(true);
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(statuses).toEqual(["done", "done"]);
  });

  const bad: [string, unknown, string | null, string][] = [
    ["empty prompt", { prompt: "   ", models: ["openai:gpt-4o-mini"] }, "prompt", "validation"],
    ["prompt over 100,000 characters", { prompt: "x".repeat(100_001), models: ["openai:gpt-4o-mini"] }, "prompt", "validation"],
    ["no model", { prompt: "hi", models: [] }, "models", "validation"],
    ["more than 8 models", { prompt: "hi", models: Array(9).fill("openai:gpt-4o-mini") }, "models", "validation"],
    ["unknown model", { prompt: "hi", models: ["openai:gpt-4o-mini", "openai:gpt-9"] }, "models.1", "unknown_model"],
    [
      "temperature out of range",
      { prompt: "hi", models: ["openai:gpt-4o-mini"], params: { temperature: 2.5 } },
      "params.temperature",
      "validation",
    ],
    ["top-p out of range", { prompt: "hi", models: ["openai:gpt-4o-mini"], params: { topP: -0.1 } }, "params.topP", "validation"],
    [
      "max tokens not an integer",
      { prompt: "hi", models: ["openai:gpt-4o-mini"], params: { maxOutputTokens: 10.5 } },
      "params.maxOutputTokens",
      "validation",
    ],
    [
      "per-pane parameter out of range",
      { prompt: "hi", models: [{ id: "openai:gpt-4o-mini", params: { temperature: -1 } }] },
      "models.0.params.temperature",
      "validation",
    ],
    ["unknown field", { prompt: "hi", models: ["openai:gpt-4o-mini"], extra: 1 }, null, "validation"],
    ["seed not an integer", { prompt: "hi", models: ["openai:gpt-4o-mini"], params: { seed: 1.5 } }, "params.seed", "validation"],
    [
      "five stop sequences",
      { prompt: "hi", models: ["openai:gpt-4o-mini"], params: { stopSequences: ["a", "b", "c", "d", "e"] } },
      "params.stopSequences",
      "validation",
    ],
    [
      "unknown reasoning effort",
      { prompt: "hi", models: [{ id: "openai:gpt-5-mini", params: { reasoningEffort: "extreme" } }] },
      "models.0.params.reasoningEffort",
      "validation",
    ],
    [
      "per-pane system prompt not text",
      { prompt: "hi", models: [{ id: "openai:gpt-4o-mini", system: 5 }] },
      "models.0.system",
      "validation",
    ],
  ];
  it.each(bad)("rejects %s with 400 and stores nothing", async (_name, body, field, code) => {
    const before = await counts();
    const res = await api.comparisons.POST(post(body));
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; message: string; field: string | null } };
    expect(json.error.code).toBe(code);
    expect(json.error.field).toBe(field);
    expect(json.error.message.length).toBeGreaterThan(5);
    expect(await counts()).toEqual(before);
  });

  it("rejects malformed JSON with 400 and an unavailable model with 400 naming what to set", async () => {
    const before = await counts();
    const res = await api.comparisons.POST(post(null, "{not json"));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_json");
    // a catalog model whose provider is not configured: compatible endpoint models are always configured,
    // so take a built-in OpenAI model while OpenAI is switched off
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    (await import("@/lib/env")).resetEnvCache();
    try {
      const res2 = await api.comparisons.POST(post({ prompt: "hi", models: ["azure:prod-mini", "openai:gpt-4o"] }));
      expect(res2.status).toBe(400);
      const json = (await res2.json()) as { error: { code: string; message: string; field: string } };
      expect(json.error).toMatchObject({ code: "model_unavailable", field: "models.1" });
      expect(json.error.message).toContain("OPENAI_API_KEY");
    } finally {
      process.env.OPENAI_API_KEY = saved;
      (await import("@/lib/env")).resetEnvCache();
    }
    expect(await counts()).toEqual(before);
  });

  it("answers 404 for unknown or malformed comparison ids", async () => {
    expect((await api.comparison.GET(new Request("http://127.0.0.1"), params("doesNotExist123"))).status).toBe(404);
    expect((await api.comparison.GET(new Request("http://127.0.0.1"), params("../../etc"))).status).toBe(404);
    expect((await api.events.GET(new Request("http://127.0.0.1"), params("doesNotExist123"))).status).toBe(404);
  });

  it("rejects a prompt over 100,000 characters (400) and a body over 30 MB (413)", async () => {
    const long = await api.comparisons.POST(post({ prompt: "x".repeat(1_100_000), models: ["openai:gpt-4o-mini"] }));
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: { field: string } }).error.field).toBe("prompt");
    const res = await api.comparisons.POST(post({ prompt: "x".repeat(31_000_000), models: ["openai:gpt-4o-mini"] }));
    expect(res.status).toBe(413);
  });
});
