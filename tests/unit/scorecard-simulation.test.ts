// The scorecard statistics checked by simulation (issue 12): seeded, deterministic scorecards like
// the built-in suite (150 items in six families, heterogeneous difficulty, K = 3 samples).
// - A/A: two deployments served identically (same per-item chance of a right answer, their own
//   independent samples) are called "different" on accuracy in at most 5% of 200 scorecards;
// - a deployment 10 points less accurate (wrong on a share of what the reference gets right, as the
//   emulator's quirk does) is found "different, worse" in at least 80%;
// - times: A/A p50 times are "equivalent" within ±20%, a 35% slower deployment is found slower;
// - coverage: one deployment's 95% intervals (accuracy, ttft p50) hold the population's value;
// - drift: the latest run against 5 pooled runs of the same deployment rarely alerts, and alerts
//   on a 10-point drop.
// The rates are printed (vitest shows console output) as well as asserted. Each test takes one to
// two seconds of CPU; the timeout leaves room for a loaded machine (it is not a speed check).
import { describe, expect, it } from "vitest";
import { compareToReference, deploymentMetrics, detectDrifts, type StatsCache } from "@/lib/scorecards/stats";
import { accuracyMetrics } from "@/lib/scorecards/stats/metrics";
import { createRng, simulateCalls, simulateSuite, type SimItem } from "./scorecard-sim";

const SCORECARDS = 200;
const K = 3;
const ITEMS = 150;

/** w such that p(1-w) averages 10 points below p over the suite */
const tenPointsWorse = (items: SimItem[]) => {
  const mean = items.reduce((a, it) => a + it.p, 0) / items.length;
  const w = 0.1 / mean;
  return (p: number) => p * (1 - w);
};

const pct = (x: number) => `${((100 * x) / SCORECARDS).toFixed(1)}%`;

describe("scorecard statistics by simulation (200 scorecards, 150 items x 3 samples)", { timeout: 60_000 }, () => {
  it("A/A accuracy is called different in at most 5%; 10 points less accurate is found in at least 80%", () => {
    const rng = createRng("scorecard-simulation:accuracy");
    let aaOverall = 0;
    let aaAnyAccuracy = 0;
    let found = 0;
    let foundWrongWay = 0;
    for (let r = 0; r < SCORECARDS; r++) {
      const items = simulateSuite(rng, ITEMS);
      const reference = simulateCalls(rng, items, { id: "ref" }, K);
      const same = simulateCalls(rng, items, { id: "same" }, K);
      const worse = simulateCalls(rng, items, { id: "worse", accuracy: tenPointsWorse(items) }, K);
      const aa = compareToReference({ candidate: same, reference, samples: K, metrics: accuracyMetrics });
      const ab = compareToReference({ candidate: worse, reference, samples: K, metrics: accuracyMetrics });
      if (aa.accuracy!.verdict === "different") aaOverall++;
      if (accuracyMetrics.some((m) => aa[m]?.verdict === "different")) aaAnyAccuracy++;
      if (ab.accuracy!.verdict === "different" && ab.accuracy!.direction === "worse") found++;
      if (ab.accuracy!.verdict === "different" && ab.accuracy!.direction === "better") foundWrongWay++;
    }
    console.log(
      `accuracy, ${SCORECARDS} scorecards: A/A called different overall ${pct(aaOverall)}, on any accuracy metric ${pct(aaAnyAccuracy)}; ` +
        `10 points less accurate found ${pct(found)} (the wrong way ${pct(foundWrongWay)})`,
    );
    expect(aaOverall / SCORECARDS).toBeLessThanOrEqual(0.05);
    expect(aaAnyAccuracy / SCORECARDS).toBeLessThanOrEqual(0.05);
    expect(found / SCORECARDS).toBeGreaterThanOrEqual(0.8);
    expect(foundWrongWay).toBe(0);
  });

  it("A/A times are equivalent within ±20%; 35% slower is found slower", () => {
    const rng = createRng("scorecard-simulation:times");
    const metrics = ["ttftP50Ms", "totalP50Ms", "outputTokensPerSecond"] as const;
    const equivalent = { ttftP50Ms: 0, totalP50Ms: 0, outputTokensPerSecond: 0 };
    let aaDifferent = 0;
    let slowerFound = 0;
    for (let r = 0; r < SCORECARDS; r++) {
      const items = simulateSuite(rng, ITEMS);
      const reference = simulateCalls(rng, items, { id: "ref" }, K);
      const same = simulateCalls(rng, items, { id: "same" }, K);
      const slower = simulateCalls(rng, items, { id: "slow", slowdown: 1.35 }, K);
      const aa = compareToReference({ candidate: same, reference, samples: K, metrics });
      const ab = compareToReference({ candidate: slower, reference, samples: K, metrics: ["ttftP50Ms"] });
      for (const m of metrics) if (aa[m]!.verdict === "equivalent") equivalent[m]++;
      if (metrics.some((m) => aa[m]!.verdict === "different")) aaDifferent++;
      if (ab.ttftP50Ms!.verdict === "different" && ab.ttftP50Ms!.direction === "worse") slowerFound++;
    }
    console.log(
      `times, ${SCORECARDS} scorecards: A/A equivalent within ±20%: ttft p50 ${pct(equivalent.ttftP50Ms)}, total p50 ${pct(equivalent.totalP50Ms)}, ` +
        `tokens/s ${pct(equivalent.outputTokensPerSecond)}; A/A different on any ${pct(aaDifferent)}; 35% slower found ${pct(slowerFound)}`,
    );
    for (const m of metrics) expect(equivalent[m] / SCORECARDS).toBeGreaterThanOrEqual(0.9);
    expect(aaDifferent / SCORECARDS).toBeLessThanOrEqual(0.05);
    expect(slowerFound / SCORECARDS).toBeGreaterThanOrEqual(0.8);
  });

  it("the 95% intervals of one deployment cover the truth about 95% of the time (items are the unit)", () => {
    // the truth: the population the suites' items are drawn from (a large draw of the same generator)
    const population = simulateSuite(createRng("scorecard-simulation:population"), 60_000);
    const trueAccuracy = population.reduce((a, it) => a + it.p, 0) / population.length;
    const popTimes = simulateCalls(createRng("scorecard-simulation:population-calls"), population.slice(0, 20_000), { id: "x" }, K)
      .map((c) => c.ttftMs!)
      .sort((a, b) => a - b);
    const trueTtftP50 = popTimes[Math.floor(popTimes.length / 2)]!;
    const rng = createRng("scorecard-simulation:coverage");
    let accuracy = 0;
    let ttft = 0;
    for (let r = 0; r < SCORECARDS; r++) {
      const m = deploymentMetrics(simulateCalls(rng, simulateSuite(rng, ITEMS), { id: "x" }, K), K);
      if (m.accuracy!.ciLow! <= trueAccuracy && trueAccuracy <= m.accuracy!.ciHigh!) accuracy++;
      if (m.ttftP50Ms!.ciLow! <= trueTtftP50 && trueTtftP50 <= m.ttftP50Ms!.ciHigh!) ttft++;
    }
    console.log(`coverage of the 95% intervals, ${SCORECARDS} scorecards: accuracy ${pct(accuracy)}, ttft p50 ${pct(ttft)}`);
    expect(accuracy / SCORECARDS).toBeGreaterThanOrEqual(0.92);
    expect(ttft / SCORECARDS).toBeGreaterThanOrEqual(0.92);
  });

  it("drift: the latest run of an unchanged deployment rarely alerts; a 10-point drop alerts", () => {
    const rng = createRng("scorecard-simulation:drift");
    const deployments = [{ id: "d", label: "gpt-oss-120b", provider: "bedrock", providerLabel: "Amazon Bedrock" }];
    const RUNS = 100; // each drift check pools 6 runs: half the scorecards keep this test quick
    let falseAlarms = 0;
    let found = 0;
    for (let r = 0; r < RUNS; r++) {
      const items = simulateSuite(rng, ITEMS);
      // the baseline runs carry ids: the second check reuses their evidence from the cache
      const baseline = Array.from({ length: 5 }, (_, i) => ({ runId: `${r}-${i}`, calls: simulateCalls(rng, items, { id: "d" }, K) }));
      const latest = simulateCalls(rng, items, { id: "d" }, K);
      const dropped = simulateCalls(rng, items, { id: "d", accuracy: tenPointsWorse(items) }, K);
      const cache: StatsCache = new Map();
      if (detectDrifts({ deployments, latest, baseline, samples: K, cache }).length > 0) falseAlarms++;
      const drifts = detectDrifts({ deployments, latest: dropped, baseline, samples: K, cache });
      if (drifts.some((d) => d.metric === "accuracy" && d.direction === "worse")) found++;
    }
    console.log(
      `drift, ${RUNS} checks against 5 pooled runs: false alarms (any metric) ${(100 * falseAlarms) / RUNS}%, 10-point drop found ${(100 * found) / RUNS}%`,
    );
    expect(falseAlarms / RUNS).toBeLessThanOrEqual(0.05);
    expect(found / RUNS).toBeGreaterThanOrEqual(0.8);
  });
});
