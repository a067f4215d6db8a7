// How far to trust a judge: pure statistics over units (a comparison turn's pane pair, or an
// evaluation item) that a model judge gave a pairwise verdict on, next to the people who voted on
// the same unit. No framework, no database: lib/judges/trust-data.ts loads the rows.
//
// Every figure carries its n and a 95% interval; a figure with no evidence is null with n = 0
// (shown as "no overlap" / "no gold items"), never 0.
//
// - Agreement with the human majority: on units with a clear human plurality (a tie between the
//   people's top outcomes leaves the unit out, counted in `tiedMajority`), Cohen's kappa between the
//   judge's final verdict and that plurality (nominal: a, b, tie, both_bad) with a 95% percentile
//   bootstrap interval over units (seeded: same data, same seed => same interval), and raw agreement
//   (share of equal verdicts) with the 95% Wilson score interval.
// - Proportions (raw agreement, gold accuracy, position consistency, length and self-preference
//   rates): the Wilson score interval, which stays inside [0, 1] and is valid at 0 and 1 (Wilson 1927).
// - Length bias and self-preference compare the judge with the people ON THE SAME PAIRS: pairs with
//   a human plurality whose two answers differ in length (resp. where exactly one of the two models
//   comes from the judge's maker). Each side's rate counts its decisive verdicts (a or b) only: a tie
//   or "both bad" picks no side; each side says its own n.
import { quantile } from "@/lib/ratings";
import { cohensKappa, type NullReason } from "@/lib/ratings/agreement";
import { createRng, uniformInt } from "@/lib/ratings/random";

export const VERDICTS = ["a", "b", "tie", "both_bad"] as const;
export type Verdict = (typeof VERDICTS)[number];
export type Side = "a" | "b";

/** The two-sided 97.5% standard normal quantile. */
const Z95 = 1.959963984540054;
export const DEFAULT_TRUST_ROUNDS = 1000;

/** A proportion k/n with its 95% Wilson interval; rate and interval are null when n = 0. */
export type Rate = { k: number; n: number; rate: number | null; ciLow: number | null; ciHigh: number | null };

/** k successes out of n trials, with the 95% Wilson score interval. */
export function rate(k: number, n: number): Rate {
  if (!(n > 0)) return { k: 0, n: 0, rate: null, ciLow: null, ciHigh: null };
  if (k < 0 || k > n) throw new RangeError(`rate: ${k} successes out of ${n} trials.`);
  const p = k / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { k, n, rate: p, ciLow: Math.max(0, centre - half), ciHigh: Math.min(1, centre + half) };
}

/** Cohen's kappa and raw agreement of two verdict lists on n shared units, with 95% intervals. */
export type Agreement = {
  /** units compared */
  n: number;
  /** null when there is nothing to compare (n = 0) or no variation (both sides one value only) */
  kappa: number | null;
  kappaReason: NullReason | null;
  /**
   * one side gave the same verdict on every unit (and the other did not): kappa is then 0 by
   * construction, whatever the agreement, and has no interval
   */
  singleValued: boolean;
  /** 95% percentile bootstrap interval over units; null when kappa is null, single-valued, or n < 2 */
  kappaLow: number | null;
  kappaHigh: number | null;
  /** share of units where the two verdicts are equal, with its Wilson interval */
  raw: Rate;
};

/**
 * Kappa (unweighted, the four verdicts as categories) and raw agreement between `x` and `y`, where
 * the same index is the same unit. The kappa interval resamples units with replacement (`rounds`
 * times, seeded by `seed`); a resample in which kappa is undefined (both sides constant) is left
 * out of the percentiles.
 */
export function agreementOf(
  x: readonly Verdict[],
  y: readonly Verdict[],
  { seed, rounds = DEFAULT_TRUST_ROUNDS }: { seed: string | number; rounds?: number },
): Agreement {
  if (x.length !== y.length) throw new RangeError("agreementOf: the two lists must be the same length.");
  const n = x.length;
  const k = cohensKappa(x, y);
  let equal = 0;
  for (let i = 0; i < n; i++) if (x[i] === y[i]) equal++;
  let kappaLow: number | null = null;
  let kappaHigh: number | null = null;
  const singleValued = k.kappa !== null && (new Set(x).size === 1 || new Set(y).size === 1);
  if (k.kappa !== null && !singleValued && n >= 2) {
    // the resamples count a 4 x 4 table of verdict codes (the same kappa as cohensKappa, unweighted)
    const code = new Map(VERDICTS.map((v, i) => [v, i]));
    const cx = Uint8Array.from(x, (v) => code.get(v)!);
    const cy = Uint8Array.from(y, (v) => code.get(v)!);
    const rng = createRng(seed);
    const draws: number[] = [];
    const rows = new Float64Array(4);
    const cols = new Float64Array(4);
    for (let r = 0; r < rounds; r++) {
      rows.fill(0);
      cols.fill(0);
      let same = 0;
      for (let i = 0; i < n; i++) {
        const j = uniformInt(rng, n);
        rows[cx[j]!]!++;
        cols[cy[j]!]!++;
        if (cx[j] === cy[j]) same++;
      }
      const d = kappaOfCounts(same, rows, cols, n);
      if (d !== null) draws.push(d);
    }
    if (draws.length > 0) {
      const sorted = Float64Array.from(draws).sort();
      kappaLow = quantile(sorted, 0.025);
      kappaHigh = quantile(sorted, 0.975);
    }
  }
  return { n, kappa: k.kappa, kappaReason: k.reason, singleValued, kappaLow, kappaHigh, raw: rate(equal, n) };
}

/**
 * Unweighted Cohen's kappa from counts: `same` equal pairs out of n, and each side's count per
 * category. Null when chance agreement is already perfect (as cohensKappa's "no_variation").
 */
export function kappaOfCounts(same: number, rows: ArrayLike<number>, cols: ArrayLike<number>, n: number): number | null {
  let expected = 0;
  for (let c = 0; c < rows.length; c++) expected += rows[c]! * cols[c]!;
  expected /= n * n;
  if (1 - expected < 1e-12) return null;
  return (same / n - expected) / (1 - expected);
}

/** The most frequent verdict among people, or null when two or more share the top count (or none voted). */
export function humanMajority(votes: readonly Verdict[]): Verdict | null {
  const counts = new Map<Verdict, number>();
  for (const v of votes) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: Verdict | null = null;
  let top = 0;
  let tied = false;
  for (const [v, c] of counts) {
    if (c > top) [best, top, tied] = [v, c, false];
    else if (c === top) tied = true;
  }
  return tied ? null : best;
}

/** One unit a judge gave a final pairwise verdict on. */
export type TrustUnit = {
  /** "turn:<turnId>:<paneA>:<paneB>" or "item:<itemId>": the bootstrap's resampling unit */
  unit: string;
  /** the final verdict (a tie when the two orders disagreed) */
  judge: Verdict;
  /** both orders ran (position consistency counts only these) */
  bothOrders: boolean;
  /** the two orders disagreed */
  inconsistent: boolean;
  /** people's verdicts on the same unit, one per person (empty: no one voted) */
  humans: readonly Verdict[];
  /** answer lengths in characters (null: unknown) */
  lengthA: number | null;
  lengthB: number | null;
  /** the side whose model comes from the judge's maker, when exactly one does */
  ownSide: Side | null;
  /** an attention-check item: the side with the reference answer (such units are not used for agreement) */
  goldSide?: Side | null;
};

export type Versus = {
  /** pairs considered: human plurality known and the property holds (lengths differ / one own-maker side) */
  pairs: number;
  /** the judge picked the longer (own-maker) answer k times out of its n decisive verdicts on those pairs */
  judge: Rate;
  /** the people's plurality did, k out of its n decisive verdicts on the same pairs */
  humans: Rate;
};

export type TrustFigures = {
  /** units judged (done pairwise judgements; gold items included) */
  judged: number;
  /** non-gold units that at least one person also voted on */
  overlap: number;
  /** of those, units left out because the people's top outcomes were tied */
  tiedMajority: number;
  /** the judge's final verdict against the human plurality */
  majority: Agreement;
  /** verdict === the gold side, over the gold items judged */
  gold: Rate;
  /** judgements where both orders gave the same verdict, over judgements with both orders */
  positionConsistency: Rate;
  lengthBias: Versus;
  selfPreference: Versus;
};

const decisive = (v: Verdict | null): v is Side => v === "a" || v === "b";

/** Share of decisive verdicts (a or b) that picked `pick(unit)`; units where pick is null are skipped. */
function sidePicks(pairs: readonly { verdict: Verdict | null; pick: Side }[]): Rate {
  let k = 0;
  let n = 0;
  for (const { verdict, pick } of pairs) {
    if (!decisive(verdict)) continue;
    n++;
    if (verdict === pick) k++;
  }
  return rate(k, n);
}

/** Every trust figure of one judge (one judge model with one rubric) over its units. */
export function trustFigures(
  units: readonly TrustUnit[],
  { seed, rounds = DEFAULT_TRUST_ROUNDS }: { seed: string | number; rounds?: number },
): TrustFigures {
  const seen = new Set<string>();
  for (const u of units) {
    if (seen.has(u.unit)) throw new Error(`trustFigures: unit ${u.unit} is listed twice; keep one judgement per unit.`);
    seen.add(u.unit);
  }
  // units in id order, so the bootstrap draws the same whatever order the rows came in
  const sorted = [...units].sort((p, q) => (p.unit < q.unit ? -1 : p.unit > q.unit ? 1 : 0));

  const gold = sorted.filter((u) => u.goldSide);
  const goldCorrect = gold.filter((u) => u.judge === u.goldSide).length;
  const withOrders = sorted.filter((u) => u.bothOrders);

  const overlap = sorted.filter((u) => !u.goldSide && u.humans.length > 0);
  const compared = overlap.map((u) => ({ u, human: humanMajority(u.humans) })).filter((c) => c.human !== null) as {
    u: TrustUnit;
    human: Verdict;
  }[];

  const longer = (u: TrustUnit): Side | null =>
    u.lengthA == null || u.lengthB == null || u.lengthA === u.lengthB ? null : u.lengthA > u.lengthB ? "a" : "b";
  const lengthPairs = compared.flatMap((c) => {
    const pick = longer(c.u);
    return pick ? [{ ...c, pick }] : [];
  });
  const ownPairs = compared.flatMap((c) => (c.u.ownSide ? [{ ...c, pick: c.u.ownSide }] : []));

  return {
    judged: sorted.length,
    overlap: overlap.length,
    tiedMajority: overlap.length - compared.length,
    majority: agreementOf(
      compared.map((c) => c.u.judge),
      compared.map((c) => c.human),
      { seed, rounds },
    ),
    gold: rate(goldCorrect, gold.length),
    positionConsistency: rate(withOrders.filter((u) => !u.inconsistent).length, withOrders.length),
    lengthBias: {
      pairs: lengthPairs.length,
      judge: sidePicks(lengthPairs.map((p) => ({ verdict: p.u.judge, pick: p.pick }))),
      humans: sidePicks(lengthPairs.map((p) => ({ verdict: p.human, pick: p.pick }))),
    },
    selfPreference: {
      pairs: ownPairs.length,
      judge: sidePicks(ownPairs.map((p) => ({ verdict: p.u.judge, pick: p.pick }))),
      humans: sidePicks(ownPairs.map((p) => ({ verdict: p.human, pick: p.pick }))),
    },
  };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const count = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/**
 * Plain-language notes on a judge's figures, e.g. "Picked the longer answer 71% of the time (n = 24);
 * people did 55% on the same pairs (n = 20)." A figure without evidence gets its own sentence.
 */
export function trustNotes(f: TrustFigures): string[] {
  const notes: string[] = [];
  if (f.majority.n === 0)
    notes.push(
      f.overlap > 0
        ? `No overlap with a clear human majority: on ${f.overlap === 1 ? "the one shared item" : `all ${count(f.overlap, "shared item", "shared items")}`} the people were split.`
        : "No overlap: no item it judged was also rated by people.",
    );
  else if (f.majority.raw.rate !== null)
    notes.push(
      `Agreed with the people's majority on ${pct(f.majority.raw.rate)} of ${count(f.majority.n, "shared item", "shared items")}.`,
    );
  const versus = (v: Versus, what: string) => {
    if (v.judge.rate === null) return;
    const people =
      v.humans.rate === null
        ? "the people picked no side on those pairs"
        : `people did ${pct(v.humans.rate)} on the same pairs (n = ${v.humans.n})`;
    notes.push(`Picked ${what} ${pct(v.judge.rate)} of the time (n = ${v.judge.n}); ${people}.`);
  };
  versus(f.lengthBias, "the longer answer");
  versus(f.selfPreference, "its own maker's model");
  if (f.positionConsistency.rate !== null)
    notes.push(
      `Gave the same verdict in both orders on ${pct(f.positionConsistency.rate)} of ${count(f.positionConsistency.n, "pair", "pairs")}` +
        (f.positionConsistency.k < f.positionConsistency.n ? "; the others count as ties." : "."),
    );
  if (f.gold.rate !== null) notes.push(`Chose the reference answer on ${f.gold.k} of ${count(f.gold.n, "gold item", "gold items")}.`);
  else notes.push("No gold items judged.");
  return notes;
}

/** The judge as one more rater of an evaluation session: its agreement with each person and with their majority. */
export type JudgeAsRater = {
  /** per person, on the items both the judge and that person rated */
  raters: ({ rater: string } & Agreement)[];
  /** against the people's plurality, on items with a clear one */
  majority: Agreement;
  /** items rated by people and judged, left out of `majority` because the people's top outcomes were tied */
  tiedMajority: number;
};

/**
 * Agreement of a judge's verdicts (item -> verdict) with each person's ratings (person -> item ->
 * outcome) and with the people's plurality. Pure: the people's own figures are not touched (the
 * judge is never one of them). Each bootstrap is seeded by `${seed}:${rater}` (or `:majority`).
 */
export function judgeAsRater(
  judge: ReadonlyMap<string, Verdict>,
  people: ReadonlyMap<string, ReadonlyMap<string, Verdict>>,
  { seed, rounds = DEFAULT_TRUST_ROUNDS }: { seed: string | number; rounds?: number },
): JudgeAsRater {
  const items = [...judge.keys()].sort();
  const raters = [...people.keys()].sort().map((rater) => {
    const theirs = people.get(rater)!;
    const shared = items.filter((item) => theirs.has(item));
    return {
      rater,
      ...agreementOf(
        shared.map((item) => judge.get(item)!),
        shared.map((item) => theirs.get(item)!),
        { seed: `${seed}:${rater}`, rounds },
      ),
    };
  });
  const x: Verdict[] = [];
  const y: Verdict[] = [];
  let tiedMajority = 0;
  for (const item of items) {
    const votes = [...people.values()].flatMap((m) => (m.has(item) ? [m.get(item)!] : []));
    if (votes.length === 0) continue;
    const human = humanMajority(votes);
    if (human === null) {
      tiedMajority++;
      continue;
    }
    x.push(judge.get(item)!);
    y.push(human);
  }
  return { raters, majority: agreementOf(x, y, { seed: `${seed}:majority`, rounds }), tiedMajority };
}
