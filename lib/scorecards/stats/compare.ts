// Verdicts: one deployment against the reference, metric by metric.
//
// - "equivalent": two one-sided tests at 5% each, i.e. the 90% interval of the difference lies
//   inside the margin (accuracy and rates: ± points absolute; times, throughput and cost: the
//   ratio inside [1 - m, 1 + m], tested on the log scale). Checked first: a difference too small
//   to matter is not reported as one, however sure it is.
// - "different": the 95% interval of the difference excludes zero, i.e. the two-sided p < 0.05,
//   with the accuracy metrics (overall and per family) Holm-corrected together (weighted: overall
//   half, the families the other half; see accuracyWeights): one deployment gets up to seven
//   accuracy claims, and together they keep a 5% family-wise error.
// - else "inconclusive", with about how many calls per deployment would decide at the current
//   variance and difference.
//
// Accuracy, pass@k and the rates are compared item by item (paired: each item's value here minus
// the reference's on the same item, then a t interval over items): the items' difficulty cancels
// out, which is far more powerful than comparing two means. Agresti & Min (2005)-style pseudo-
// observations (a +1 and a -1 difference at half weight, and a 0) keep the interval from collapsing
// to a point when every item agrees (both at 100% on 3 items is not proof of equivalence).
// Quantiles compare on the log scale with the two Woodruff intervals' standard errors; costs on
// the log scale with the delta-method errors.
import type { MetricName, Verdict, VerdictDetail } from "@/lib/scorecards/types";
import { critical, twoSidedP } from "./distributions";
import type { Evidence } from "./evidence";
import {
  accuracyMetrics,
  itemStat,
  logSe,
  metricSpecs,
  quantileStat,
  ratioStat,
  type ItemMetric,
  type MarginKey,
  type MetricSpec,
  type RatioMetric,
} from "./metrics";

export type Margins = {
  /** accuracy and pass@k / pass^k: absolute, in proportion (0.03 = 3 points) */
  accuracy: number;
  /** error, rate-limit and tool-call error rates: absolute (0.03 = 3 points) */
  rate: number;
  /** times and throughput: relative (0.2 = the ratio within 0.8 to 1.2) */
  time: number;
  /** cost per item and per correct answer: relative */
  cost: number;
};
export const DEFAULT_MARGINS: Readonly<Margins> = Object.freeze({ accuracy: 0.03, rate: 0.03, time: 0.2, cost: 0.2 });

export function resolveMargins(m?: Partial<Margins> | null): Margins {
  const out = { ...DEFAULT_MARGINS };
  for (const k of Object.keys(out) as MarginKey[]) {
    const v = m?.[k];
    if (v === undefined || v === null) continue;
    if (!(v > 0 && v < 1)) throw new RangeError(`margin ${k} must be between 0 and 1, got ${v}`);
    out[k] = v;
  }
  return out;
}

export const ALPHA = 0.05;
const Z90 = 1.6448536269514722;
const Z95 = 1.959963984540054;

/**
 * Holm's step-down adjustment of p-values (same order as given), weighted (Holm 1979): hypothesis i
 * gets the share w_i / Σw of the error rate. Step j (in order of p/w) is adjusted to
 * p_(j) · (Σ of the weights still in play) / w_(j), made monotone. Equal weights: plain Holm.
 */
export function holm(pValues: readonly number[], weights?: readonly number[]): number[] {
  const k = pValues.length;
  const w = weights ?? pValues.map(() => 1);
  if (w.length !== k || w.some((x) => !(x > 0))) throw new RangeError("holm: one positive weight per p-value");
  const order = pValues.map((p, i) => i).sort((a, b) => pValues[a]! / w[a]! - pValues[b]! / w[b]! || a - b);
  let remaining = w.reduce((a, b) => a + b, 0);
  const out = new Array<number>(k);
  let running = 0;
  for (const i of order) {
    running = Math.max(running, Math.min(1, (pValues[i]! * remaining) / w[i]!));
    out[i] = running;
    remaining -= w[i]!;
  }
  return out;
}

/**
 * Weights of the accuracy claims in their shared correction: overall accuracy, the primary
 * question ("is it the same model?"), gets half the 5%; the families share the other half. Seven
 * claims then keep a 5% family-wise error together, yet a 10-point drop overall is still found at
 * the suite's size (tests/unit/scorecard-simulation.test.ts checks both).
 */
export function accuracyWeights(metrics: readonly MetricName[]): number[] {
  const families = metrics.filter((m) => m !== "accuracy").length;
  const hasOverall = metrics.includes("accuracy");
  return metrics.map((m) => (m === "accuracy" ? (families > 0 ? 0.5 : 1) : (hasOverall ? 0.5 : 1) / families));
}

/** A difference with its standard error, before the verdict. `scale` "log": center is a log ratio. */
export type RawTest = {
  scale: "absolute" | "log";
  /** the reported difference: candidate minus reference (absolute), or the ratio minus 1 (log) */
  difference: number | null;
  /** the estimate the intervals are built around (shrunk slightly by the pseudo-observations; log ratio for "log") */
  center: number;
  se: number;
  /** degrees of freedom of the t intervals (Infinity: normal) */
  df: number;
  /** candidate's calls behind the metric, to scale samplesToDecide */
  n: number;
  /** set when the answer is sure without an interval (a cost of exactly 0 against one above 0) */
  certain?: boolean;
};

function pairedItems(cand: Evidence, ref: Evidence, spec: ItemMetric): RawTest | null {
  let sum = 0;
  let sumSq = 0;
  let m = 0;
  let n = 0;
  for (const it of cand.items) {
    const a = spec.value(it);
    if (a === null) continue;
    const j = ref.index.get(it.key);
    if (j === undefined) continue;
    const b = spec.value(ref.items[j]!);
    if (b === null) continue;
    const d = a - b;
    sum += d;
    sumSq += d * d;
    m++;
    n += spec.trials(it);
  }
  if (m < 2) return unpairedItems(cand, ref, spec);
  // pseudo-observations: +1 (weight 1/2), -1 (weight 1/2), 0 (weight 1)
  const w = m + 2;
  const center = sum / w;
  const ss = sumSq - w * center * center + 1; // Σ(d-c)² over data and pseudo-observations (their Σd² is 1, Σd is 0)
  const se = Math.sqrt(Math.max(0, ss) / (w - 1) / w);
  return { scale: "absolute", difference: sum / m, center, se, df: m - 1, n };
}

function unpairedItems(cand: Evidence, ref: Evidence, spec: ItemMetric): RawTest | null {
  const a = itemStat(cand, spec);
  const b = itemStat(ref, spec);
  if (!a || !b || a.items < 2 || b.items < 2) return null;
  // each group gets a 0 and a 1 at half weight (Agresti-Caffo style), so a 100%-vs-100% group keeps some width
  const adj = (s: NonNullable<typeof a>) => {
    const w = s.items + 1;
    const mean = (s.mean * s.items + 0.5) / w;
    const ss = s.se * s.se * s.items * (s.items - 1) + s.items * (s.mean - mean) ** 2 + 0.5 * mean ** 2 + 0.5 * (1 - mean) ** 2;
    return { mean, se2: ss / (w - 1) / w };
  };
  const x = adj(a);
  const y = adj(b);
  return {
    scale: "absolute",
    difference: a.mean - b.mean,
    center: x.mean - y.mean,
    se: Math.sqrt(x.se2 + y.se2),
    df: Math.min(a.items, b.items) - 1,
    n: a.trials,
  };
}

function quantileTest(cand: Evidence, ref: Evidence, spec: Extract<MetricSpec, { kind: "quantile" }>): RawTest | null {
  const a = quantileStat(cand[spec.sample], spec.q);
  const b = quantileStat(ref[spec.sample], spec.q);
  if (!a || !b) return null;
  const sa = logSe(a);
  const sb = logSe(b);
  if (sa === null || sb === null) return null;
  return {
    scale: "log",
    difference: a.value / b.value - 1,
    center: Math.log(a.value / b.value),
    se: Math.hypot(sa, sb),
    df: Infinity,
    n: a.n,
  };
}

function ratioTest(cand: Evidence, ref: Evidence, spec: RatioMetric): RawTest | null {
  const a = ratioStat(cand, spec);
  const b = ratioStat(ref, spec);
  if (!a || !b || a.items < 2 || b.items < 2) return null;
  const df = Math.min(a.items, b.items) - 1;
  if (a.value === 0 && b.value === 0) return { scale: "log", difference: 0, center: 0, se: 0, df, n: a.calls };
  if (a.value === 0 || b.value === 0) {
    // free against paid: sure, and no ratio to report
    return { scale: "log", difference: null, center: a.value > b.value ? Infinity : -Infinity, se: 0, df, n: a.calls, certain: true };
  }
  return {
    scale: "log",
    difference: a.value / b.value - 1,
    center: Math.log(a.value / b.value),
    se: Math.hypot(a.se / a.value, b.se / b.value),
    df,
    n: a.calls,
  };
}

/** The difference of one metric, candidate minus reference, before any correction; null without evidence on both sides. */
export function rawTest(cand: Evidence, ref: Evidence, metric: MetricName): RawTest | null {
  const spec = metricSpecs[metric];
  if (spec.kind === "items") return pairedItems(cand, ref, spec);
  if (spec.kind === "quantile") return quantileTest(cand, ref, spec);
  return ratioTest(cand, ref, spec);
}

/** Two-sided p-value of a raw test (null: no test). */
export function pValue(t: RawTest | null): number | null {
  if (!t) return null;
  if (t.certain) return 0;
  if (t.se === 0) return t.center === 0 ? 1 : 0;
  return twoSidedP(t.center / t.se, t.df);
}

const toReported = (t: RawTest, x: number) => (t.scale === "log" ? Math.exp(x) - 1 : x);
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

function interval(t: RawTest, confidence: number): [number, number] | null {
  if (t.certain) return null;
  const half = critical(confidence, t.df) * t.se;
  const lo = finiteOrNull(toReported(t, t.center - half));
  const hi = finiteOrNull(toReported(t, t.center + half));
  return lo === null || hi === null ? null : [lo, hi];
}

/** Equivalence bounds on the test's own scale. */
function bounds(t: RawTest, margin: number): [number, number] {
  return t.scale === "log" ? [Math.log(1 - margin), Math.log(1 + margin)] : [-margin, margin];
}

/**
 * About how many calls per deployment would decide at the current difference and spread: the n at
 * which either the 95% interval leaves zero or the 90% interval fits inside the margin (normal
 * approximation; the standard error shrinks as 1/sqrt(n)). n counts the calls behind the metric
 * (for a family's accuracy, that family's answered calls; more items, not more samples of the same
 * items, is what narrows an item-level interval). null when neither can happen.
 */
export function samplesToDecide(t: RawTest, margin: number): number | null {
  if (t.certain || !(t.se > 0) || !(t.n > 0)) return null;
  const [lo, hi] = bounds(t, margin);
  const c = t.center;
  let best = Infinity;
  if (c !== 0) best = Math.min(best, t.n * ((Z95 * t.se) / Math.abs(c)) ** 2);
  const room = c >= 0 ? hi - c : c - lo;
  if (room > 0) best = Math.min(best, t.n * ((Z90 * t.se) / room) ** 2);
  if (!Number.isFinite(best)) return null;
  return Math.max(t.n + 1, Math.ceil(best));
}

/** The verdict from a raw test and its (possibly adjusted) p-value. */
export function verdictOf(metric: MetricName, t: RawTest | null, margin: number, pAdjusted: number | null): VerdictDetail {
  const spec = metricSpecs[metric];
  const marginKind = spec.margin === "time" || spec.margin === "cost" ? "relative" : "absolute";
  if (!t) {
    return {
      verdict: "inconclusive",
      difference: null,
      ci90: null,
      ci95: null,
      margin,
      marginKind,
      direction: null,
      pAdjusted: null,
      samplesToDecide: null,
    };
  }
  const ci90 = interval(t, 0.9);
  const ci95 = interval(t, 0.95);
  const [lo, hi] = bounds(t, margin);
  const half90 = t.certain ? Infinity : critical(0.9, t.df) * t.se;
  const equivalent = t.center - half90 > lo && t.center + half90 < hi;
  const different = !equivalent && pAdjusted !== null && pAdjusted < ALPHA;
  const verdict: Verdict = equivalent ? "equivalent" : different ? "different" : "inconclusive";
  const up = t.center > 0;
  const direction = verdict === "different" ? ((spec.sense === "higher") === up ? "better" : "worse") : null;
  return {
    verdict,
    difference: t.difference === null ? null : finiteOrNull(t.difference),
    ci90,
    ci95,
    margin,
    marginKind,
    direction,
    pAdjusted,
    samplesToDecide: verdict === "inconclusive" ? samplesToDecide(t, margin) : null,
  };
}

export type CompareOptions = {
  margins?: Partial<Margins> | null;
  /** the metrics to compare; default every metric with evidence on both sides */
  metrics?: readonly MetricName[];
  /**
   * Which metrics share a Holm correction: "accuracy" (the default: overall and per-family
   * accuracy together, the rest on their own) or "all" (every compared metric together, as drift
   * alerts use: many metrics checked every run would otherwise alert on noise).
   */
  holm?: "accuracy" | "all";
};

/** Verdict per metric of `cand` against `ref` (both from collectEvidence). */
export function compareEvidence(cand: Evidence, ref: Evidence, options: CompareOptions = {}): Partial<Record<MetricName, VerdictDetail>> {
  const margins = resolveMargins(options.margins);
  const names = options.metrics ?? (Object.keys(metricSpecs) as MetricName[]);
  const tests = new Map<MetricName, RawTest | null>();
  const candFamilies = new Set(cand.items.map((it) => it.family));
  for (const name of names) {
    if (name.startsWith("accuracy.") && !candFamilies.has(name.slice("accuracy.".length) as never)) continue;
    if (name === "toolCallErrorRate" && !candFamilies.has("tools")) continue;
    tests.set(name, rawTest(cand, ref, name));
  }
  const raw = new Map<MetricName, number | null>([...tests].map(([name, t]) => [name, pValue(t)]));
  const adjusted = new Map(raw);
  const all = options.holm === "all";
  const group = [...raw].filter(([name, p]) => p !== null && (all || accuracyMetrics.includes(name)));
  const weights = all ? undefined : accuracyWeights(group.map(([name]) => name));
  holm(
    group.map(([, p]) => p!),
    weights,
  ).forEach((p, i) => adjusted.set(group[i]![0], p));
  const out: Partial<Record<MetricName, VerdictDetail>> = {};
  for (const [name, t] of tests) out[name] = verdictOf(name, t, margins[metricSpecs[name].margin], adjusted.get(name) ?? null);
  return out;
}
