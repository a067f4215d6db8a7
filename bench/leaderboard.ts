// Leaderboard statistics benchmark: `npx tsx --conditions=react-server bench/leaderboard.ts [votes] [models] [replications] [multiPaneVotes]`.
// Synthetic votes from known Bradley-Terry strengths (seeded), then timing of the fit and of the
// 1000-round bootstrap, recovery of the true scores and the coverage of the 95% intervals.
//
// Ties are generated so that "tie = half a win" is exactly consistent with the true model:
// P(tie) = t, P(a) = s - t/2, P(b) = 1 - s - t/2 with s = P(a beats b), t = 0.3 * min(s, 1 - s);
// half of the ties are "both_bad". The expected half-win share of a is then exactly s.
import { bootstrapBradleyTerry, createRng, fitBradleyTerry, type PairwiseOutcome, type Rng } from "../lib/ratings";

const VOTES = Number(process.argv[2] ?? 100_000);
const MODELS = Number(process.argv[3] ?? 20);
const REPLICATIONS = Number(process.argv[4] ?? 20);
/** "best of 4" votes (3 outcomes each, one group) for the vote-level bootstrap timing; 0 skips it */
const MULTI_PANE_VOTES = Number(process.argv[5] ?? 30_000);
const ROUNDS = 1000;

function normal(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

function trueScores(rng: Rng, k: number): Map<string, number> {
  const raw = Array.from({ length: k }, () => 100 * normal(rng));
  const mean = raw.reduce((x, y) => x + y, 0) / k;
  return new Map(raw.map((s, i) => [`model-${String(i).padStart(2, "0")}`, 1000 + s - mean]));
}

function votes(rng: Rng, truth: Map<string, number>, n: number): PairwiseOutcome[] {
  const names = [...truth.keys()];
  const out: PairwiseOutcome[] = [];
  for (let v = 0; v < n; v++) {
    const i = Math.floor(rng.next() * names.length);
    let j = Math.floor(rng.next() * (names.length - 1));
    if (j >= i) j++;
    const a = names[i];
    const b = names[j];
    const s = 1 / (1 + Math.pow(10, (truth.get(b)! - truth.get(a)!) / 400));
    const t = 0.3 * Math.min(s, 1 - s);
    const u = rng.next();
    const outcome = u < s - t / 2 ? "a" : u < 1 - t / 2 ? "b" : u < 1 - t / 4 ? "tie" : "both_bad";
    out.push({ a, b, outcome });
  }
  return out;
}

const ms = (t0: number) => performance.now() - t0;

const rng = createRng("juxta-leaderboard-bench");
const truth = trueScores(rng, MODELS);
const data = votes(rng, truth, VOTES);

let t0 = performance.now();
const fit = fitBradleyTerry(data);
const fitMs = ms(t0);
t0 = performance.now();
const boot = bootstrapBradleyTerry(data, { rounds: ROUNDS, seed: 42 });
const bootMs = ms(t0);

let maxErr = 0;
let covered = 0;
for (const row of boot.rows) {
  const s = truth.get(row.model)!;
  maxErr = Math.max(maxErr, Math.abs(fit.scores.get(row.model)! - s));
  if (row.ciLow <= s && s <= row.ciHigh) covered++;
}
const meanWidth = boot.rows.reduce((x, r) => x + r.ciHigh - r.ciLow, 0) / boot.rows.length;

console.log(`votes ${VOTES}, models ${MODELS}, node ${process.version}`);
console.log(
  `fit (cold, incl. aggregation): ${fitMs.toFixed(1)} ms, ${fit.iterations} Newton iterations, |grad| ${fit.gradientNorm.toExponential(1)}`,
);
console.log(`bootstrap ${ROUNDS} rounds (cold, incl. its own full fit): ${bootMs.toFixed(1)} ms`);
console.log(`fit + bootstrap: ${(fitMs + bootMs).toFixed(1)} ms (budget 2000 ms)`);
console.log(`recovery: max |fitted - true| = ${maxErr.toFixed(2)} points`);
console.log(`95% CI coverage of the true scores: ${covered}/${boot.rows.length}, mean CI width ${meanWidth.toFixed(1)} points`);
console.log(
  "top 5:",
  boot.rows
    .slice(0, 5)
    .map(
      (r) =>
        `${r.model} ${r.score.toFixed(1)} [${r.ciLow.toFixed(1)}, ${r.ciHigh.toFixed(1)}] true ${truth.get(r.model)!.toFixed(1)} UB#${r.rankUB}`,
    ),
);

// One data set says little about coverage: repeat on fresh data sets (fewer rounds to stay quick).
if (REPLICATIONS > 0) {
  const reps = createRng("juxta-leaderboard-coverage");
  let hits = 0;
  let total = 0;
  t0 = performance.now();
  for (let r = 0; r < REPLICATIONS; r++) {
    const truthR = trueScores(reps, MODELS);
    const res = bootstrapBradleyTerry(votes(reps, truthR, VOTES), { rounds: 400, seed: r });
    for (const row of res.rows) {
      const s = truthR.get(row.model)!;
      total++;
      if (row.ciLow <= s && s <= row.ciHigh) hits++;
    }
  }
  console.log(
    `coverage over ${REPLICATIONS} fresh data sets x ${MODELS} models (400 rounds each): ${((100 * hits) / total).toFixed(1)}% (nominal 95%), ${(ms(t0) / 1000).toFixed(1)} s`,
  );
}

// The vote-level bootstrap: "best of four" votes (the winner drawn with probability proportional
// to its strength, Luce's choice rule) give 3 outcomes each. Timed side by side on the same
// outcomes: resampled by vote (group = vote id) and, as before issue 10, outcome by outcome.
if (MULTI_PANE_VOTES > 0) {
  const r4 = createRng("juxta-leaderboard-multi-pane");
  const names = [...truth.keys()];
  const grouped: PairwiseOutcome[] = [];
  for (let v = 0; v < MULTI_PANE_VOTES; v++) {
    const panes: string[] = [];
    while (panes.length < 4) {
      const k = names[Math.floor(r4.next() * names.length)]!;
      if (!panes.includes(k)) panes.push(k);
    }
    const w = panes.map((k) => Math.pow(10, truth.get(k)! / 400));
    let u = r4.next() * w.reduce((x, y) => x + y, 0);
    let win = 0;
    while (u > w[win]!) u -= w[win++]!;
    for (const k of panes) if (k !== panes[win]) grouped.push({ a: panes[win]!, b: k, outcome: "a", group: v });
  }
  const ungrouped = grouped.map(({ group: _group, ...o }) => o);
  const width = (rows: { ciLow: number; ciHigh: number }[]) => rows.reduce((x, r) => x + r.ciHigh - r.ciLow, 0) / rows.length;
  t0 = performance.now();
  const byOutcome = bootstrapBradleyTerry(ungrouped, { rounds: ROUNDS, seed: 42 });
  const outcomeMs = ms(t0);
  t0 = performance.now();
  const byVote = bootstrapBradleyTerry(grouped, { rounds: ROUNDS, seed: 42 });
  const voteMs = ms(t0);
  console.log(
    `multi-pane: ${MULTI_PANE_VOTES} "best of 4" votes = ${grouped.length} outcomes, ${ROUNDS} rounds (cold, incl. the full fit):`,
  );
  console.log(
    `  resampled by outcome (before issue 10): ${outcomeMs.toFixed(1)} ms, mean CI width ${width(byOutcome.rows).toFixed(1)} points`,
  );
  console.log(`  resampled by vote (now):               ${voteMs.toFixed(1)} ms, mean CI width ${width(byVote.rows).toFixed(1)} points`);
}
