import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { deleteComparison, getComparisonById, listComparisons, renameComparison } from "@/lib/compare/queries";
import { addTurn, retryPane, startComparison, stopPanes } from "@/lib/compare/service";
import { runs } from "@/lib/compare/hub";
import { collect, OWNER, startHarness, textOf, type Harness } from "../helpers/compare-harness";
import { streamedComparisonIsPersistedWhole } from "./compare-scenario";
import { accessTo } from "../helpers/access";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(inject("databaseUrl"));
});
afterAll(async () => h?.close());
beforeEach(() => h.emulator.reset());

async function run(models: string[], prompt = "Explain TCP slow start.") {
  const c = collect();
  const { id } = startComparison({ prompt, models }, OWNER, { db: h.db, env: h.env, observe: c.observe });
  return { id, events: await c.done };
}

describe(`compare engine on ${inject("databaseKind")}`, () => {
  it("stores a streamed comparison whole", async () => {
    await streamedComparisonIsPersistedWhole(h);
  });

  it("a pane rate limited until retries run out fails alone, in plain words, while the others finish", async () => {
    h.emulator.setScript("azure:prod-mini", { fault: { kind: "http", status: 429, retryAfterMs: 20 } });
    const { id, events } = await run(["openai:gpt-4o-mini", "azure:prod-mini", "bedrock:amazon.nova-pro-v1:0"]);
    const error = events.find((e) => e.type === "pane-error");
    expect(error).toMatchObject({
      pane: 1,
      error: { code: "rate_limited", message: "Rate limited by Azure OpenAI (429) after 3 attempts." },
    });
    expect(h.emulator.requests.filter((r) => r.model === "prod-mini")).toHaveLength(3);
    const view = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
    expect(view!.turns[0]!.answers.map((a) => a.status)).toEqual(["done", "error", "done"]);
    expect(view!.turns[0]!.answers[1]!.error?.message).toBe("Rate limited by Azure OpenAI (429) after 3 attempts.");
    expect(view!.turns[0]!.answers[1]!.metrics.attempts).toBe(3);
  });

  it("keeps the partial text when the stream fails after text (OpenAI and Bedrock)", async () => {
    h.emulator.setScript("openai:gpt-4o-mini", { fault: { kind: "stream-error-after-text", afterTokens: 5 } });
    h.emulator.setScript("bedrock:amazon.nova-pro-v1:0", { fault: { kind: "stream-error-after-text", afterTokens: 4 } });
    const { id, events } = await run(["openai:gpt-4o-mini", "bedrock:amazon.nova-pro-v1:0", "azure:prod-mini"]);
    const view = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
    const [openai, bedrock, azure] = view!.turns[0]!.answers;
    expect(openai!.status).toBe("error");
    expect(openai!.text).toBe(textOf(events, 0));
    expect(openai!.text.length).toBeGreaterThan(0);
    expect(openai!.error!.message).toMatch(/^OpenAI reported an error mid-stream/);
    expect(bedrock!.status).toBe("error");
    expect(bedrock!.text.length).toBeGreaterThan(0);
    expect(bedrock!.error!.message).toMatch(/^Amazon Bedrock reported an error mid-stream/);
    expect(azure!.status).toBe("done");
  });

  it("reports an in-stream error before any text (Bedrock throttling frame) and an HTTP 401", async () => {
    h.emulator.setScript("bedrock:amazon.nova-pro-v1:0", { fault: { kind: "stream-error-before-text" } });
    h.emulator.setScript("openai:gpt-4o-mini", { fault: { kind: "http", status: 401 } });
    const { events } = await run(["openai:gpt-4o-mini", "bedrock:amazon.nova-pro-v1:0"]);
    const errors = events.filter((e) => e.type === "pane-error").map((e) => (e.type === "pane-error" ? e.error.message : ""));
    expect(errors.some((m) => /^Rate limited by Amazon Bedrock mid-stream: .+/.test(m))).toBe(true);
    expect(errors.some((m) => m.startsWith("OpenAI rejected the credentials (401)"))).toBe(true);
  });

  it("marks a dropped connection and keeps what arrived", async () => {
    h.emulator.setScript("openai:gpt-4o-mini", { fault: { kind: "drop", afterTokens: 6 } });
    h.emulator.setScript("bedrock:amazon.nova-pro-v1:0", { fault: { kind: "drop", afterTokens: 6 } });
    const { id } = await run(["openai:gpt-4o-mini", "bedrock:amazon.nova-pro-v1:0"]);
    const view = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
    for (const a of view!.turns[0]!.answers) {
      expect(a.status).toBe("error");
      expect(a.error!.code).toBe("connection_dropped");
      expect(a.text.length).toBeGreaterThan(0);
    }
  });

  it("content filter ends the answer with finish reason content-filter", async () => {
    h.emulator.setScript("azure:prod-mini", { fault: { kind: "content-filter", afterTokens: 3 } });
    const { id } = await run(["azure:prod-mini", "openai:gpt-4o-mini"]);
    const view = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
    expect(view!.turns[0]!.answers[0]!.metrics.finishReason).toBe("content-filter");
  });

  it("Stop aborts one hung pane; the others are not delayed", async () => {
    h.emulator.setScript("bedrock:amazon.nova-pro-v1:0", { fault: { kind: "hang", afterTokens: 3 } });
    const c = collect();
    const { id } = startComparison({ prompt: "hello", models: ["openai:gpt-4o-mini", "bedrock:amazon.nova-pro-v1:0"] }, OWNER, {
      db: h.db,
      env: h.env,
      observe: c.observe,
    });
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (c.events.some((e) => e.type === "pane-finish" && e.pane === 0) && runs.get(id)!.panes.get(1)!.text.length > 0) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    expect(await stopPanes(await accessTo(id, { db: h.db }), 1)).toBe(1);
    await c.done;
    const view = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
    expect(view!.turns[0]!.answers.map((a) => a.status)).toEqual(["done", "stopped"]);
    expect(view!.turns[0]!.answers[1]!.text.length).toBeGreaterThan(0);
    expect(view!.turns[0]!.answers[1]!.metrics.finishReason).toBe("stopped");
  });

  it("a stalled provider ends its pane as timed out after JUXTA_IDLE_TIMEOUT_MS; the others finish", async () => {
    h.emulator.setScript("bedrock:amazon.nova-pro-v1:0", { fault: { kind: "hang", afterTokens: 3 } });
    const env = { ...h.env, idleTimeoutMs: 1000 };
    const c = collect();
    const started = performance.now();
    const { id } = startComparison({ prompt: "hello", models: ["openai:gpt-4o-mini", "bedrock:amazon.nova-pro-v1:0"] }, OWNER, {
      db: h.db,
      env,
      observe: c.observe,
    });
    const events = await c.done;
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(events.find((e) => e.type === "pane-error")).toMatchObject({ pane: 1, error: { code: "timeout" } });
    const view = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env });
    const [done, stalled] = view!.turns[0]!.answers;
    expect(done!.status).toBe("done");
    expect(stalled!.status).toBe("error");
    expect(stalled!.error!.message).toMatch(/^Timed out: Amazon Bedrock sent nothing for 1 s/);
    expect(textOf(events, 1).length).toBeGreaterThan(0);
    expect(stalled!.text).toBe(textOf(events, 1));
    expect(stalled!.metrics.finishReason).toBe("error");
  });

  it("a follow-up goes to every pane with that pane's own thread", async () => {
    const { id } = await run(["openai:gpt-4o-mini", "bedrock:amazon.nova-pro-v1:0"], "First question");
    const first = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
    h.emulator.reset();
    const c = collect();
    const { turn } = await addTurn(await accessTo(id, { db: h.db }), "Second question", { db: h.db, env: h.env, observe: c.observe });
    expect(turn).toBe(1);
    await c.done;
    const openaiReq = h.emulator.requests.find((r) => r.provider === "openai")!.body as { input: { role: string; content: unknown }[] };
    const flat = JSON.stringify(openaiReq.input);
    expect(flat).toContain("First question");
    expect(flat).toContain("Second question");
    expect(flat).toContain(JSON.stringify(first!.turns[0]!.answers[0]!.text.slice(0, 30)).slice(1, -1));
    expect(flat).not.toContain(JSON.stringify(first!.turns[0]!.answers[1]!.text.slice(0, 30)).slice(1, -1));
    const bedrockReq = h.emulator.requests.find((r) => r.provider === "bedrock")!.body as { messages: unknown[] };
    expect(bedrockReq.messages).toHaveLength(3);
    const view = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
    expect(view!.turns).toHaveLength(2);
    expect(view!.turns[1]!.answers.every((a) => a.status === "done")).toBe(true);
  });

  it("retry runs one failed pane again and stores the new answer", async () => {
    h.emulator.setScript("azure:prod-mini", { fault: { kind: "http", status: 500, retryAfterMs: 20 }, faultTimes: 3 });
    const { id } = await run(["openai:gpt-4o-mini", "azure:prod-mini"]);
    let view = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
    expect(view!.turns[0]!.answers[1]!.status).toBe("error");
    const { run: live } = await retryPane(await accessTo(id, { db: h.db }), 1, { db: h.db, env: h.env });
    await live.panes.get(1)!.finished;
    view = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
    expect(view!.turns[0]!.answers[1]!.status).toBe("done");
    expect(view!.turns[0]!.answers[1]!.error).toBeNull();
    expect(view!.turns[0]!.answers[0]!.status).toBe("done");
  });

  it("panes run in parallel: total time follows the slowest pane, not the sum", async () => {
    h.emulator.setScript("openai:gpt-4o-mini", { ttftMs: 300, tokensPerSecond: 0 });
    h.emulator.setScript("azure:prod-mini", { ttftMs: 300, tokensPerSecond: 0 });
    h.emulator.setScript("bedrock:amazon.nova-pro-v1:0", { ttftMs: 300, tokensPerSecond: 0 });
    const started = Date.now();
    await run(["openai:gpt-4o-mini", "azure:prod-mini", "bedrock:amazon.nova-pro-v1:0"]);
    expect(Date.now() - started).toBeLessThan(800);
  });

  it("lists past comparisons newest first", async () => {
    const a = await run(["openai:gpt-4o-mini", "azure:prod-mini"], "older");
    const b = await run(["openai:gpt-4o-mini", "azure:prod-mini"], "newer");
    const { items } = await listComparisons({ viewer: { id: OWNER.ownerId, local: true }, limit: 2 }, { db: h.db });
    expect(items.map((i) => i.id)).toEqual([b.id, a.id]);
    expect(items[0]!.models).toEqual(["GPT-4o mini", "GPT-4o mini (prod-mini)"]);
  });

  it("history: searches prompts of every turn, renames, deletes with everything under it", async () => {
    const viewer = { id: OWNER.ownerId, local: true };
    const { id } = await run(["openai:gpt-4o-mini", "azure:prod-mini"], "Tell me about Kubernetes pods");
    const c = collect();
    await addTurn(await accessTo(id, { db: h.db }), "And what about zebra crossings?", { db: h.db, env: h.env, observe: c.observe });
    await c.done;
    const other = await run(["openai:gpt-4o-mini", "azure:prod-mini"], "Something else entirely");

    const found = await listComparisons({ viewer, q: "ZEBRA" }, { db: h.db });
    expect(found.items.map((i) => i.id)).toEqual([id]);
    expect((await listComparisons({ viewer, q: "kubernetes" }, { db: h.db })).items.map((i) => i.id)).toEqual([id]);
    // someone else sees none of it
    expect((await listComparisons({ viewer: { id: "someone-else", local: false }, q: "zebra" }, { db: h.db })).items).toEqual([]);

    await renameComparison(await accessTo(id, { db: h.db }), { title: "Pods and zebras" }, { db: h.db });
    expect((await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env }))!.title).toBe("Pods and zebras");

    // a check made before the delete: reading through it afterwards finds nothing
    const access = await accessTo(id, { db: h.db });
    await deleteComparison(access, { db: h.db });
    expect(await getComparisonById(access, { db: h.db, env: h.env })).toBeNull();
    expect(await h.db.answer.count({ where: { turn: { comparisonId: id } } })).toBe(0);
    expect(await h.db.turn.count({ where: { comparisonId: id } })).toBe(0);
    expect(await getComparisonById(await accessTo(other.id, { db: h.db }), { db: h.db, env: h.env })).not.toBeNull();
  });
});
