// Evaluation fixes (issue 10, helper "evals"): a bad CSV column named once, the Markdown export's
// heading order, kappa read by the Landis-Koch bands, the run's clock wording.
import { describe, expect, it } from "vitest";
import { elapsedText } from "@/components/evals/run-clock";
import { kappaBand, kappaTint } from "@/components/evals/kappa";
import { parsePromptFile } from "@/lib/evals/import";
import { shiftHeadings } from "@/lib/evals/normalise";
import { toMarkdown } from "@/lib/shares/export";

describe("CSV header problems", () => {
  const headerError = (csv: string) => {
    const r = parsePromptFile(csv, { format: "csv" });
    if (r.ok) throw new Error("expected a failure");
    expect(r.errors).toHaveLength(1);
    return r.errors[0]!.message;
  };
  const count = (text: string, part: string) => text.split(part).length - 1;

  it("names a bad column once, even when the header repeats it", () => {
    const message = headerError("prompt,foo,foo,Foo\nhi,1,2,3\n");
    expect(message).toBe('Unknown columns "foo", "Foo". Known fields: prompt, system, reference, tags, gold.');
    expect(count(message, '"foo"')).toBe(1);
  });

  it("lists the known columns once when the prompt column is missing too", () => {
    const message = headerError("question;answer\nhi;there\n");
    expect(message).toBe(
      'Unknown columns "question", "answer". There is no "prompt" column; the first line must name the columns. Known fields: prompt, system, reference, tags, gold.',
    );
    expect(count(message, "prompt, system, reference, tags, gold")).toBe(1);
  });

  it("says a known column appears twice once", () => {
    expect(headerError("prompt,tags,Tags,TAGS\nhi,a,b,c\n")).toBe(
      'Column "tags" appears twice. Known fields: prompt, system, reference, tags, gold.',
    );
  });
});

describe("Markdown export headings", () => {
  it("moves an answer's headings under its pane: # title > ## prompt > ### model > #### answer", () => {
    expect(shiftHeadings("# Big\n\ntext\n\n## Small\n\n```md\n# in code\n```", 4)).toBe(
      "#### Big\n\ntext\n\n##### Small\n\n```md\n# in code\n```",
    );
    expect(shiftHeadings("Title\n=====\n\nSub\n---\n\nx", 4)).toBe("#### Title\n\n##### Sub\n\nx");
    expect(shiftHeadings("##### deep\n###### deeper\n###### deepest", 4)).toBe("#### deep\n##### deeper\n##### deepest");
    expect(shiftHeadings("# a\n## b\n### c\n#### d", 4)).toBe("#### a\n##### b\n###### c\n###### d");
    expect(shiftHeadings("no headings\n---\nrule above is a setext h2 of the line before", 4)).toContain("no headings");
  });

  it("never puts a heading above the pane's level in a whole export", () => {
    const metrics = {
      ttftMs: null,
      totalMs: null,
      inputTokens: null,
      outputTokens: null,
      reasoningTokens: null,
      cachedInputTokens: null,
      costUsd: null,
      outputTokensPerSecond: null,
      finishReason: "stop",
      attempts: 1,
    } as unknown as Parameters<typeof toMarkdown>[0]["turns"][number]["answers"][number]["metrics"];
    const md = toMarkdown({
      title: "T",
      system: null,
      params: {},
      createdAt: "2025-11-26T16:34:00Z",
      panes: [{ index: 0, model: { id: "openai:x", label: "X", providerLabel: "OpenAI", location: null, emulated: false }, params: {} }],
      turns: [
        {
          index: 0,
          prompt: "Q",
          createdAt: "2025-11-26T16:34:00Z",
          answers: [{ pane: 0, status: "done", text: "# Answer\n\n## Part\n\nBody", reasoning: "", error: null, metrics }],
        },
      ],
    });
    const levels = [...md.matchAll(/^(#{1,6}) /gm)].map((m) => m[1]!.length);
    expect(levels).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("kappa tint (Landis-Koch)", () => {
  it("reads 0.00 as no agreement, with a neutral tint, and below 0 as worse than chance (red)", () => {
    expect(kappaBand(0).label).toBe("no agreement");
    expect(kappaBand(0.004).label).toBe("no agreement");
    expect(kappaTint(0)).toMatch(/^rgba\(113, 113, 122/);
    expect(kappaBand(-0.3).label).toBe("worse than chance");
    expect(kappaTint(-0.3)).toMatch(/^rgba\(239, 68, 68/);
  });

  it("tints agreement green, deeper with each band", () => {
    expect([0.1, 0.3, 0.5, 0.7, 0.9].map((k) => kappaBand(k).label)).toEqual([
      "slight",
      "fair",
      "moderate",
      "substantial",
      "almost perfect",
    ]);
    const alpha = (k: number) => Number(/([\d.]+)\)$/.exec(kappaTint(k)!)![1]);
    expect(alpha(0.1)).toBeLessThan(alpha(0.3));
    expect(alpha(0.7)).toBeLessThan(alpha(0.9));
    expect(kappaTint(0.2)).toMatch(/^rgba\(16, 185, 129/);
  });
});

describe("the run's clock", () => {
  const startedAt = "2026-12-04T10:00:00.000Z";
  const at = (s: number) => Date.parse(startedAt) + s * 1000;
  it("runs, pauses and finishes in words", () => {
    expect(elapsedText({ status: "draft", startedAt: null, finishedAt: null }, null, at(5))).toBeNull();
    expect(elapsedText({ status: "running", startedAt, finishedAt: null }, null, at(75))).toMatch(/^running for /);
    const paused = elapsedText({ status: "paused", startedAt, finishedAt: null }, new Date(at(70)).toISOString(), at(500));
    expect(paused).toMatch(/^paused after /);
    expect(paused).toBe(elapsedText({ status: "paused", startedAt, finishedAt: null }, new Date(at(70)).toISOString(), at(9000)));
    expect(paused).not.toMatch(/running/);
    expect(elapsedText({ status: "completed", startedAt, finishedAt: new Date(at(90)).toISOString() }, null, at(9000))).toMatch(/^took /);
  });
});
