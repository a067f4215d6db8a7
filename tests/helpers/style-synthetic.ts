// Synthetic votes with known model strengths and known style coefficients, for the style-control
// tests and bench. Each model has its own style habits (some write longer, some use more lists), so
// style and model are correlated, as on a real board, and a fit that ignores style is biased.
// Outcomes follow the style-control model exactly: P(a wins, ties as half) = sigmoid(theta_a -
// theta_b + sum_f beta_f z_f), z standardised over the generated votes as the fit standardises them.
import { BASE, SCALE, createRng, type Rng } from "@/lib/ratings";
import { normalisedDifference, type StyledOutcome } from "@/lib/ratings/style";
import { STYLE_COVARIATES, type StyleCovariate, type StyleFeatures } from "@/lib/ratings/style-features";

export function normal(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

function poisson(rng: Rng, mean: number): number {
  let k = 0;
  let p = rng.next();
  const limit = Math.exp(-mean);
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

export interface SyntheticOptions {
  seed: string | number;
  votes: number;
  models: number;
  /** true coefficients per covariate (natural log-odds per SD); 0 = no effect */
  coefficients: Record<StyleCovariate, number>;
  /** SD of the true scores, in points; default 100 */
  spread?: number;
  /** share of votes on three panes ("best of 3": two outcomes in one group); default 0 */
  multiPane?: number;
}

export function syntheticStyledVotes(o: SyntheticOptions): { outcomes: StyledOutcome[]; strengths: Map<string, number> } {
  const rng = createRng(o.seed);
  const pointsPerNat = SCALE / Math.log(BASE);
  const names = Array.from({ length: o.models }, (_, i) => `model-${String(i).padStart(2, "0")}`);
  const raw = names.map(() => (o.spread ?? 100) * normal(rng));
  const mean = raw.reduce((x, y) => x + y, 0) / raw.length;
  const strengths = new Map(names.map((n, i) => [n, 1000 + raw[i] - mean]));
  // style habits per model
  const habit = names.map(() => ({
    length: Math.exp(5 + 0.5 * normal(rng)),
    headers: 2 * rng.next(),
    lists: 6 * rng.next(),
    bold: 4 * rng.next(),
  }));
  const answer = (i: number): StyleFeatures => ({
    length: Math.max(1, Math.round(habit[i].length * Math.exp(0.4 * normal(rng)))),
    headers: poisson(rng, habit[i].headers),
    lists: poisson(rng, habit[i].lists),
    bold: poisson(rng, habit[i].bold),
  });

  type Pending = { a: number; b: number; styleA: StyleFeatures; styleB: StyleFeatures; group: number };
  const pending: Pending[] = [];
  for (let v = 0; v < o.votes; v++) {
    const panes = rng.next() < (o.multiPane ?? 0) ? 3 : 2;
    const picked: number[] = [];
    while (picked.length < panes) {
      const i = Math.floor(rng.next() * o.models);
      if (!picked.includes(i)) picked.push(i);
    }
    const styles = picked.map(answer);
    // a best-of-3 vote: pane 0 vs each other pane (the outcomes of one vote stand together)
    for (let p = 1; p < panes; p++) pending.push({ a: picked[0], b: picked[p], styleA: styles[0], styleB: styles[p], group: v });
  }
  // standardise the normalised differences over all outcomes, as the fit does
  const d = pending.map((p) => STYLE_COVARIATES.map((f) => normalisedDifference(p.styleA[f], p.styleB[f])));
  const mu = STYLE_COVARIATES.map((_, q) => d.reduce((s, x) => s + x[q], 0) / d.length);
  const sd = STYLE_COVARIATES.map((_, q) => Math.sqrt(d.reduce((s, x) => s + (x[q] - mu[q]) ** 2, 0) / d.length));

  const outcomes: StyledOutcome[] = pending.map((p, t) => {
    let x = (strengths.get(names[p.a])! - strengths.get(names[p.b])!) / pointsPerNat;
    STYLE_COVARIATES.forEach((f, q) => (x += sd[q] > 0 ? (o.coefficients[f] * (d[t][q] - mu[q])) / sd[q] : 0));
    const s = 1 / (1 + Math.exp(-x));
    const tie = 0.3 * Math.min(s, 1 - s);
    const u = rng.next();
    const outcome = u < s - tie / 2 ? "a" : u < 1 - tie / 2 ? "b" : u < 1 - tie / 4 ? "tie" : "both_bad";
    return { a: names[p.a], b: names[p.b], outcome, group: p.group, styleA: p.styleA, styleB: p.styleB };
  });
  return { outcomes, strengths };
}
