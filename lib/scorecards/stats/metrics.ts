// The metrics of one deployment, each with its 95% interval, computed from its Evidence.
//
// Three kinds, each with an interval that respects the K samples per item (items are the unit):
// - item means (accuracy, pass@k, pass^k, the rates): each item counts once with the share of its
//   calls (or its pass@k estimate); the value is the mean over items. The interval is Wilson's at
//   the effective sample size n_eff = p(1-p) / se² (se: the cluster-robust standard error over
//   items), kept between the number of items and the number of calls. Wilson stays inside [0, 1]
//   and does not shrink to a point at 0% or 100%.
// - quantiles of per-call times and throughput (p50, p95): Woodruff's interval (1952): the
//   standard error of the share of calls below the estimate, cluster-robust over items (never
//   below the independent-calls binomial one), mapped back through the empirical quantiles.
//   A bound the data cannot give (a p95 from 20 calls) stays null.
// - ratios (cost per item, cost per correct answer): the ratio of sums over items, with the
//   linearised (delta-method) cluster-robust standard error; the interval on the log scale.
import { quantile } from "@/lib/ratings";
import { wilsonInterval } from "@/lib/evals/results-stats";
import type { MetricName, MetricValue, ProbeFamily } from "@/lib/scorecards/types";
import { critical } from "./distributions";
import type { CallSample, Evidence, ItemEvidence } from "./evidence";

export { passAtK, passHatK } from "./estimators";

export const Z95 = 1.959963984540054;

/** Which way is better: higher accuracy and throughput; lower times, errors and cost. */
export type Sense = "higher" | "lower";
export type MarginKey = "accuracy" | "rate" | "time" | "cost";

export type ItemMetric = {
  kind: "items";
  sense: Sense;
  margin: MarginKey;
  /** the item's value, or null when it has no evidence for this metric */
  value: (it: ItemEvidence) => number | null;
  /** calls behind the item's value */
  trials: (it: ItemEvidence) => number;
  /** counts items, not calls (pass@k) */
  nIsItems?: boolean;
};
export type QuantileMetric = { kind: "quantile"; sense: Sense; margin: MarginKey; sample: "ttft" | "total" | "tokensPerSecond"; q: number };
export type RatioMetric = {
  kind: "ratio";
  sense: Sense;
  margin: MarginKey;
  num: (it: ItemEvidence) => number;
  den: (it: ItemEvidence) => number;
  /** items that take part (a known cost at least) and the calls behind them */
  include: (it: ItemEvidence) => boolean;
  calls: (it: ItemEvidence) => number;
};
export type MetricSpec = ItemMetric | QuantileMetric | RatioMetric;

const accuracyOf =
  (family?: ProbeFamily) =>
  (it: ItemEvidence): number | null =>
    (family === undefined || it.family === family) && it.valid > 0 ? it.passes / it.valid : null;
const validCalls = (it: ItemEvidence) => it.valid;
const accuracySpec = (family?: ProbeFamily): ItemMetric => ({
  kind: "items",
  sense: "higher",
  margin: "accuracy",
  value: accuracyOf(family),
  trials: validCalls,
});

export const metricSpecs: Record<MetricName, MetricSpec> = {
  accuracy: accuracySpec(),
  "accuracy.reasoning": accuracySpec("reasoning"),
  "accuracy.instructions": accuracySpec("instructions"),
  "accuracy.structured": accuracySpec("structured"),
  "accuracy.tools": accuracySpec("tools"),
  "accuracy.long-context": accuracySpec("long-context"),
  "accuracy.parameters": accuracySpec("parameters"),
  passAtK: {
    kind: "items",
    sense: "higher",
    margin: "accuracy",
    value: (it) => it.atK,
    trials: validCalls,
    nIsItems: true,
  },
  passHatK: {
    kind: "items",
    sense: "higher",
    margin: "accuracy",
    value: (it) => it.hatK,
    trials: validCalls,
    nIsItems: true,
  },
  toolCallErrorRate: {
    kind: "items",
    sense: "lower",
    margin: "rate",
    value: (it) => (it.family === "tools" && it.toolDone > 0 ? it.toolErrors / it.toolDone : null),
    trials: (it) => it.toolDone,
  },
  ttftP50Ms: { kind: "quantile", sense: "lower", margin: "time", sample: "ttft", q: 0.5 },
  ttftP95Ms: { kind: "quantile", sense: "lower", margin: "time", sample: "ttft", q: 0.95 },
  totalP50Ms: { kind: "quantile", sense: "lower", margin: "time", sample: "total", q: 0.5 },
  totalP95Ms: { kind: "quantile", sense: "lower", margin: "time", sample: "total", q: 0.95 },
  outputTokensPerSecond: { kind: "quantile", sense: "higher", margin: "time", sample: "tokensPerSecond", q: 0.5 },
  errorRate: {
    kind: "items",
    sense: "lower",
    margin: "rate",
    value: (it) => (it.calls > 0 ? it.errors / it.calls : null),
    trials: (it) => it.calls,
  },
  rateLimitedRate: {
    kind: "items",
    sense: "lower",
    margin: "rate",
    value: (it) => (it.calls > 0 ? it.rateLimited / it.calls : null),
    trials: (it) => it.calls,
  },
  costPerItemUsd: {
    kind: "ratio",
    sense: "lower",
    margin: "cost",
    num: (it) => it.costSum,
    den: (it) => it.costCalls,
    include: (it) => it.costCalls > 0,
    calls: (it) => it.costCalls,
  },
  costPerCorrectUsd: {
    kind: "ratio",
    sense: "lower",
    margin: "cost",
    num: (it) => it.costSum,
    den: (it) => it.costPasses,
    include: (it) => it.costCalls > 0,
    calls: (it) => it.costCalls,
  },
};

/** The accuracy metrics: one Holm correction covers them (see compare.ts). */
export const accuracyMetrics: MetricName[] = [
  "accuracy",
  "accuracy.reasoning",
  "accuracy.instructions",
  "accuracy.structured",
  "accuracy.tools",
  "accuracy.long-context",
  "accuracy.parameters",
];

export const EMPTY: MetricValue = Object.freeze({ value: null, ciLow: null, ciHigh: null, n: 0 }) as MetricValue;

// ---------------------------------------------------------------------------------------------
// item means

export type ItemStat = { mean: number; se: number; items: number; trials: number };

/** Mean over items of the item values, its cluster-robust standard error (0 with one item). */
export function itemStat(e: Evidence, spec: ItemMetric): ItemStat | null {
  let sum = 0;
  let sumSq = 0;
  let m = 0;
  let trials = 0;
  for (const it of e.items) {
    const v = spec.value(it);
    if (v === null) continue;
    sum += v;
    sumSq += v * v;
    m++;
    trials += spec.trials(it);
  }
  if (m === 0) return null;
  const mean = sum / m;
  const variance = m > 1 ? Math.max(0, (sumSq - m * mean * mean) / (m - 1)) : 0;
  return { mean, se: Math.sqrt(variance / m), items: m, trials };
}

function itemValue(e: Evidence, spec: ItemMetric): MetricValue {
  const s = itemStat(e, spec);
  if (!s) return EMPTY;
  const p = s.mean;
  // effective sample size: p(1-p)/se², between the items (all K samples alike) and the calls (independent)
  let nEff = s.items;
  if (s.items > 1 && p > 0 && p < 1) nEff = s.se > 0 ? (p * (1 - p)) / (s.se * s.se) : s.trials;
  nEff = Math.min(Math.max(nEff, s.items), Math.max(s.items, s.trials));
  const w = wilsonInterval(p, nEff, Z95);
  // at 0% or 100% the bound on that side is exactly the value (no floating-point crumbs)
  return { value: p, ciLow: p === 0 ? 0 : w.low, ciHigh: p === 1 ? 1 : w.high, n: spec.nIsItems ? s.items : s.trials };
}

// ---------------------------------------------------------------------------------------------
// quantiles (Woodruff)

export type QuantileStat = { value: number; low: number | null; high: number | null; n: number };

/**
 * The q-quantile of the calls' values with Woodruff's 95% interval: se of the share of calls at or
 * below the estimate, cluster-robust over items (m/(m-1) Σ (c_i - p n_i)² / N²) and never below
 * the binomial sqrt(q(1-q)/N), then [Q(q - z se), Q(q + z se)]; a side past 0 or 1 is null.
 */
export function quantileStat(s: CallSample, q: number): QuantileStat | null {
  const n = s.sorted.length;
  if (n === 0) return null;
  const value = quantile(s.sorted, q);
  const m = s.items;
  let clusterVar = 0;
  if (m > 1) {
    const below = new Float64Array(s.perItem.length);
    for (let j = 0; j < n; j++) if (s.raw[j]! <= value) below[s.item[j]!]!++;
    let total = 0;
    for (let i = 0; i < below.length; i++) total += below[i]!;
    const p = total / n;
    let ss = 0;
    for (let i = 0; i < below.length; i++) {
      const r = below[i]! - p * s.perItem[i]!;
      ss += r * r;
    }
    clusterVar = ((m / (m - 1)) * ss) / (n * n);
  }
  const se = Math.max(Math.sqrt(clusterVar), Math.sqrt((q * (1 - q)) / n));
  const pl = q - Z95 * se;
  const ph = q + Z95 * se;
  return { value, low: pl < 0 ? null : quantile(s.sorted, pl), high: ph > 1 ? null : quantile(s.sorted, ph), n };
}

/** Standard error of ln(quantile) from the interval's width on the log scale; null without both bounds above 0. */
export function logSe(s: QuantileStat): number | null {
  if (s.low === null || s.high === null || !(s.low > 0) || !(s.value > 0)) return null;
  return (Math.log(s.high) - Math.log(s.low)) / (2 * Z95);
}

// ---------------------------------------------------------------------------------------------
// ratios of sums over items

export type RatioStat = { value: number; se: number; items: number; calls: number };

export function ratioStat(e: Evidence, spec: RatioMetric): RatioStat | null {
  let Y = 0;
  let X = 0;
  let m = 0;
  let calls = 0;
  for (const it of e.items) {
    if (!spec.include(it)) continue;
    Y += spec.num(it);
    X += spec.den(it);
    m++;
    calls += spec.calls(it);
  }
  if (m === 0 || !(X > 0)) return null;
  const R = Y / X;
  let ss = 0;
  for (const it of e.items) {
    if (!spec.include(it)) continue;
    const r = spec.num(it) - R * spec.den(it);
    ss += r * r;
  }
  const se = m > 1 ? Math.sqrt((m / (m - 1)) * ss) / X : 0;
  return { value: R, se, items: m, calls };
}

function ratioValue(e: Evidence, spec: RatioMetric): MetricValue {
  const s = ratioStat(e, spec);
  if (!s) return EMPTY;
  if (s.items < 2) return { value: s.value, ciLow: null, ciHigh: null, n: s.calls };
  if (s.value === 0) return { value: 0, ciLow: 0, ciHigh: s.se > 0 ? Z95 * s.se : 0, n: s.calls };
  // log scale: a cost is positive and its uncertainty multiplicative; t over items
  const half = critical(0.95, s.items - 1) * (s.se / s.value);
  return { value: s.value, ciLow: s.value * Math.exp(-half), ciHigh: s.value * Math.exp(half), n: s.calls };
}

// ---------------------------------------------------------------------------------------------

/** One metric of one deployment's evidence. */
export function metricValue(e: Evidence, name: MetricName): MetricValue {
  const spec = metricSpecs[name];
  if (spec.kind === "items") return itemValue(e, spec);
  if (spec.kind === "ratio") return ratioValue(e, spec);
  const s = quantileStat(e[spec.sample], spec.q);
  return s ? { value: s.value, ciLow: s.low, ciHigh: s.high, n: s.n } : EMPTY;
}

/** Every metric with evidence (n > 0); family accuracies only for the families the suite has. */
export function metricsOf(e: Evidence): Partial<Record<MetricName, MetricValue>> {
  const out: Partial<Record<MetricName, MetricValue>> = {};
  const families = new Set(e.items.map((it) => it.family));
  for (const name of Object.keys(metricSpecs) as MetricName[]) {
    if (name.startsWith("accuracy.") && !families.has(name.slice("accuracy.".length) as ProbeFamily)) continue;
    if (name === "toolCallErrorRate" && !families.has("tools")) continue;
    out[name] = metricValue(e, name);
  }
  return out;
}

/** Output tokens of done calls: p10, p50, p90, max (null without any). */
export function outputLengthOf(e: Evidence): { p10: number | null; p50: number | null; p90: number | null; max: number | null } {
  const s = e.outputTokens;
  if (s.length === 0) return { p10: null, p50: null, p90: null, max: null };
  return { p10: quantile(s, 0.1), p50: quantile(s, 0.5), p90: quantile(s, 0.9), max: s[s.length - 1]! };
}
