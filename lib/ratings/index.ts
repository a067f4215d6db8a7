// Leaderboard statistics: Bradley-Terry scores on the Arena (Elo-like) scale, bootstrap
// confidence intervals, Rank (UB) and head-to-head tables. Pure functions, no framework or database.
export type { PairOutcome, PairwiseOutcome } from "./aggregate";
export {
  BASE,
  DEFAULT_DIVERGENCE_GAP,
  DEFAULT_TOLERANCE,
  INIT_RATING,
  SCALE,
  fitBradleyTerry,
  type BradleyTerryFit,
  type FitOptions,
} from "./bradley-terry";
export {
  DEFAULT_SEED,
  bootstrapBradleyTerry,
  quantile,
  rankUpperBound,
  type BootstrapOptions,
  type BootstrapResult,
  type LeaderboardRow,
} from "./bootstrap";
export { pairwiseMatrices, type PairwiseMatrices } from "./matrices";
export { binomial, createRng, multinomialInto, type Rng, type Seed } from "./random";
