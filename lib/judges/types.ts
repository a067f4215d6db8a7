/**
 * Model judges: the stored shapes (prisma/schema.prisma, migration 20261205010100_judges) and the
 * types the rest of Juxta builds on. Stable: the trust figures (lib/judges/trust.ts) read these.
 *
 * Tables
 * - `JudgeRubric`  a judge's instructions. Built-ins have ids `"pairwise"` and `"single"`
 *   (`builtin: true`, `kind` set); a user's own text is stored once per text (`textHash` = sha256
 *   hex, `kind: null`, usable for either kind). `text` is what the judge is told beside the fixed
 *   output instructions (lib/judges/rubrics.ts).
 * - `JudgePass`    one judging request: `target: "comparison"` ("Ask a judge" on a turn:
 *   `comparisonId`, `turnId`) or `target: "eval"` (a judged pass over an evaluation session:
 *   `evalSessionId`). The judge as it was (`judgeModelId` catalog id, `judgeProvider`,
 *   `judgeLabel`, `judgeLogical` logical model, `judgeMaker` see lib/judges/maker.ts,
 *   `judgeLocation`, `judgePrice`), `rubricId`, `status` (queued | running | cancelled | capped |
 *   completed), and a spend ledger like EvalSession's (`spendCapUsd`, `chargedUsd`, `reservedUsd`).
 * - `Judgement`    one verdict on one target (many per pass):
 *   - `kind: "pairwise"`: a comparison turn's pane pair (`comparisonId`, `turnId`, `paneA` <
 *     `paneB`) or an evaluation item's two answers (`evalSessionId`, `evalItemId`, side a = the
 *     item's answerA). Final `verdict` "a" | "b" | "tie" | "both_bad" in target terms, from both
 *     orders: equal verdicts stand; verdicts that differ become "tie" with `inconsistent: true`.
 *   - `kind: "single"`: one answer graded 1-5 (`grade`): an item's answer (`side` "a" | "b") or a
 *     comparison pane (`paneA`). B-side columns are null.
 *   - the judged models: `modelA`/`modelB` (catalog ids), `logicalA`/`logicalB`, `providerA`/
 *     `providerB`, `makerA`/`makerB`; the judge again (`judgeModelId`, `judgeLogical`,
 *     `judgeMaker`) and `rubricId`, so trust figures need no join to the pass.
 *   - `status` queued | running | done | failed | cancelled; `costUsd` (sum of its calls, null when
 *     none was priced); `errorCode`/`errorMessage` when failed (e.g. `invalid_verdict`).
 *   Only `status: "done"` judgements carry a verdict / grade.
 * - `JudgeCall`    one model call of a judgement (unique per `judgementId` + `order`): `order`
 *   "ab" (side a shown as "Answer 1"), "ba" (side b shown as "Answer 1") or "single"; `rawVerdict`
 *   as the judge answered ("Answer 1" | "Answer 2" | "tie" | "both_bad"), `verdict` in target
 *   terms, `grade`, `reason`, `output` (the structured answer received), the answer fields of
 *   lib/calls/answer-fields.ts (timing, usage, `costUsd`, `responseId`, `requestId`), `attempts`,
 *   `errorCode`/`errorMessage`/`errorStatus`.
 *
 * Judge votes are kept apart from human votes: they are never `Vote`/`VoteOutcome` rows. The
 * leaderboard and the evaluation results read done pairwise judgements only when asked with
 * `source=judge` or `source=all` (lib/judges/outcomes.ts); `source=human` (the default) never does.
 */

/** A pairwise verdict in target terms: "a" = paneA / the item's answerA. */
export type JudgeVerdict = "a" | "b" | "tie" | "both_bad";
export const JUDGE_VERDICTS = ["a", "b", "tie", "both_bad"] as const;

/** A verdict as the judge gives it, over answers labelled neutrally by position. */
export type RawVerdict = "Answer 1" | "Answer 2" | "tie" | "both_bad";
export const RAW_VERDICTS = ["Answer 1", "Answer 2", "tie", "both_bad"] as const;

export type JudgementKind = "pairwise" | "single";
/** "ab": side a shown as Answer 1; "ba": side b shown as Answer 1; "single": one answer graded. */
export type JudgeOrder = "ab" | "ba" | "single";
export type JudgementStatus = "queued" | "running" | "done" | "failed" | "cancelled";
export type JudgePassStatus = "queued" | "running" | "cancelled" | "capped" | "completed";
export type JudgePassTarget = "comparison" | "eval";

/** Where judge votes may come from on boards and results (`source=`; default "human"). */
export type VoteSource = "human" | "judge" | "all";
export const VOTE_SOURCES = ["human", "judge", "all"] as const;

/** Built-in rubric ids. */
export type BuiltinRubricId = "pairwise" | "single";

/** The rubric a request names: a built-in id or a user's own text. */
export type RubricInput = BuiltinRubricId | { text: string };

/** The structured answer a pairwise judge must give (validated against a JSON Schema). */
export type PairwiseJudgeOutput = { verdict: RawVerdict; reason: string };
/** The structured answer a single-answer judge must give. */
export type SingleJudgeOutput = { grade: 1 | 2 | 3 | 4 | 5; reason: string };

/** One call of a judgement as the API returns it. */
export type JudgeCallView = {
  order: JudgeOrder;
  status: JudgementStatus;
  rawVerdict: RawVerdict | null;
  verdict: JudgeVerdict | null;
  grade: number | null;
  reason: string | null;
  costUsd: number | null;
  usage: { inputTokens: number | null; outputTokens: number | null; reasoningTokens: number | null; cachedInputTokens: number | null };
  timing: { ttftMs: number | null; totalMs: number | null };
  requestId: string | null;
  responseId: string | null;
  attempts: number;
  error: { code: string; message: string } | null;
};

/** A judgement as the API returns it. */
export type JudgementView = {
  id: string;
  passId: string;
  kind: JudgementKind;
  judge: { model: string; logicalModel: string; maker: string };
  rubric: { id: string; builtin: boolean; name: string };
  target:
    | { type: "comparison"; comparisonId: string; turn: number; paneA: number; paneB: number | null }
    | { type: "eval"; sessionId: string; itemId: string; side: "a" | "b" | null };
  models: { a: string; b: string | null };
  status: JudgementStatus;
  verdict: JudgeVerdict | null;
  grade: number | null;
  inconsistent: boolean;
  costUsd: number | null;
  error: { code: string; message: string } | null;
  calls: JudgeCallView[];
  createdAt: string;
  finishedAt: string | null;
};

/** A judging pass as the API returns it (progress of an evaluation session's judged pass). */
export type JudgePassView = {
  id: string;
  target: JudgePassTarget;
  status: JudgePassStatus;
  judge: { model: string; label: string; logicalModel: string; maker: string };
  rubric: { id: string; builtin: boolean; name: string };
  progress: { total: number; done: number; failed: number; cancelled: number };
  spend: { capUsd: number | null; chargedUsd: number };
  createdAt: string;
  finishedAt: string | null;
};
