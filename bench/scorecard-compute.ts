// Scorecard statistics benchmark: `npx tsx --conditions=react-server bench/scorecard-compute.ts [runs] [repeats]`.
// The time to compute a scorecard view's statistics (issue 12 target: < 200 ms with 100 runs of
// history) for 4 deployments x 150 items x 3 samples per run (1,800 calls a run, 180,000 in all):
//   view  = scoreScorecard(latest run) + historySeries(every run) + detectDrifts(latest vs the 5 before)
// measured two ways, side by side with the same work on the latest run only (scoreScorecard):
//   cold: nothing cached (every run folded from its calls, as on a first view after a restart);
//   warm: the per-run StatsCache holds the finished runs, the latest run is new (the usual view
//         right after a scheduled run finished: only that run is folded).
// Pure CPU, no I/O; the calls are simulated (seeded) like tests/unit/scorecard-simulation.test.ts.
// How a caller keeps the warm case: a finished run never changes, so either keep one StatsCache
// per scorecard (keyed by run id and K; pass it to historySeries and detectDrifts), or store each
// run's scoreScorecard result when it finishes (the ScorecardRun.summary of lib/scorecards/finish.ts)
// and read the history points from those metrics: then no old run is folded at all.
// Prints the median of `repeats` timings of each, the ratio to the latest-run-only baseline, and
// the machine load (the numbers scale with it; the ratios much less).
import os from "node:os";
import { detectDrifts, historySeries, scoreScorecard, type StatsCache } from "../lib/scorecards/stats";
import type { ProbeCall } from "../lib/scorecards/types";
import { createRng, simulateCalls, simulateSuite } from "../tests/unit/scorecard-sim";
import { percentile, round, table } from "./lib";

const RUNS = Number(process.argv[2] ?? 100);
const REPEATS = Number(process.argv[3] ?? 15);
const K = 3;
const TARGET_MS = 200;
const BASELINE_RUNS = 5;

const deployments = [
  { id: "openai:gpt-oss-120b", label: "gpt-oss-120b", provider: "openai", providerLabel: "OpenAI" },
  { id: "azure:gpt-oss-120b", label: "gpt-oss-120b", provider: "azure", providerLabel: "Azure OpenAI" },
  { id: "bedrock:openai.gpt-oss-120b-1:0", label: "gpt-oss-120b", provider: "bedrock", providerLabel: "Amazon Bedrock" },
  { id: "compatible:gpt-oss-120b", label: "gpt-oss-120b", provider: "compatible", providerLabel: "vLLM" },
];

function simulateHistory(): { runId: string; at: string; calls: ProbeCall[] }[] {
  const rng = createRng("bench:scorecard-compute");
  const items = simulateSuite(rng, 150);
  const start = Date.UTC(2026, 8, 1);
  return Array.from({ length: RUNS }, (_, r) => ({
    runId: `run-${String(r).padStart(3, "0")}`,
    at: new Date(start + r * 3_600_000).toISOString(),
    calls: [
      ...simulateCalls(rng, items, { id: deployments[0]!.id }, K),
      ...simulateCalls(rng, items, { id: deployments[1]!.id, slowdown: 1.1 }, K),
      // tool calls broken on a third of the tool items' answers
      ...simulateCalls(rng, items, { id: deployments[2]!.id, accuracy: (p, it) => (it.family === "tools" ? p * 0.67 : p) }, K),
      ...simulateCalls(rng, items, { id: deployments[3]!.id, slowdown: 1.4, errorRate: 0.03 }, K),
    ],
  }));
}

function view(runs: ReturnType<typeof simulateHistory>, cache: StatsCache) {
  const latest = runs[runs.length - 1]!;
  const scores = scoreScorecard({ deployments, referenceId: deployments[0]!.id, calls: latest.calls, samples: K });
  const history = historySeries(runs, K, cache);
  const drifts = detectDrifts({
    deployments,
    latest: { runId: latest.runId, calls: latest.calls },
    baseline: runs.slice(-1 - BASELINE_RUNS, -1),
    samples: K,
    cache,
  });
  return { scores, history, drifts };
}

function time(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

function main() {
  const runs = simulateHistory();
  const latest = runs[runs.length - 1]!;
  const calls = runs.reduce((a, r) => a + r.calls.length, 0);
  // warm up the JIT on every path once
  const once = view(runs, new Map());
  scoreScorecard({ deployments, referenceId: deployments[0]!.id, calls: latest.calls, samples: K });

  const baseline: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  // the warm cache: every finished run but the latest
  const warmCache: StatsCache = new Map();
  historySeries(runs.slice(0, -1), K, warmCache);
  for (let i = 0; i < REPEATS; i++) {
    baseline.push(time(() => scoreScorecard({ deployments, referenceId: deployments[0]!.id, calls: latest.calls, samples: K })));
    cold.push(time(() => view(runs, new Map())));
    const cache: StatsCache = new Map(warmCache);
    warm.push(time(() => view(runs, cache)));
  }
  const med = (xs: number[]) => percentile(xs, 50);
  const base = med(baseline);
  console.log(
    `scorecard view statistics: ${RUNS} runs x ${deployments.length} deployments x 150 items x ${K} samples ` +
      `(${calls.toLocaleString("en-US")} calls), median of ${REPEATS}; load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")} on ${os.cpus().length} CPUs`,
  );
  console.log(
    `view: ${once.history.length.toLocaleString("en-US")} history points, ${once.drifts.length} drifts; ` +
      `summaries: ${once.scores.map((s) => `${s.providerLabel}: ${s.summary}`).join(" | ")}`,
  );
  console.log(
    table(
      ["computation", "median ms", "p90 ms", "x latest only", `target < ${TARGET_MS} ms`],
      [
        ["latest run only (scoreScorecard)", round(base), round(percentile(baseline, 90)), 1, "-"],
        [
          "view, cold (no cache)",
          round(med(cold)),
          round(percentile(cold, 90)),
          round(med(cold) / base),
          med(cold) < TARGET_MS ? "PASS" : "FAIL",
        ],
        [
          "view, warm (finished runs cached)",
          round(med(warm)),
          round(percentile(warm, 90)),
          round(med(warm) / base),
          med(warm) < TARGET_MS ? "PASS" : "FAIL",
        ],
      ],
    ),
  );
}

main();
