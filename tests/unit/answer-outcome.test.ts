// How an answer ended, as the pane and the shared page show it: a filtered or cut answer is not a
// green "Done", cut text renders without stray markup, and estimated tokens are marked.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/compare/markdown";
import { MetricsRow } from "@/components/compare/metrics-row";
import { EndedNote, StatusIndicator } from "@/components/compare/pane-parts";
import { sealedMetrics } from "@/lib/compare/blind";
import { answerOutcome, emptyMetrics, endedEarly } from "@/lib/compare/metrics";
import { metricsLine } from "@/lib/shares/export";

const render = (el: Parameters<typeof renderToString>[0]) => renderToString(el).replace(/<!-- -->/g, "");

describe("answerOutcome", () => {
  it("labels a content-filtered answer Filtered and a length finish Cut at the token limit, both amber", () => {
    expect(answerOutcome("done", "content-filter")).toMatchObject({ label: "Filtered", tone: "warning" });
    expect(answerOutcome("done", "content-filter").title).toMatch(/provider's content filter stopped/);
    expect(answerOutcome("done", "length")).toMatchObject({ label: "Cut at the token limit", tone: "warning" });
    expect(answerOutcome("done", "stop")).toMatchObject({ label: "Done", tone: "done" });
    expect(answerOutcome("done", null)).toMatchObject({ label: "Done", tone: "done" });
    expect(answerOutcome("stopped", "stopped")).toMatchObject({ label: "Stopped", tone: "warning" });
    expect(answerOutcome("error", "error")).toMatchObject({ label: "Error", tone: "error" });
  });

  it("says which answers ended early (their text is completed when rendered)", () => {
    expect(endedEarly("done", "stop")).toBe(false);
    for (const [s, f] of [
      ["done", "length"],
      ["done", "content-filter"],
      ["stopped", "stopped"],
      ["error", "error"],
    ] as const)
      expect(endedEarly(s, f), `${s} ${f}`).toBe(true);
  });
});

describe("the status badge", () => {
  it("shows Filtered in amber with the reason for screen readers and on hover", () => {
    const html = render(createElement(StatusIndicator, { status: "done", finishReason: "content-filter", startedAt: null }));
    expect(html).toContain(">Filtered<");
    expect(html).toContain("text-amber-700");
    expect(html).not.toContain("emerald");
    expect(html).toMatch(/title="The provider&#x27;s content filter stopped this answer/);
  });

  it("shows Cut at the token limit in amber, and a plain finish as a green Done", () => {
    const cut = render(createElement(StatusIndicator, { status: "done", finishReason: "length", startedAt: null }));
    expect(cut).toContain(">Cut at the token limit<");
    expect(cut).toContain("text-amber-700");
    const done = render(createElement(StatusIndicator, { status: "done", finishReason: "stop", startedAt: null }));
    expect(done).toContain(">Done<");
    expect(done).toContain("text-emerald-700");
  });

  it("adds a note under a filtered or cut answer only", () => {
    expect(render(createElement(EndedNote, { status: "done", finishReason: "length" }))).toContain("Cut at the token limit");
    expect(render(createElement(EndedNote, { status: "done", finishReason: "content-filter" }))).toContain("Filtered");
    expect(render(createElement(EndedNote, { status: "done", finishReason: "stop" }))).toBe("");
  });
});

describe("cut text renders cleanly", () => {
  it("closes a dangling ** and shows a cut-off link as its text, when the answer ended early", () => {
    const text = "## Title\n\nThe **important part of a sentence that was cut";
    const cut = render(createElement(Markdown, { text, streaming: false, cut: true }));
    expect(cut).toContain('data-streamdown="strong"');
    expect(cut).not.toContain("**");
    // as written (the behaviour before), the ** shows
    expect(render(createElement(Markdown, { text, streaming: false }))).toContain("**important");
    const link = render(createElement(Markdown, { text: "See [the docs](https://exa", streaming: false, cut: true }));
    expect(link).not.toContain("[the docs]");
    expect(link).not.toContain("streamdown:incomplete-link");
    // an answer that ended on its own is shown as written
    const whole = render(createElement(Markdown, { text: "2 ** 3 is eight", streaming: false }));
    expect(whole).toContain("2 ** 3");
  });
});

describe("estimated usage", () => {
  it("is marked in the metrics row: ~tokens (estimated) and ~cost (estimated)", () => {
    const metrics = {
      ...emptyMetrics(),
      inputTokens: 9,
      outputTokens: 120,
      costUsd: 0.0000735,
      usageEstimated: true,
      finishReason: "stopped",
    };
    const html = render(createElement(MetricsRow, { metrics }));
    expect(html).toContain("~9<");
    expect(html).toContain("~120 (estimated)");
    expect(html).toMatch(/~\$0\.0000735 \(estimated\)|~\$0\.00007\d* \(estimated\)/);
    expect(html).toContain("estimated from the text");
    expect(metricsLine(metrics)).toMatch(/~9 in · ~120 out \(estimated\) · .* · cost ~\$/);
    const measured = render(createElement(MetricsRow, { metrics: { ...metrics, usageEstimated: false } }));
    expect(measured).not.toContain("estimated");
    expect(measured).not.toContain("~");
  });

  it("blind mode keeps a cut or filtered answer's finish (a filtered answer is never a green Done) and nothing else", () => {
    expect(sealedMetrics({ ...emptyMetrics(), finishReason: "length", costUsd: 1 })).toMatchObject({
      finishReason: "length",
      costUsd: null,
    });
    expect(sealedMetrics({ ...emptyMetrics(), finishReason: "content-filter", outputTokens: 9 })).toMatchObject({
      finishReason: "content-filter",
      outputTokens: null,
    });
    expect(sealedMetrics({ ...emptyMetrics(), finishReason: "stop" }).finishReason).toBeNull();
  });
});
