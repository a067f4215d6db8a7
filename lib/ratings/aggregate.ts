// Turns a list of votes into per-pair win weights and per-(pair, outcome, weight) cells, so the
// fit and the bootstrap cost O(#pairs) per iteration / round instead of O(#votes).

export type PairOutcome = "a" | "b" | "tie" | "both_bad";

export interface PairwiseOutcome {
  a: string;
  b: string;
  /** "a" / "b" = that side won; "tie"; "both_bad" = a tie where both answers were bad. */
  outcome: PairOutcome;
  /** Non-negative finite; default 1. Weight-0 votes are ignored. */
  weight?: number;
}

/** Cell kinds (both_bad is folded into TIE: the fit treats it as a tie). */
export const I_WINS = 0;
export const J_WINS = 1;
export const TIE = 2;

export interface Aggregated {
  /** Every model key (from the votes and `extraModels`), in code-unit order. */
  models: string[];
  index: Map<string, number>;
  /** Pairs with at least one weighted vote; pairI[p] < pairJ[p]. */
  pairI: Int32Array;
  pairJ: Int32Array;
  /** Win weight of pairI over pairJ and vice versa; each tie / both_bad adds weight/2 to both. */
  wij: Float64Array;
  wji: Float64Array;
  /** Resampling cells: votes of one pair with the same kind and weight are interchangeable. */
  cellPair: Int32Array;
  cellKind: Uint8Array;
  cellWeight: Float64Array;
  cellCount: Float64Array;
  /** Number of votes with weight > 0 (the bootstrap resamples this many). */
  voteCount: number;
  /** Per-model weighted tallies over all of its votes. */
  battles: Float64Array;
  wins: Float64Array;
  losses: Float64Array;
  ties: Float64Array;
  bothBad: Float64Array;
  /** Weighted tallies per ordered model pair: wins of row over column, ties (incl. both_bad). */
  pairWins: Map<number, number>;
}

const OUTCOMES = new Set<string>(["a", "b", "tie", "both_bad"]);

function checkVote(v: PairwiseOutcome, n: number): number {
  if (typeof v.a !== "string" || typeof v.b !== "string") throw new TypeError(`vote ${n}: a and b must be model keys (strings)`);
  if (v.a === v.b) throw new RangeError(`vote ${n}: a model cannot be compared with itself (${v.a})`);
  if (!OUTCOMES.has(v.outcome)) throw new RangeError(`vote ${n}: unknown outcome ${String(v.outcome)}`);
  const w = v.weight ?? 1;
  if (!(Number.isFinite(w) && w >= 0)) throw new RangeError(`vote ${n}: weight must be finite and >= 0, got ${w}`);
  return w;
}

export function aggregate(outcomes: readonly PairwiseOutcome[], extraModels: readonly string[] = []): Aggregated {
  const names = new Set<string>(extraModels);
  for (let n = 0; n < outcomes.length; n++) {
    checkVote(outcomes[n], n);
    names.add(outcomes[n].a);
    names.add(outcomes[n].b);
  }
  // Code-unit order (not locale) so results never depend on the runtime's collation.
  const models = [...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const m = models.length;
  const index = new Map(models.map((k, i) => [k, i]));

  const pairOf = new Map<number, number>();
  const pi: number[] = [];
  const pj: number[] = [];
  const wij: number[] = [];
  const wji: number[] = [];
  const cellOf = new Map<string, number>();
  const unitCell: number[] = []; // fast path for weight 1: pair * 3 + kind -> cell
  const cPair: number[] = [];
  const cKind: number[] = [];
  const cWeight: number[] = [];
  const cCount: number[] = [];
  const battles = new Float64Array(m);
  const wins = new Float64Array(m);
  const losses = new Float64Array(m);
  const ties = new Float64Array(m);
  const bothBad = new Float64Array(m);
  const pairWins = new Map<number, number>();
  const addPairWin = (r: number, c: number, w: number) => {
    const key = r * m + c;
    pairWins.set(key, (pairWins.get(key) ?? 0) + w);
  };
  let voteCount = 0;

  for (const v of outcomes) {
    const w = v.weight ?? 1;
    if (w === 0) continue;
    voteCount++;
    const ia = index.get(v.a)!;
    const ib = index.get(v.b)!;
    const [i, j] = ia < ib ? [ia, ib] : [ib, ia];
    const key = i * m + j;
    let p = pairOf.get(key);
    if (p === undefined) {
      p = pi.length;
      pairOf.set(key, p);
      pi.push(i);
      pj.push(j);
      wij.push(0);
      wji.push(0);
      unitCell.push(-1, -1, -1);
    }
    battles[ia] += w;
    battles[ib] += w;
    let kind: number;
    if (v.outcome === "tie" || v.outcome === "both_bad") {
      kind = TIE;
      wij[p] += w / 2;
      wji[p] += w / 2;
      const tally = v.outcome === "tie" ? ties : bothBad;
      tally[ia] += w;
      tally[ib] += w;
      addPairWin(ia, ib, w / 2);
      addPairWin(ib, ia, w / 2);
    } else {
      const winner = v.outcome === "a" ? ia : ib;
      const loser = v.outcome === "a" ? ib : ia;
      kind = winner === i ? I_WINS : J_WINS;
      if (kind === I_WINS) wij[p] += w;
      else wji[p] += w;
      wins[winner] += w;
      losses[loser] += w;
      addPairWin(winner, loser, w);
    }
    let cell: number | undefined = w === 1 ? unitCell[p * 3 + kind] : cellOf.get(`${p}:${kind}:${w}`);
    if (cell === undefined || cell < 0) {
      cell = cCount.length;
      cPair.push(p);
      cKind.push(kind);
      cWeight.push(w);
      cCount.push(0);
      if (w === 1) unitCell[p * 3 + kind] = cell;
      else cellOf.set(`${p}:${kind}:${w}`, cell);
    }
    cCount[cell]++;
  }

  return {
    models,
    index,
    pairI: Int32Array.from(pi),
    pairJ: Int32Array.from(pj),
    wij: Float64Array.from(wij),
    wji: Float64Array.from(wji),
    cellPair: Int32Array.from(cPair),
    cellKind: Uint8Array.from(cKind),
    cellWeight: Float64Array.from(cWeight),
    cellCount: Float64Array.from(cCount),
    voteCount,
    battles,
    wins,
    losses,
    ties,
    bothBad,
    pairWins,
  };
}
