// Unit tests of the scorecard statistics on small inputs checked by hand: the estimators, the
// distribution functions against published tables, Holm, the equivalence tests' edges, empty
// evidence (null, never NaN), the sentences, drifts and the history.
import { describe, expect, it } from "vitest";
import {
  REFERENCE_SUMMARY,
  SAME_MODEL,
  compareToReference,
  deploymentMetrics,
  detectDrifts,
  finishReasons,
  historySeries,
  holm,
  outputLength,
  passAtK,
  passHatK,
  samplesToDecide,
  scoreScorecard,
  toolErrorsByClass,
  type StatsCache,
} from "@/lib/scorecards/stats";
import { accuracyWeights } from "@/lib/scorecards/stats/compare";
import { normalCdf, normalQuantile, tCdf, tQuantile } from "@/lib/scorecards/stats/distributions";
import type { ProbeCall, ProbeFamily } from "@/lib/scorecards/types";

function call(over: Partial<ProbeCall> & { itemKey: string }): ProbeCall {
  return {
    deploymentId: "a",
    family: "reasoning",
    sample: 0,
    outcome: "done",
    pass: true,
    errorClass: null,
    finishReason: "stop",
    errorCode: null,
    httpStatus: null,
    ttftMs: 200,
    totalMs: 1200,
    outputTokens: 100,
    reasoningTokens: null,
    costUsd: 0.001,
    ...over,
  };
}

/** items x K calls, pass decided by (item, sample) */
function suite(
  deploymentId: string,
  items: number,
  K: number,
  pass: (item: number, sample: number) => boolean,
  over: (item: number, sample: number) => Partial<ProbeCall> = () => ({}),
  family: (item: number) => ProbeFamily = () => "reasoning",
): ProbeCall[] {
  const out: ProbeCall[] = [];
  for (let i = 0; i < items; i++)
    for (let s = 0; s < K; s++)
      out.push(call({ deploymentId, itemKey: `item-${i}`, family: family(i), sample: s, pass: pass(i, s), ...over(i, s) }));
  return out;
}

/** every number in a value is finite (NaN and Infinity never reach the API) */
function allFinite(x: unknown): boolean {
  if (typeof x === "number") return Number.isFinite(x);
  if (Array.isArray(x)) return x.every(allFinite);
  if (x && typeof x === "object") return Object.values(x).every(allFinite);
  return true;
}

describe("distributions against published tables", () => {
  it("normal", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.644853627, 7);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 6);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-3)).toBeCloseTo(0.001349898, 7);
  });
  it("Student's t", () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.70620474, 6);
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.30265273, 6);
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228138852, 7);
    expect(tQuantile(0.95, 24)).toBeCloseTo(1.71088208, 7);
    expect(tQuantile(0.975, 149)).toBeCloseTo(1.976013, 5);
    expect(tCdf(2.228138852, 10)).toBeCloseTo(0.975, 8);
    expect(tCdf(-1.71088208, 24)).toBeCloseTo(0.05, 8);
    expect(tCdf(0, 5)).toBeCloseTo(0.5, 12);
  });
});

describe("pass@k and pass^k (unbiased, per item)", () => {
  it("matches 1 - C(n-c,k)/C(n,k) and C(c,k)/C(n,k)", () => {
    expect(passAtK(5, 1, 3)).toBeCloseTo(1 - 4 / 10, 12); // C(4,3)/C(5,3)
    expect(passAtK(5, 2, 3)).toBeCloseTo(1 - 1 / 10, 12);
    expect(passAtK(3, 0, 3)).toBe(0);
    expect(passAtK(3, 1, 3)).toBe(1);
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12); // k = 1 is plain accuracy
    expect(passHatK(5, 3, 3)).toBeCloseTo(1 / 10, 12);
    expect(passHatK(5, 4, 3)).toBeCloseTo(4 / 10, 12);
    expect(passHatK(3, 2, 3)).toBe(0);
    expect(passHatK(3, 3, 3)).toBe(1);
  });
  it("no estimate from fewer samples than k", () => {
    expect(passAtK(2, 1, 3)).toBeNull();
    expect(passHatK(0, 0, 3)).toBeNull();
  });
  it("averages over items; items with too few answered samples are left out", () => {
    // item 0: 2 of 3 pass; item 1: 0 of 3; item 2: one answer only (two errors)
    const calls = [
      ...suite("a", 2, 3, (i, s) => i === 0 && s < 2),
      call({ itemKey: "item-2", sample: 0 }),
      call({ itemKey: "item-2", sample: 1, outcome: "error", pass: null, errorCode: "provider_error" }),
      call({ itemKey: "item-2", sample: 2, outcome: "error", pass: null, errorCode: "provider_error" }),
    ];
    const m = deploymentMetrics(calls, 3);
    expect(m.passAtK!.value).toBeCloseTo(0.5, 12); // (1 + 0) / 2
    expect(m.passAtK!.n).toBe(2);
    expect(m.passHatK!.value).toBe(0);
  });
});

describe("deploymentMetrics", () => {
  it("accuracy is the mean over items; errors and skips are left out of it; errors count in errorRate", () => {
    const calls = [
      // item 0: 2 of 3 right
      ...suite("a", 1, 3, (_, s) => s < 2),
      // item 1: right, wrong, and one error (429)
      call({ itemKey: "item-1", sample: 0, pass: true }),
      call({ itemKey: "item-1", sample: 1, pass: false }),
      call({ itemKey: "item-1", sample: 2, outcome: "error", pass: null, httpStatus: 429, ttftMs: null, totalMs: null }),
      // item 2: skipped (over the context window): not a call
      call({ itemKey: "item-2", sample: 0, outcome: "skipped", pass: null }),
    ];
    const m = deploymentMetrics(calls, 3);
    expect(m.accuracy!.value).toBeCloseTo((2 / 3 + 1 / 2) / 2, 12);
    expect(m.accuracy!.n).toBe(5);
    expect(m.accuracy!.ciLow!).toBeLessThan(m.accuracy!.value!);
    expect(m.accuracy!.ciHigh!).toBeGreaterThan(m.accuracy!.value!);
    expect(m["accuracy.reasoning"]!.value).toBeCloseTo(m.accuracy!.value!, 12);
    expect(m["accuracy.tools"]).toBeUndefined(); // the suite has no tool items
    expect(m.errorRate!.value).toBeCloseTo((0 + 1 / 3) / 2, 12);
    expect(m.errorRate!.n).toBe(6);
    expect(m.rateLimitedRate!.value).toBeCloseTo(1 / 6, 12);
  });

  it("rate limits: errorCode rate_limited or HTTP 429", () => {
    const calls = [
      call({ itemKey: "x", sample: 0, outcome: "error", pass: null, errorCode: "rate_limited" }),
      call({ itemKey: "x", sample: 1, outcome: "error", pass: null, httpStatus: 429 }),
      call({ itemKey: "x", sample: 2, outcome: "error", pass: null, errorCode: "provider_error", httpStatus: 500 }),
      call({ itemKey: "x", sample: 3 }),
    ];
    const m = deploymentMetrics(calls, 1);
    expect(m.rateLimitedRate!.value).toBeCloseTo(0.5, 12);
    expect(m.errorRate!.value).toBeCloseTo(0.75, 12);
  });

  it("a rate of 0 or 1 has an interval that does not collapse, and stays inside [0, 1]", () => {
    const m = deploymentMetrics(
      suite("a", 30, 3, () => true),
      3,
    );
    expect(m.accuracy).toMatchObject({ value: 1, ciHigh: 1, n: 90 });
    // Wilson at n_eff = 30 items (all items alike: no information on the within-item spread)
    expect(m.accuracy!.ciLow!).toBeCloseTo(30 / (30 + 1.959963984540054 ** 2), 6);
    expect(m.errorRate).toMatchObject({ value: 0, ciLow: 0 });
    expect(m.errorRate!.ciHigh!).toBeGreaterThan(0);
  });

  it("tool-call error rate over tool items' done calls, errors by class", () => {
    const calls = suite(
      "a",
      4,
      2,
      (i) => i >= 2,
      (i, s) =>
        i === 0 ? { errorClass: s === 0 ? "invalid_json" : "unknown_tool" } : i === 1 && s === 0 ? { errorClass: "wrong_arguments" } : {},
      () => "tools",
    );
    const m = deploymentMetrics(calls, 2);
    expect(m.toolCallErrorRate!.value).toBeCloseTo((1 + 0.5 + 0 + 0) / 4, 12);
    expect(toolErrorsByClass(calls)).toEqual({ invalid_json: 1, unknown_tool: 1, schema_mismatch: 0, wrong_arguments: 1 });
  });

  it("times: p50 and p95 with order-statistic intervals; tokens per second of the streaming part", () => {
    // 100 items x 2 samples, ttft 1..200 ms, total = ttft + 1000 ms, 100 output tokens: 100 tokens/s
    const calls = suite(
      "a",
      100,
      2,
      () => true,
      (i, s) => ({ ttftMs: 2 * i + s + 1, totalMs: 2 * i + s + 1 + 1000 }),
    );
    const m = deploymentMetrics(calls, 2);
    expect(m.ttftP50Ms!.value).toBeCloseTo(100.5, 9);
    expect(m.ttftP50Ms!.ciLow!).toBeLessThan(100.5);
    expect(m.ttftP50Ms!.ciHigh!).toBeGreaterThan(100.5);
    // binomial se of the median's rank: sqrt(.25/200) = 0.0354 -> ranks 0.43 to 0.57 of 200
    expect(m.ttftP50Ms!.ciLow!).toBeGreaterThan(80);
    expect(m.ttftP50Ms!.ciHigh!).toBeLessThan(121);
    expect(m.ttftP95Ms!.value).toBeCloseTo(190.05, 9);
    expect(m.totalP50Ms!.value).toBeCloseTo(1100.5, 9);
    expect(m.outputTokensPerSecond).toMatchObject({ value: 100, ciLow: 100, ciHigh: 100, n: 200 });
  });

  it("a bound the data cannot give stays null (p95 of 20 calls, anything of 1 call)", () => {
    const m = deploymentMetrics(
      suite(
        "a",
        20,
        1,
        () => true,
        (i) => ({ ttftMs: 100 + i }),
      ),
      1,
    );
    expect(m.ttftP95Ms!.value).not.toBeNull();
    expect(m.ttftP95Ms!.ciHigh).toBeNull();
    const one = deploymentMetrics([call({ itemKey: "x" })], 1);
    expect(one.ttftP50Ms).toMatchObject({ value: 200, ciLow: null, ciHigh: null, n: 1 });
    expect(one.costPerItemUsd).toMatchObject({ value: 0.001, ciLow: null, ciHigh: null });
  });

  it("cost per answer and per correct answer; none correct: no number", () => {
    // 4 items x 1 call at $0.01, 2 right: $0.01 per answer, $0.02 per correct answer
    const calls = suite(
      "a",
      4,
      1,
      (i) => i < 2,
      () => ({ costUsd: 0.01 }),
    );
    const m = deploymentMetrics(calls, 1);
    expect(m.costPerItemUsd!.value).toBeCloseTo(0.01, 12);
    expect(m.costPerCorrectUsd!.value).toBeCloseTo(0.02, 12);
    expect(m.costPerCorrectUsd!.ciLow!).toBeLessThan(0.02);
    const none = deploymentMetrics(
      suite("a", 4, 1, () => false),
      1,
    );
    expect(none.costPerCorrectUsd).toEqual({ value: null, ciLow: null, ciHigh: null, n: 0 });
    const unknown = deploymentMetrics(
      suite(
        "a",
        4,
        1,
        () => true,
        () => ({ costUsd: null }),
      ),
      1,
    );
    expect(unknown.costPerItemUsd).toEqual({ value: null, ciLow: null, ciHigh: null, n: 0 });
  });

  it("finish reasons and output length", () => {
    const calls = suite(
      "a",
      10,
      1,
      () => true,
      (i) => ({ outputTokens: (i + 1) * 10, finishReason: i < 2 ? "length" : i === 9 ? null : "stop" }),
    );
    expect(finishReasons(calls)).toEqual({ length: 2, stop: 7, unknown: 1 });
    expect(outputLength(calls)).toEqual({ p10: 19, p50: 55, p90: 91, max: 100 });
    expect(outputLength([])).toEqual({ p10: null, p50: null, p90: null, max: null });
  });

  it("no evidence: every value null with a null interval and n = 0, never NaN", () => {
    const m = deploymentMetrics([], 3);
    for (const v of Object.values(m)) expect(v).toEqual({ value: null, ciLow: null, ciHigh: null, n: 0 });
    const errorsOnly = deploymentMetrics(
      suite(
        "a",
        3,
        3,
        () => false,
        () => ({ outcome: "error", pass: null, ttftMs: null, totalMs: null, costUsd: null }),
      ),
      3,
    );
    expect(errorsOnly.accuracy).toEqual({ value: null, ciLow: null, ciHigh: null, n: 0 });
    expect(errorsOnly.errorRate!.value).toBe(1);
    expect(allFinite(errorsOnly)).toBe(true);
  });
});

describe("Holm", () => {
  it("plain: step-down, monotone, capped at 1", () => {
    const adj = holm([0.01, 0.04, 0.03]);
    expect(adj[0]).toBeCloseTo(0.03, 12);
    expect(adj[2]).toBeCloseTo(0.06, 12);
    expect(adj[1]).toBeCloseTo(0.06, 12); // 0.04 x 1 raised to the previous step
    expect(holm([0.5, 0.9])).toEqual([1, 1]);
    expect(holm([])).toEqual([]);
  });
  it("weighted: each hypothesis spends its share", () => {
    // order by p/w: 0 (0.06), 1 (0.08), 2 (0.08)
    const adj = holm([0.03, 0.02, 0.02], [0.5, 0.25, 0.25]);
    expect(adj[0]).toBeCloseTo(0.06, 12);
    expect(adj[1]).toBeCloseTo(0.06, 12); // 0.02 x 0.5 / 0.25 = 0.04, raised to 0.06
    expect(adj[2]).toBeCloseTo(0.06, 12);
    expect(holm([0.001, 0.2], [0.5, 0.5])).toEqual(holm([0.001, 0.2]));
  });
  it("accuracy weights: overall half, the families the rest", () => {
    expect(accuracyWeights(["accuracy", "accuracy.tools", "accuracy.reasoning"])).toEqual([0.5, 0.25, 0.25]);
    expect(accuracyWeights(["accuracy"])).toEqual([1]);
    expect(accuracyWeights(["accuracy.tools", "accuracy.reasoning"])).toEqual([0.5, 0.5]);
  });
});

describe("verdicts against the reference", () => {
  const flip = (i: number, s: number) => (i * 7 + s * 3) % 10 < 8; // 80%, varied by item and sample

  it("identical evidence on 150 items: equivalent on everything measured", () => {
    const a = suite("a", 150, 3, flip);
    const b = suite("b", 150, 3, flip);
    const v = compareToReference({ candidate: b, reference: a, samples: 3 });
    for (const [m, d] of Object.entries(v)) expect([m, d!.verdict]).toEqual([m, "equivalent"]);
    expect(v.accuracy).toMatchObject({ difference: 0, direction: null, samplesToDecide: null });
  });

  it("all right on both sides but only 3 items: not proof of equivalence", () => {
    const v = compareToReference({ candidate: suite("b", 3, 3, () => true), reference: suite("a", 3, 3, () => true), samples: 3 });
    expect(v.accuracy!.verdict).toBe("inconclusive");
    expect(v.accuracy!.samplesToDecide!).toBeGreaterThan(9);
  });

  it("30 points less accurate on every item: different, worse, with the points and the interval", () => {
    const a = suite("a", 60, 3, (i, s) => (i + s) % 10 < 9);
    const b = suite("b", 60, 3, (i, s) => (i + s) % 10 < 6);
    const v = compareToReference({ candidate: b, reference: a, samples: 3 });
    expect(v.accuracy).toMatchObject({ verdict: "different", direction: "worse", marginKind: "absolute", margin: 0.03 });
    expect(v.accuracy!.difference).toBeCloseTo(-0.3, 12);
    expect(v.accuracy!.ci95![0]).toBeLessThan(-0.25);
    expect(v.accuracy!.ci95![1]).toBeLessThan(0);
    expect(v.accuracy!.pAdjusted!).toBeLessThan(0.05);
  });

  it("lower time is better: twice as slow is different and worse; half the time is better", () => {
    const times = (f: number) => (i: number, s: number) => ({ ttftMs: f * (100 + ((i * 3 + s) % 17)), totalMs: f * (1000 + i) });
    const ref = suite("a", 100, 3, () => true, times(1));
    const slow = compareToReference({ candidate: suite("b", 100, 3, () => true, times(2)), reference: ref, samples: 3 });
    expect(slow.ttftP50Ms).toMatchObject({ verdict: "different", direction: "worse", marginKind: "relative", margin: 0.2 });
    expect(slow.ttftP50Ms!.difference).toBeCloseTo(1, 9); // +100%
    const fast = compareToReference({ candidate: suite("b", 100, 3, () => true, times(0.5)), reference: ref, samples: 3 });
    expect(fast.ttftP50Ms).toMatchObject({ verdict: "different", direction: "better" });
    expect(fast.ttftP50Ms!.difference).toBeCloseTo(-0.5, 9);
  });

  it("a 10% slower p50 within the ±20% margin is equivalent when the interval is narrow; margins are configurable", () => {
    const times = (f: number) => (i: number, s: number) => ({ ttftMs: f * (100 + ((i * 3 + s) % 17)) });
    const ref = suite("a", 200, 3, () => true, times(1));
    const cand = suite("b", 200, 3, () => true, times(1.1));
    expect(compareToReference({ candidate: cand, reference: ref, samples: 3 }).ttftP50Ms!.verdict).toBe("equivalent");
    const strict = compareToReference({ candidate: cand, reference: ref, samples: 3, margins: { time: 0.05 } });
    expect(strict.ttftP50Ms).toMatchObject({ verdict: "different", direction: "worse", margin: 0.05 });
    expect(() => compareToReference({ candidate: cand, reference: ref, samples: 3, margins: { time: 1.5 } })).toThrow(/margin/);
  });

  it("free against paid: different on cost without a ratio", () => {
    const ref = suite("a", 10, 2, () => true);
    const free = suite(
      "b",
      10,
      2,
      () => true,
      () => ({ costUsd: 0 }),
    );
    const v = compareToReference({ candidate: free, reference: ref, samples: 2 });
    expect(v.costPerItemUsd).toMatchObject({ verdict: "different", direction: "better", difference: null, ci95: null });
  });

  it("no evidence on one side: inconclusive with nulls, never NaN", () => {
    const v = compareToReference({ candidate: [], reference: suite("a", 10, 3, () => true), samples: 3 });
    expect(v.accuracy).toEqual({
      verdict: "inconclusive",
      difference: null,
      ci90: null,
      ci95: null,
      margin: 0.03,
      marginKind: "absolute",
      direction: null,
      pAdjusted: null,
      samplesToDecide: null,
    });
    expect(allFinite(v)).toBe(true);
  });

  it("samplesToDecide: the n at which the 95% interval leaves 0 or the 90% interval fits the margin", () => {
    // difference 1 point, se 2 points at 450 calls, margin 3 points:
    // leaving 0 needs 450 (1.96 x 2 / 1)² = 6915; fitting needs 450 (1.645 x 2 / 2)² = 1218
    const t = { scale: "absolute" as const, difference: 0.01, center: 0.01, se: 0.02, df: 149, n: 450 };
    expect(samplesToDecide(t, 0.03)).toBe(1218);
    // a difference past the margin can only be decided as different: 450 (1.96 x 4 / 5)² = 1106.3
    expect(samplesToDecide({ ...t, center: 0.05, se: 0.04 }, 0.03)).toBe(1107);
    // never fewer than one more than now
    expect(samplesToDecide({ ...t, center: 0.05 }, 0.03)).toBe(451);
    expect(samplesToDecide({ ...t, se: 0 }, 0.03)).toBeNull();
  });
});

describe("scoreScorecard", () => {
  const deployments = [
    { id: "ref", label: "gpt-oss-120b", provider: "openai", providerLabel: "OpenAI" },
    { id: "same", label: "gpt-oss-120b", provider: "azure", providerLabel: "Azure OpenAI" },
    { id: "bad", label: "gpt-oss-120b", provider: "bedrock", providerLabel: "Amazon Bedrock" },
  ];
  const families: ProbeFamily[] = ["reasoning", "tools"];
  const fam = (i: number) => families[i % 2]!;
  const good = (i: number, s: number) => (i * 7 + s * 3) % 10 < 9;
  const times = (f: number) => (i: number, s: number) => ({
    ttftMs: f * (100 + ((i * 3 + s) % 17)),
    totalMs: f * 50 + 1000 + ((i * 5 + s) % 23),
  });

  it("one sentence per deployment: the reference, same model, what differs", () => {
    const calls = [
      ...suite("ref", 160, 3, good, times(1), fam),
      ...suite("same", 160, 3, good, times(1), fam),
      // tool calls fail 40 points more often, first token 35% slower
      ...suite("bad", 160, 3, (i, s) => (fam(i) === "tools" ? (i * 7 + s * 3) % 10 < 5 : good(i, s)), times(1.35), fam),
    ];
    const scores = scoreScorecard({ deployments, referenceId: "ref", calls, samples: 3 });
    expect(scores.map((s) => s.reference)).toEqual([true, false, false]);
    expect(scores[0]!.summary).toBe(REFERENCE_SUMMARY);
    expect(scores[0]!.verdicts).toEqual({});
    expect(scores[1]!.summary).toBe(SAME_MODEL);
    expect(scores[2]!.verdicts["accuracy.tools"]).toBe("different");
    expect(scores[2]!.verdicts.accuracy).toBe("different");
    expect(scores[2]!.summary).toMatch(
      /^Less accurate overall \(−\d+ points, 95% −\d+ to −\d+(\.\d)?\); less accurate on tool calling \(−\d+ points, 95% /,
    );
    expect(scores[2]!.summary).toContain("slower first token (+35%)");
    expect(scores[2]!.summary).not.toContain("reasoning");
    expect(scores[2]!.metrics["accuracy.tools"]!.value).toBeLessThan(scores[0]!.metrics["accuracy.tools"]!.value!);
    expect(allFinite(scores)).toBe(true);
  });

  it("names what is inconclusive, with about how many calls would decide", () => {
    const calls = [...suite("ref", 12, 3, good, times(1), fam), ...suite("same", 12, 3, (i, s) => good(i, s + 1), times(1), fam)];
    const [, s] = scoreScorecard({ deployments: deployments.slice(0, 2), referenceId: "ref", calls, samples: 3 });
    expect(s!.summary).toMatch(/^No difference found so far; inconclusive on .*accuracy.* \(about [\d,]+ calls per metric would decide\)$/);
  });

  it("no calls at all: no numbers, not compared", () => {
    const scores = scoreScorecard({ deployments, referenceId: "ref", calls: [], samples: 3 });
    expect(scores[1]!.summary).toBe("Not compared yet: no evidence on both sides");
    expect(scores[1]!.metrics.accuracy).toEqual({ value: null, ciLow: null, ciHigh: null, n: 0 });
    expect(Object.values(scores[1]!.verdicts).every((v) => v === "inconclusive")).toBe(true);
    expect(allFinite(scores)).toBe(true);
  });
});

describe("drifts and history", () => {
  const deployments = [{ id: "d", label: "gpt-oss-120b", provider: "bedrock", providerLabel: "Amazon Bedrock" }];
  const good = (i: number, s: number) => (i * 7 + s * 3) % 10 < 9;

  it("the latest run against the pooled baseline: only 'different' is a drift, with a text for a chat tool", () => {
    // the same answers every run (a deterministic provider): no drift, pass^k included (each run's
    // estimate is averaged; pooling the runs' samples would treat repeats as independent draws)
    const baseline = [suite("d", 150, 3, good), suite("d", 150, 3, good)];
    expect(detectDrifts({ deployments, latest: suite("d", 150, 3, good), baseline })).toEqual([]);
    const worse = suite("d", 150, 3, (i, s) => (i * 7 + s * 3) % 10 < 6);
    const drifts = detectDrifts({ deployments, latest: worse, baseline });
    const acc = drifts.find((d) => d.metric === "accuracy")!;
    expect(acc).toMatchObject({ deploymentId: "d", verdict: "different", direction: "worse" });
    expect(acc.latest.value).toBeCloseTo(0.6, 12);
    expect(acc.baseline.value).toBeCloseTo(0.9, 12);
    expect(acc.text).toMatch(
      /^Drift \(worse\) on gpt-oss-120b \(Amazon Bedrock\): accuracy fell from 90% to 60% \(−30 points, 95% −\d+ to −\d+\) in the latest run, against the 2 runs before it\.$/,
    );
    expect(detectDrifts({ deployments, latest: worse, baseline: [] })).toEqual([]);
  });

  it("history: one point per run, deployment and metric; finished runs come from the cache", () => {
    const runs = [
      { runId: "r1", at: "2026-12-01T00:00:00.000Z", calls: [...suite("a", 5, 3, good), ...suite("b", 5, 3, () => false)] },
      { runId: "r2", at: "2026-12-02T00:00:00.000Z", calls: suite("a", 5, 3, () => true) },
    ];
    const cache: StatsCache = new Map();
    const points = historySeries(runs, 3, cache);
    const perRun = Object.keys(deploymentMetrics(runs[1]!.calls, 3)).length;
    expect(points.filter((p) => p.runId === "r2")).toHaveLength(perRun);
    expect(points.filter((p) => p.runId === "r1" && p.deploymentId === "b")).toHaveLength(perRun);
    const b = points.find((p) => p.runId === "r1" && p.deploymentId === "b" && p.metric === "accuracy")!;
    expect(b).toMatchObject({ at: "2026-12-01T00:00:00.000Z", value: { value: 0, ciLow: 0, n: 15 } });
    expect(cache.size).toBe(2);
    // a cached run is not recomputed: its (immutable) calls are not read again
    const again = historySeries([{ ...runs[0]!, calls: [] }, runs[1]!], 3, cache);
    expect(again).toEqual(points);
    expect(historySeries([], 3)).toEqual([]);
  });
});
