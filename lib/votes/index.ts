// Judging: votes on turns and the leaderboard they feed.
export { castVote, listVotes, type FeedbackView, type VoteOutcomeView, type VoteView } from "./service";
export { listFeedback, saveFeedback, type StoredFeedback } from "./feedback";
export { computeLeaderboard, loadOutcomes, type Leaderboard, type LeaderboardEntry } from "./leaderboard";
export { impliedOutcomes, voteInputOf, type ImpliedOutcome } from "./outcomes";
export {
  ALL_REASONS,
  MAX_COMMENT_CHARS,
  REASONS,
  feedbackBodySchema,
  leaderboardQuerySchema,
  voteBodySchema,
  type Feedback,
  type FeedbackBody,
  type Reason,
  type LeaderboardQuery,
  type VoteBody,
  type VoteInput,
  type VoteKind,
} from "./schema";
