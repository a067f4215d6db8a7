import { describe, expect, it } from "vitest";
import { blindLabel, sealEvent, shuffled } from "@/lib/compare/blind";
import { emptyMetrics } from "@/lib/compare/metrics";

describe("blind mode helpers", () => {
  it("labels panes Model A, Model B, ...", () => {
    expect([0, 1, 7].map(blindLabel)).toEqual(["Model A", "Model B", "Model H"]);
  });

  it("shuffles uniformly: each of the 6 orders of 3 models comes up about equally often", () => {
    const counts = new Map<string, number>();
    const n = 6000;
    for (let i = 0; i < n; i++) {
      const key = shuffled(["a", "b", "c"]).join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    // expected 1000 each; sd ~29, so 850..1150 fails only on a broken shuffle
    for (const c of counts.values()) {
      expect(c).toBeGreaterThan(850);
      expect(c).toBeLessThan(1150);
    }
  });

  it("seals events: no model id, no reasoning, no metrics, no provider wording", () => {
    const metrics = { ...emptyMetrics(), ttftMs: 120, totalMs: 900, costUsd: 0.001, finishReason: "stop" };
    expect(sealEvent({ type: "pane-start", pane: 0, turn: 0, model: "azure:prod-mini" })).toEqual({
      type: "pane-start",
      pane: 0,
      turn: 0,
      model: "",
    });
    expect(sealEvent({ type: "reasoning-delta", pane: 0, turn: 0, delta: "hmm" })).toBeNull();
    expect(sealEvent({ type: "text-delta", pane: 0, turn: 0, delta: "hi " })).toEqual({
      type: "text-delta",
      pane: 0,
      turn: 0,
      delta: "hi ",
    });
    expect(sealEvent({ type: "pane-finish", pane: 0, turn: 0, status: "done", metrics, responseId: "resp_1" })).toEqual({
      type: "pane-finish",
      pane: 0,
      turn: 0,
      status: "done",
      metrics: emptyMetrics(),
      responseId: null,
    });
    const error = sealEvent({
      type: "pane-error",
      pane: 1,
      turn: 0,
      error: { code: "rate_limited", message: "Rate limited by Azure OpenAI (429) after 3 attempts.", statusCode: 429 },
      metrics,
      responseId: null,
    });
    expect(error).toMatchObject({
      error: { code: "rate_limited", message: "The provider rate-limited this model (429). Details are shown after you vote." },
    });
    // the idle timeout names the cloud in its message; sealed, it says what happened only
    const timedOut = sealEvent({
      type: "pane-error",
      pane: 1,
      turn: 0,
      error: { code: "timeout", message: "Timed out: Amazon Bedrock sent nothing for 60 s; the call was aborted." },
      metrics,
      responseId: null,
    });
    expect(timedOut).toMatchObject({
      error: { code: "timeout", message: "Timed out: the provider stopped sending. Details are shown after you vote." },
    });
  });
});
