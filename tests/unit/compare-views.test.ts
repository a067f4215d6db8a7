// Server-renders the playground and the new-session form (no browser): they render, and keep the
// names the Playwright tests find them by.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { PickerModel } from "@/components/compare/types";
import type { ComparisonView } from "@/lib/compare/queries";

vi.mock("next/navigation", () => ({ usePathname: () => "/", useRouter: () => ({ push: () => {}, refresh: () => {} }) }));
vi.mock("@/app/actions", () => ({}));
vi.mock("@/app/share-actions", () => ({}));

const { Playground } = await import("@/components/compare/playground");
const { SessionForm } = await import("@/components/evals/session-form");

function model(id: string, providerLabel: string): PickerModel {
  const provider = id.split(":")[0] as PickerModel["provider"];
  return {
    id,
    label: id.split(":")[1]!,
    provider,
    providerLabel,
    location: null,
    logicalModel: id,
    available: true,
    emulated: true,
    contextWindow: 128_000,
    capabilities: null,
    price: { input: 0.15, output: 0.6 },
  };
}
const models = [model("openai:gpt-4o-mini", "OpenAI"), model("azure:prod-mini", "Azure OpenAI")];
const decode = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

describe("server-rendered views", () => {
  it("the empty playground: prompt, parameters, panes with their buttons", () => {
    const html = decode(renderToString(createElement(Playground, { models, hints: [], initial: null })));
    for (const text of [
      "Compare models",
      ">Compare<",
      "Add pane",
      'aria-label="Change model for pane 1"',
      'aria-label="Remove pane 2"',
      "Temperature",
      "Top-p",
      "Max output tokens",
      'role="switch"',
      "Blind mode",
    ])
      expect(html).toContain(text);
    expect(html).toMatch(/<label[^>]*for="prompt"[^>]*>Prompt/);
  });

  it("a stored comparison: its title, a region per pane with metrics, the follow-up box", () => {
    const metrics = {
      ttftMs: 312,
      totalMs: 1420,
      inputTokens: 25,
      cachedInputTokens: null,
      outputTokens: 1180,
      reasoningTokens: null,
      outputTokensPerSecond: 1064.1,
      costUsd: 0.0000763,
      finishReason: "stop",
      attempts: 1,
    };
    const answer = (pane: number) => ({
      pane,
      status: "done" as const,
      text: "Hello",
      reasoning: "",
      error: null,
      metrics,
      responseId: null,
      requestId: null,
      startedAt: "2025-01-01T00:00:00Z",
      finishedAt: "2025-01-01T00:00:01Z",
      toolCalls: [],
      structured: null,
      skipReason: null,
    });
    const view = {
      id: "cmp_1234567890",
      title: "Why is the sky blue?",
      blind: false,
      revealed: true,
      system: null,
      params: { temperature: 0.5 },
      createdAt: "2025-01-01T00:00:00Z",
      updatedAt: "2025-01-01T00:00:01Z",
      panes: models.map((m, index) => ({
        index,
        model: { id: m.id, label: m.label, provider: m.provider, providerLabel: m.providerLabel, location: null, emulated: true },
        params: { temperature: 0.5 },
      })),
      tools: [],
      maxSteps: null,
      responseSchema: null,
      turns: [{ index: 0, prompt: "Why is the sky blue?", createdAt: "2025-01-01T00:00:00Z", images: [], answers: [answer(0), answer(1)] }],
    } as unknown as ComparisonView;
    const html = decode(renderToString(createElement(Playground, { models, hints: [], initial: view })));
    for (const text of [
      "Why is the sky blue?",
      "2 models · 1 turn · shared temperature 0.5",
      "New comparison",
      "Follow-up prompt",
      ">Send<",
      "312 ms",
      "1.42 s",
      "$0.000076",
      'role="group"',
    ])
      expect(html).toContain(text);
  });

  it("the new-session form: every labelled field the evaluation test fills", () => {
    const html = decode(renderToString(createElement(SessionForm, { models, teams: [{ id: "team_1234567", name: "Red" }] })));
    for (const text of [
      ">Name<",
      ">Team<",
      "Raters per item (K)",
      "Prompt file (CSV or JSONL)",
      "Create session",
      "gpt-4o-mini",
      "Candidate models",
      "Add criterion",
    ])
      expect(html).toContain(text);
  });
});
