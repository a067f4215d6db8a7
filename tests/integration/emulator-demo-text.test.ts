// The demo's emulated answers keep blind mode blind: with the demo scripts (`npm run demo`), answers
// from every cloud, through the real provider packages and the one model-call core, never name
// the model, its deployment, its logical model or the cloud, and two answers differ.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callModel } from "@/lib/calls/call-model";
import { parseEnv, type Env } from "@/lib/env";
import { clearProviderCache, getCatalog, type CatalogModel } from "@/lib/providers";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { startEmulator, type Emulator } from "../emulator/server";

let emulator: Emulator;
let env: Env;

beforeAll(async () => {
  // no `scripts`: the demo's per-model table (DEFAULT_SCRIPTS), as `npm run demo` uses it
  emulator = await startEmulator();
  clearProviderCache();
  env = parseEnv(emulatorEnv(emulator.url));
});
afterAll(async () => {
  await emulator?.close();
});

// names of clouds and model families that would give a model away
const CLOUD_WORDS = [
  "OpenAI",
  "Azure",
  "Microsoft",
  "Bedrock",
  "Amazon",
  "AWS",
  "Anthropic",
  "Claude",
  "Google",
  "Gemini",
  "Vertex",
  "Nova",
  "Llama",
  "Meta",
  "GPT",
  "vLLM",
];

function tells(model: CatalogModel): string[] {
  return [model.id, model.providerModelId, model.logicalModel, model.label, model.providerLabel, model.location ?? "", ...CLOUD_WORDS]
    .map((s) => s.trim())
    .filter((s) => s.length >= 3);
}

async function ask(model: CatalogModel, prompt: string) {
  const r = await callModel({
    model,
    env,
    system: null,
    messages: [{ role: "user", content: prompt }],
    params: {},
    maxRetries: 0,
  });
  expect(r.status, `${model.id}: ${r.failure?.message}`).toBe("done");
  return r.text;
}

describe("the demo's default answers", () => {
  it("never name the model or the cloud, on any provider", { timeout: 60_000 }, async () => {
    const models = getCatalog(env).filter((m) => m.available);
    expect(new Set(models.map((m) => m.provider))).toEqual(
      new Set(["openai", "azure", "bedrock", "compatible", "anthropic", "google", "vertex"]),
    );
    // one model of each cloud at least, and every Azure deployment (their names are the tells)
    const picked = models.filter((m, i) => m.provider === "azure" || models.findIndex((x) => x.provider === m.provider) === i);
    for (const model of picked) {
      const text = await ask(model, "How should I structure a small web service?");
      for (const tell of tells(model))
        expect(text.toLowerCase(), `${model.id} answer names "${tell}":\n${text}`).not.toContain(tell.toLowerCase());
      // still Markdown with a heading, a list and code
      expect(text).toMatch(/^#{2,3} /m);
      expect(text).toMatch(/^(- |\d+\. )/m);
      expect(text).toMatch(/^```\w+$/m);
    }
  });

  it("vary from answer to answer: the same prompt twice, or to two models, gets different text", { timeout: 30_000 }, async () => {
    const models = getCatalog(env).filter((m) => m.available);
    const openai = models.find((m) => m.provider === "openai")!;
    const azure = models.find((m) => m.provider === "azure")!;
    const prompt = "Explain caching in two paragraphs.";
    const [a, b, c] = [await ask(openai, prompt), await ask(openai, prompt), await ask(azure, prompt)];
    expect(a).not.toBe(b);
    expect(a).not.toBe(c);
    expect(b).not.toBe(c);
    // several shapes, not one template with a different number: over a few answers the openings differ
    const firsts = new Set<string>();
    for (let i = 0; i < 8; i++) firsts.add((await ask(openai, prompt)).split("\n").slice(1, 4).join("\n"));
    expect(firsts.size).toBeGreaterThan(2);
  });
});
