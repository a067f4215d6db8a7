// Inter-rater agreement statistics: pure functions, no framework or database.
export {
  coincidenceMatrix,
  differenceMatrix,
  krippendorffAlpha,
  krippendorffAlphaFromRatings,
  type AlphaLevel,
  type AlphaOptions,
  type AlphaResult,
  type CoincidenceMatrix,
} from "./krippendorff";
export {
  cohensKappa,
  pairwiseKappa,
  type KappaInput,
  type KappaOptions,
  type KappaResult,
  type KappaWeights,
  type PairwiseKappa,
} from "./kappa";
export { majorityAgreement, type MajorityAgreement } from "./majority";
export {
  compareValues,
  orderedScale,
  ratingsToMatrix,
  type Cell,
  type Id,
  type NullReason,
  type Rating,
  type RatingValue,
  type ReliabilityMatrix,
} from "./values";
