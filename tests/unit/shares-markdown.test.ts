import { describe, expect, it } from "vitest";
import { emptyMetrics } from "@/lib/compare/metrics";
import { exportFilename, metricsLine, toJsonExport, toMarkdown, type Exportable } from "@/lib/shares/export";

const doc: Exportable = {
  title: "Explain ```fences``` please",
  system: "Be brief.",
  params: { temperature: 0.5 },
  createdAt: "2025-11-26T16:34:05.123Z",
  sharedAt: "2025-11-27T08:00:00.000Z",
  panes: [
    {
      index: 0,
      model: { id: "openai:gpt-4o-mini", label: "GPT-4o mini", providerLabel: "OpenAI", location: null, emulated: false },
      params: { temperature: 0.5 },
    },
    {
      index: 1,
      model: { id: "azure:prod-mini", label: "prod-mini", providerLabel: "Azure OpenAI", location: "contoso-east", emulated: true },
      params: { temperature: 0.5, maxOutputTokens: 1200 },
    },
  ],
  turns: [
    {
      index: 0,
      prompt: "Show a code block:\n```js\nx()\n```\n# not a heading",
      createdAt: "2025-11-26T16:34:05.123Z",
      answers: [
        {
          pane: 0,
          status: "done",
          text: "## Answer\n\nUse `x()`.\n",
          reasoning: "",
          error: null,
          metrics: {
            ...emptyMetrics(),
            ttftMs: 312,
            totalMs: 1420,
            inputTokens: 25,
            outputTokens: 1180,
            outputTokensPerSecond: 1064.1,
            costUsd: 0.000076,
            finishReason: "stop",
          },
        },
        {
          pane: 1,
          status: "error",
          text: "Partial",
          reasoning: "Think first.",
          error: { message: "Rate limited by Azure OpenAI (429) after 3 attempts." },
          metrics: { ...emptyMetrics(), attempts: 3 },
        },
      ],
    },
    {
      index: 1,
      prompt: "And again?",
      createdAt: "2025-11-26T16:35:00.000Z",
      answers: [
        { pane: 0, status: "streaming", text: "Half", reasoning: "", error: null, metrics: emptyMetrics() },
        { pane: 1, status: "done", text: "", reasoning: "", error: null, metrics: emptyMetrics() },
      ],
    },
  ],
};

describe("Markdown export", () => {
  const md = toMarkdown(doc, { exportedAt: new Date("2025-11-28T10:00:00Z") });

  it("starts with the title and the comparison's facts", () => {
    expect(md.split("\n").slice(0, 8)).toEqual([
      "# Explain ```fences``` please",
      "",
      "- Created: 2025-11-26 16:34 UTC",
      "- Snapshot as of: 2025-11-27 08:00 UTC",
      "- Exported: 2025-11-28 10:00 UTC",
      "- Models: GPT-4o mini · OpenAI; prod-mini · Azure OpenAI (contoso-east) [emulated]",
      "- Shared parameters: temperature 0.5",
      "",
    ]);
    expect(md).toContain("## System prompt\n\n```text\nBe brief.\n```");
  });

  it("fences each prompt so that its own backticks and headings stay inside", () => {
    expect(md).toContain(
      "## Prompt\n\n_Sent 2025-11-26 16:34 UTC_\n\n````text\nShow a code block:\n```js\nx()\n```\n# not a heading\n````",
    );
    expect(md).toContain("## Follow-up 1\n");
    expect(md).toContain("```text\nAnd again?\n```");
  });

  it("gives each pane its model, answer and one metrics line", () => {
    expect(md).toContain(
      "### GPT-4o mini · OpenAI\n\n_Model `openai:gpt-4o-mini` · temperature 0.5_\n\n#### Answer\n\nUse `x()`.\n\n> TTFT 312 ms · total 1.42 s · 25 in · 1,180 out · 1064.1 tok/s · cost $0.000076 · finish stop",
    );
    expect(md).toContain(
      "### prod-mini · Azure OpenAI (contoso-east)\n\n_Model `azure:prod-mini` · temperature 0.5, max 1,200 output tokens · emulated_",
    );
    expect(md).toContain("<details><summary>Reasoning</summary>\n\nThink first.\n\n</details>");
    expect(md).toContain("> **Error:** Rate limited by Azure OpenAI (429) after 3 attempts.");
    expect(md).toContain("_Still answering at the time of this snapshot._");
    expect(md).toContain("_The model returned an empty answer._");
    expect(md.endsWith("\n")).toBe(true);
  });

  it("writes unknown metrics as dashes and counts retries", () => {
    expect(metricsLine({ ...emptyMetrics(), attempts: 3 })).toBe(
      "TTFT – · total – · – in · – out · – tok/s · cost – · finish – · 3 attempts",
    );
  });
});

describe("JSON export and file names", () => {
  it("puts the format marker and export time first, then every field", () => {
    const json = toJsonExport({ id: "abc", title: "T" }, { exportedAt: new Date("2025-11-28T10:00:00Z") });
    expect(Object.keys(json)).toEqual(["format", "exportedAt", "id", "title"]);
    expect(json).toMatchObject({ format: "juxta.comparison.v1", exportedAt: "2025-11-28T10:00:00.000Z" });
  });

  it("makes ASCII file names from any title", () => {
    expect(exportFilename("Explain TCP slow start.", "md")).toBe("juxta-explain-tcp-slow-start.md");
    expect(exportFilename('Crème brûlée "recipe"; rm -rf /', "json")).toBe("juxta-creme-brulee-recipe-rm-rf.json");
    expect(exportFilename("日本語", "md")).toBe("juxta-comparison.md");
    expect(exportFilename("a".repeat(200), "md")).toBe(`juxta-${"a".repeat(60)}.md`);
  });
});
