// One deployment's calls, folded once into what every statistic reads: per item (the unit of
// resampling: K samples of one item are not K independent observations) the counts behind
// accuracy, pass@k, error and rate-limit rates, tool-call errors and cost; per call the times
// (with the item each belongs to, for the cluster-robust quantile intervals); the mixes.
import type { ProbeCall, ProbeFamily, ToolErrorClass } from "@/lib/scorecards/types";
import { toolErrorClasses } from "@/lib/scorecards/types";
import { passAtK, passHatK } from "./estimators";

export type ItemEvidence = {
  key: string;
  family: ProbeFamily;
  /** done calls with a checker result, and how many of them passed */
  valid: number;
  passes: number;
  /** calls that were made (done + error; skips are not calls), errors among them, rate-limited errors */
  calls: number;
  errors: number;
  rateLimited: number;
  /** tool items: done calls, and those with a tool-call error class */
  toolDone: number;
  toolErrors: number;
  /** calls with a known cost: their cost, their number, passes among them */
  costSum: number;
  costCalls: number;
  costPasses: number;
  /**
   * pass@k and pass^k of the item (k = K), unbiased from its answered samples; null with fewer
   * than K. After mergeEvidence: the mean of the runs' estimates (each run's K samples are one
   * draw; pooling the runs' samples instead would count a deterministic provider's repeated
   * answers as independent).
   */
  atK: number | null;
  hatK: number | null;
};

/** Per-call values of one measure (times, throughput), each with the index of its item. */
export type CallSample = {
  /** values in call order, and the index (into Evidence.items) of the item of each */
  raw: Float64Array;
  item: Int32Array;
  /** the same values, ascending */
  sorted: Float64Array;
  /** observations per item (indexed like Evidence.items), and how many items have one at least */
  perItem: Int32Array;
  items: number;
};

export type Evidence = {
  /** K: samples per item the run asked for (pass@k and pass^k use k = K) */
  samples: number;
  items: ItemEvidence[];
  index: Map<string, number>;
  ttft: CallSample;
  total: CallSample;
  tokensPerSecond: CallSample;
  /** output tokens of done calls, ascending */
  outputTokens: Float64Array;
  finishReasons: Record<string, number>;
  toolErrorsByClass: Record<ToolErrorClass, number>;
  /** calls made (done + error) and skipped */
  calls: number;
  skipped: number;
};

/** A call failed on a rate limit: errorCode "rate_limited" or HTTP 429. */
export function isRateLimited(c: ProbeCall): boolean {
  return c.outcome === "error" && (c.errorCode === "rate_limited" || c.httpStatus === 429);
}

function sample(values: number[], items: number[], itemCount: number): CallSample {
  const raw = new Float64Array(values);
  const item = new Int32Array(items);
  const sorted = raw.slice().sort();
  const perItem = new Int32Array(itemCount);
  for (let j = 0; j < item.length; j++) perItem[item[j]!]!++;
  let withObs = 0;
  for (let i = 0; i < itemCount; i++) if (perItem[i]! > 0) withObs++;
  return { raw, item, sorted, perItem, items: withObs };
}

const finite = (x: number | null): x is number => x != null && Number.isFinite(x);

/** Folds one deployment's calls (any order) into its evidence. Calls of other deployments must be filtered out first. */
export function collectEvidence(calls: readonly ProbeCall[], samples: number): Evidence {
  const items: ItemEvidence[] = [];
  const index = new Map<string, number>();
  const ttft: number[] = [];
  const ttftItem: number[] = [];
  const total: number[] = [];
  const totalItem: number[] = [];
  const tps: number[] = [];
  const tpsItem: number[] = [];
  const outputTokens: number[] = [];
  const finishReasons: Record<string, number> = {};
  const toolErrorsByClass = Object.fromEntries(toolErrorClasses.map((k) => [k, 0])) as Record<ToolErrorClass, number>;
  let made = 0;
  let skipped = 0;

  for (const c of calls) {
    if (c.outcome === "skipped") {
      skipped++;
      continue;
    }
    let i = index.get(c.itemKey);
    if (i === undefined) {
      i = items.length;
      index.set(c.itemKey, i);
      items.push({
        key: c.itemKey,
        family: c.family,
        valid: 0,
        passes: 0,
        calls: 0,
        errors: 0,
        rateLimited: 0,
        toolDone: 0,
        toolErrors: 0,
        costSum: 0,
        costCalls: 0,
        costPasses: 0,
        atK: null,
        hatK: null,
      });
    }
    const it = items[i]!;
    made++;
    it.calls++;
    const passed = c.outcome === "done" && c.pass === true;
    if (finite(c.costUsd) && c.costUsd >= 0) {
      it.costSum += c.costUsd;
      it.costCalls++;
      if (passed) it.costPasses++;
    }
    if (c.outcome === "error") {
      it.errors++;
      if (isRateLimited(c)) it.rateLimited++;
      continue;
    }
    // done
    if (c.pass !== null) {
      it.valid++;
      if (c.pass) it.passes++;
    }
    if (c.family === "tools") {
      it.toolDone++;
      if (c.errorClass) it.toolErrors++;
    }
    if (c.errorClass) toolErrorsByClass[c.errorClass] = (toolErrorsByClass[c.errorClass] ?? 0) + 1;
    const reason = c.finishReason ?? "unknown";
    finishReasons[reason] = (finishReasons[reason] ?? 0) + 1;
    if (finite(c.outputTokens) && c.outputTokens >= 0) outputTokens.push(c.outputTokens);
    if (finite(c.ttftMs) && c.ttftMs >= 0) {
      ttft.push(c.ttftMs);
      ttftItem.push(i);
    }
    if (finite(c.totalMs) && c.totalMs >= 0) {
      total.push(c.totalMs);
      totalItem.push(i);
    }
    // output tokens per second of the streaming part (after the first token); a call whose text
    // came in one piece (total = ttft) has no measurable rate and is left out
    if (finite(c.outputTokens) && c.outputTokens > 0 && finite(c.totalMs) && finite(c.ttftMs) && c.totalMs > c.ttftMs) {
      tps.push(c.outputTokens / ((c.totalMs - c.ttftMs) / 1000));
      tpsItem.push(i);
    }
  }
  for (const it of items) {
    it.atK = passAtK(it.valid, it.passes, samples);
    it.hatK = passHatK(it.valid, it.passes, samples);
  }
  return {
    samples,
    items,
    index,
    ttft: sample(ttft, ttftItem, items.length),
    total: sample(total, totalItem, items.length),
    tokensPerSecond: sample(tps, tpsItem, items.length),
    outputTokens: new Float64Array(outputTokens).sort(),
    finishReasons,
    toolErrorsByClass,
    calls: made,
    skipped,
  };
}

/** Splits calls by deployment (one pass), keeping each deployment's calls in order. */
export function callsByDeployment(calls: readonly ProbeCall[]): Map<string, ProbeCall[]> {
  const by = new Map<string, ProbeCall[]>();
  for (const c of calls) {
    const list = by.get(c.deploymentId);
    if (list) list.push(c);
    else by.set(c.deploymentId, [c]);
  }
  return by;
}

function mergeSamples(parts: { s: CallSample; map: Int32Array }[], itemCount: number): CallSample {
  const values: number[] = [];
  const items: number[] = [];
  for (const { s, map } of parts) {
    for (let j = 0; j < s.raw.length; j++) {
      values.push(s.raw[j]!);
      items.push(map[s.item[j]!]!);
    }
  }
  return sample(values, items, itemCount);
}

/**
 * Several runs' evidence as one (a drift's baseline): counts and times pooled by item, pass@k and
 * pass^k averaged over the runs that have an estimate.
 */
export function mergeEvidence(list: readonly Evidence[], samples: number): Evidence {
  if (list.length === 1 && list[0]!.samples === samples) return list[0]!;
  const items: ItemEvidence[] = [];
  const index = new Map<string, number>();
  const atKRuns: number[] = [];
  const hatKRuns: number[] = [];
  const maps = list.map((e) =>
    Int32Array.from(e.items, (it) => {
      let i = index.get(it.key);
      if (i === undefined) {
        i = items.length;
        index.set(it.key, i);
        items.push({
          ...it,
          valid: 0,
          passes: 0,
          calls: 0,
          errors: 0,
          rateLimited: 0,
          toolDone: 0,
          toolErrors: 0,
          costSum: 0,
          costCalls: 0,
          costPasses: 0,
          atK: null,
          hatK: null,
        });
        atKRuns.push(0);
        hatKRuns.push(0);
      }
      const m = items[i]!;
      m.valid += it.valid;
      m.passes += it.passes;
      m.calls += it.calls;
      m.errors += it.errors;
      m.rateLimited += it.rateLimited;
      m.toolDone += it.toolDone;
      m.toolErrors += it.toolErrors;
      m.costSum += it.costSum;
      m.costCalls += it.costCalls;
      m.costPasses += it.costPasses;
      if (it.atK !== null) {
        m.atK = (m.atK ?? 0) + it.atK;
        atKRuns[i]!++;
      }
      if (it.hatK !== null) {
        m.hatK = (m.hatK ?? 0) + it.hatK;
        hatKRuns[i]!++;
      }
      return i;
    }),
  );
  items.forEach((it, i) => {
    if (it.atK !== null) it.atK /= atKRuns[i]!;
    if (it.hatK !== null) it.hatK /= hatKRuns[i]!;
  });
  const finishReasons: Record<string, number> = {};
  const toolErrorsByClass = Object.fromEntries(toolErrorClasses.map((k) => [k, 0])) as Record<ToolErrorClass, number>;
  const outputTokens: number[] = [];
  for (const e of list) {
    for (const [k, v] of Object.entries(e.finishReasons)) finishReasons[k] = (finishReasons[k] ?? 0) + v;
    for (const k of toolErrorClasses) toolErrorsByClass[k] += e.toolErrorsByClass[k];
    for (const v of e.outputTokens) outputTokens.push(v);
  }
  const part = (key: "ttft" | "total" | "tokensPerSecond") =>
    mergeSamples(
      list.map((e, i) => ({ s: e[key], map: maps[i]! })),
      items.length,
    );
  return {
    samples,
    items,
    index,
    ttft: part("ttft"),
    total: part("total"),
    tokensPerSecond: part("tokensPerSecond"),
    outputTokens: new Float64Array(outputTokens).sort(),
    finishReasons,
    toolErrorsByClass,
    calls: list.reduce((a, e) => a + e.calls, 0),
    skipped: list.reduce((a, e) => a + e.skipped, 0),
  };
}
