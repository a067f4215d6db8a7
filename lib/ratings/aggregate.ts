// Turns a list of votes into per-pair win weights and per-(pair, outcome, weight) cells, so the
// fit and the bootstrap cost O(#pairs) per iteration / round instead of O(#votes).
//
// Outcomes carry an optional `group`: the vote (or item) they come from. One "C is best" vote on
// four panes is one piece of evidence that implies three outcomes; the bootstrap resamples groups,
// not outcomes. Groups with the same multiset of cells ("patterns") are interchangeable, so they
// are counted per pattern and a resampling round costs O(#patterns), as cells did before.

export type PairOutcome = "a" | "b" | "tie" | "both_bad";

export interface PairwiseOutcome {
  a: string;
  b: string;
  /** "a" / "b" = that side won; "tie"; "both_bad" = a tie where both answers were bad. */
  outcome: PairOutcome;
  /** Non-negative finite; default 1. Weight-0 votes are ignored. */
  weight?: number;
  /**
   * The vote (resampling unit) this outcome belongs to: outcomes with the same group are drawn
   * together by the bootstrap. Without a group an outcome is a group of its own.
   */
  group?: string | number;
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
  /** Number of outcomes with weight > 0. */
  voteCount: number;
  /** Number of groups (votes) with an outcome of weight > 0: the bootstrap resamples this many. */
  groupCount: number;
  /**
   * Resampling patterns: groups whose outcomes fall in the same multiset of cells. Pattern t has
   * cells patternCells[patternStart[t] .. patternStart[t + 1]) (a cell repeats when a group has
   * two outcomes in it) and patternCount[t] groups. Ungrouped outcomes give one pattern per cell,
   * in cell order.
   */
  patternStart: Int32Array;
  patternCells: Int32Array;
  patternCount: Float64Array;
  /** Per model: groups (votes) with at least one outcome of this model. */
  groups: Float64Array;
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
  if (v.group !== undefined && typeof v.group !== "string" && !Number.isFinite(v.group))
    throw new TypeError(`vote ${n}: group must be a string or a finite number`);
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
  // per kept outcome: its group number, cell and models (for the patterns and per-model group counts)
  const outGroup: number[] = [];
  const outCell: number[] = [];
  const outA: number[] = [];
  const outB: number[] = [];
  const groupOf = new Map<string | number, number>();
  let groupCount = 0;

  for (const v of outcomes) {
    const w = v.weight ?? 1;
    if (w === 0) continue;
    voteCount++;
    let g: number;
    if (v.group === undefined) g = groupCount++;
    else {
      const known = groupOf.get(v.group);
      if (known === undefined) groupOf.set(v.group, (g = groupCount++));
      else g = known;
    }
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
    outGroup.push(g);
    outCell.push(cell);
    outA.push(ia);
    outB.push(ib);
  }

  // Outcomes by group (counting sort keeps their order), then one pattern per distinct cell multiset.
  const gStart = new Int32Array(groupCount + 1);
  for (const g of outGroup) gStart[g + 1]++;
  for (let g = 0; g < groupCount; g++) gStart[g + 1] += gStart[g];
  const fill = gStart.slice(0, groupCount);
  const byGroup = new Int32Array(outGroup.length);
  outGroup.forEach((g, k) => (byGroup[fill[g]++] = k));
  const groups = new Float64Array(m);
  const lastGroup = new Int32Array(m).fill(-1);
  const singleType = new Int32Array(cCount.length).fill(-1); // pattern of a one-outcome group, by cell
  const typeOf = new Map<string, number>();
  const pStart: number[] = [0];
  const pCells: number[] = [];
  const pCount: number[] = [];
  const cells: number[] = [];
  for (let g = 0; g < groupCount; g++) {
    cells.length = 0;
    for (let e = gStart[g]; e < gStart[g + 1]; e++) {
      const k = byGroup[e];
      cells.push(outCell[k]);
      if (lastGroup[outA[k]] !== g) {
        lastGroup[outA[k]] = g;
        groups[outA[k]]++;
      }
      if (lastGroup[outB[k]] !== g) {
        lastGroup[outB[k]] = g;
        groups[outB[k]]++;
      }
    }
    let key = "";
    let t: number;
    if (cells.length === 1) t = singleType[cells[0]];
    else {
      cells.sort((x, y) => x - y);
      key = cells.join(",");
      t = typeOf.get(key) ?? -1;
    }
    if (t < 0) {
      t = pCount.length;
      pCount.push(0);
      pCells.push(...cells);
      pStart.push(pCells.length);
      if (cells.length === 1) singleType[cells[0]] = t;
      else typeOf.set(key, t);
    }
    pCount[t]++;
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
    groupCount,
    patternStart: Int32Array.from(pStart),
    patternCells: Int32Array.from(pCells),
    patternCount: Float64Array.from(pCount),
    groups,
    battles,
    wins,
    losses,
    ties,
    bothBad,
    pairWins,
  };
}
