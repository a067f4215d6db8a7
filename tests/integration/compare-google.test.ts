// Fault isolation for the Gemini API and Vertex AI (Gemini, Claude, MaaS) in the real compare engine:
// a 429 and a mid-stream error hit one pane only, in plain words, while the other panes finish.
// The panes' providers are built from emulatorEnv (Vertex tokens from the emulator's metadata server).
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { getComparisonById } from "@/lib/compare/queries";
import { startComparison } from "@/lib/compare/service";
import type { EmulatorScript } from "../emulator/types";
import { accessTo } from "../helpers/access";
import { collect, OWNER, startHarness, textOf, type Harness } from "../helpers/compare-harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(inject("databaseUrl"));
});
afterAll(async () => h?.close());
beforeEach(() => h.emulator.reset());

const GEMINI = "google:gemini-2.5-flash";
const VERTEX_GEMINI = "vertex:gemini-2.5-flash";
const VERTEX_CLAUDE = "vertex:claude-sonnet-4-5@20250929";
const VERTEX_OSS = "vertex:openai/gpt-oss-120b-maas";
const OTHERS = ["openai:gpt-4o-mini", "bedrock:amazon.nova-pro-v1:0"];

async function run(models: string[]) {
  const c = collect();
  const { id } = startComparison({ prompt: "Explain TCP slow start.", models }, OWNER, { db: h.db, env: h.env, observe: c.observe });
  const events = await c.done;
  const view = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
  return { events, answers: view!.turns[0]!.answers };
}

// a short retry-after keeps the two retries quick (the SDK honours it)
const rateLimited: EmulatorScript = { fault: { kind: "http", status: 429, retryAfterSeconds: 0.02 } };
const midStream: EmulatorScript = { fault: { kind: "stream-error-after-text", afterTokens: 4 } };

describe(`Google providers in the compare engine on ${inject("databaseKind")}`, () => {
  it("streams the four Google panes side by side with usage and cost", async () => {
    const { events, answers } = await run([GEMINI, VERTEX_GEMINI, VERTEX_CLAUDE, VERTEX_OSS]);
    expect(answers.map((a) => a.status)).toEqual(["done", "done", "done", "done"]);
    for (const a of answers) {
      expect(a.text).toBe(textOf(events, a.pane));
      expect(a.text.length).toBeGreaterThan(20);
      expect(a.metrics.outputTokens).toBeGreaterThan(0);
      expect(a.metrics.costUsd).toBeGreaterThan(0);
    }
  });

  for (const [label, model] of [
    ["Gemini API", GEMINI],
    ["Vertex Gemini", VERTEX_GEMINI],
    ["Vertex Claude", VERTEX_CLAUDE],
    ["Vertex MaaS", VERTEX_OSS],
  ] as const) {
    it(`${label}: a 429 until retries run out fails its pane alone; the others finish`, async () => {
      h.emulator.setScript(model, rateLimited);
      const { events, answers } = await run([OTHERS[0]!, model, OTHERS[1]!]);
      const provider = model.startsWith("google:") ? "Google Gemini API" : "Google Vertex AI";
      expect(answers.map((a) => a.status)).toEqual(["done", "error", "done"]);
      expect(answers[1]!.error).toMatchObject({ code: "rate_limited" });
      expect(answers[1]!.error!.message).toMatch(new RegExp(`^Rate limited by ${provider} \\(429\\) after 3 attempts`));
      expect(events.filter((e) => e.type === "pane-error").map((e) => e.pane)).toEqual([1]);
      expect(h.emulator.requests.filter((r) => r.status === 429)).toHaveLength(3);
    });

    it(`${label}: a mid-stream error fails its pane alone and keeps the partial text; the others finish`, async () => {
      h.emulator.setScript(model, midStream);
      const { events, answers } = await run([OTHERS[0]!, model, OTHERS[1]!]);
      expect(answers.map((a) => a.status)).toEqual(["done", "error", "done"]);
      const pane = answers[1]!;
      expect(pane.text.length).toBeGreaterThan(0);
      expect(pane.text).toBe(textOf(events, 1));
      const provider = model.startsWith("google:") ? "Google Gemini API" : "Google Vertex AI";
      expect(pane.error!.message.startsWith(provider)).toBe(true);
      if (model === VERTEX_GEMINI) expect(pane.error!.message).toMatch(/ended the answer with no output and no usage/);
      expect(events.filter((e) => e.type === "pane-error").map((e) => e.pane)).toEqual([1]);
    });
  }
});
