import { z } from "zod";
import { categoryQuerySchema } from "@/lib/categories/schema";
import { formatCount } from "@/lib/format";
import { idSchema } from "@/lib/ids";
import { providerIds } from "@/lib/providers/types";
import type { PairOutcome } from "@/lib/ratings";

export const VOTE_KINDS = ["pairwise", "best", "ranking"] as const;
export type VoteKind = (typeof VOTE_KINDS)[number];
export const OUTCOMES = ["a", "b", "tie", "both_bad"] as const satisfies readonly PairOutcome[];

const paneIndex = z
  .number({ error: "A pane is its index, a whole number from 0." })
  .int("A pane is its index, a whole number from 0.")
  .min(0, "A pane is its index, a whole number from 0.");

/** Reason chips offered with a thumb (stored as these keys). */
export const REASONS = {
  up: ["accurate", "helpful", "clear", "concise", "well_formatted"],
  down: ["inaccurate", "unhelpful", "incomplete", "too_long", "off_topic", "refused", "unsafe", "badly_formatted"],
} as const;
export const ALL_REASONS = [...REASONS.up, ...REASONS.down] as const;
export type Reason = (typeof ALL_REASONS)[number];
export const MAX_COMMENT_CHARS = 2000;

const thumbSchema = z.enum(["up", "down"], { error: 'thumb must be "up" or "down".' }).nullable();
const reasonsSchema = z
  .array(z.enum(ALL_REASONS, { error: `Unknown reason; use ${ALL_REASONS.join(", ")}.` }), { error: "reasons must be a list." })
  .max(ALL_REASONS.length, "Too many reasons.");
const commentSchema = z
  .string({ error: "comment must be text." })
  .max(MAX_COMMENT_CHARS, `A comment is at most ${formatCount(MAX_COMMENT_CHARS)} characters.`);
const turnIndex = z
  .number({ error: "turn must be a turn index (0, 1, ...)." })
  .int("turn must be a whole number.")
  .min(0, "turn must be 0 or more.");

/** Thumbs, reasons and a comment on one pane's answer, given with the vote. */
const feedbackSchema = z
  .object({
    pane: paneIndex,
    thumb: thumbSchema.optional(),
    reasons: reasonsSchema.optional(),
    comment: commentSchema.optional(),
  })
  .strict();
export type Feedback = z.infer<typeof feedbackSchema>;

/**
 * POST /api/v1/comparisons/<id>/votes. Exactly one of `outcome` (two panes: "a" = pane 0),
 * `best` (a pane index) or `ranking` (pane indexes, best first: all panes, or the top k >= 2).
 */
export const voteBodySchema = z
  .object({
    turn: turnIndex.optional(),
    outcome: z.enum(OUTCOMES, { error: 'outcome must be "a", "b", "tie" or "both_bad".' }).optional(),
    best: paneIndex.optional(),
    ranking: z
      .array(paneIndex, { error: "ranking must be a list of pane indexes, best first." })
      .max(64, "ranking lists more panes than a comparison has.")
      .optional(),
    /** per-answer thumbs / reasons / comment, at most one entry per pane */
    feedback: z.array(feedbackSchema, { error: "feedback must be a list of {pane, thumb?, reasons?, comment?}." }).max(64).optional(),
  })
  .strict()
  .refine((b) => new Set(b.feedback?.map((f) => f.pane)).size === (b.feedback?.length ?? 0), {
    message: "feedback lists a pane twice.",
    path: ["feedback"],
  });
export type VoteBody = z.infer<typeof voteBodySchema>;

/**
 * PUT /api/v1/comparisons/<id>/feedback: the caller's feedback on one pane's answer in a turn (the
 * latest unless `turn` is given). Fields left out keep their stored value; `thumb: null`,
 * `reasons: []` and `comment: ""` (or null) clear them. Feedback left with nothing in it is removed.
 */
export const feedbackBodySchema = z
  .object({
    turn: turnIndex.optional(),
    pane: paneIndex,
    thumb: thumbSchema.optional(),
    reasons: reasonsSchema.optional(),
    comment: commentSchema.nullable().optional(),
  })
  .strict();
export type FeedbackBody = z.infer<typeof feedbackBodySchema>;

/** The judgement alone, as stored in Vote.input. */
export type VoteInput = { outcome: PairOutcome } | { best: number } | { ranking: number[] };

export const GROUP_BY = ["model", "deployment"] as const;
export const PROVIDERS = providerIds;
export const MODES = ["blind", "named", "all"] as const;
export const STYLE_MODES = ["none", "control"] as const;
export const MAX_ROUNDS = 5000;
/** Rows with fewer votes than this are `provisional` (GET /api/v1/leaderboard?minBattles=). */
export const DEFAULT_MIN_BATTLES = 10;
export const MAX_MIN_BATTLES = 1000;

const isoDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: "Use an ISO date (2026-11-26) or date-time (2026-11-26T18:00:00Z).",
});

const intString = (field: string) =>
  z
    .string()
    .regex(/^-?\d{1,15}$/, `${field} must be a whole number.`)
    .transform(Number);

const minBattlesMessage = `minBattles must be a whole number from 1 to ${MAX_MIN_BATTLES}.`;
/** ?minBattles= (leaderboard and evaluation results): 1..1000, default 10. */
export const minBattlesSchema = z
  .string()
  .regex(/^\d{1,15}$/, minBattlesMessage)
  .transform(Number)
  .pipe(z.number().min(1, minBattlesMessage).max(MAX_MIN_BATTLES, minBattlesMessage))
  .default(DEFAULT_MIN_BATTLES);

/** ?source= (leaderboard and evaluation results): "human" (default), "judge" or "all"; judge verdicts are never counted otherwise. */
export const sourceSchema = z.enum(["human", "judge", "all"], { error: 'source must be "human", "judge" or "all".' }).default("human");

/** GET /api/v1/leaderboard query string. `to` as a bare date includes that whole day (UTC). */
export const leaderboardQuerySchema = z
  .object({
    groupBy: z.enum(GROUP_BY, { error: 'groupBy must be "model" or "deployment".' }).default("model"),
    mode: z.enum(MODES, { error: 'mode must be "blind", "named" or "all".' }).default("blind"),
    rounds: intString("rounds")
      .pipe(z.number().min(1, `rounds must be between 1 and ${MAX_ROUNDS}.`).max(MAX_ROUNDS, `rounds must be between 1 and ${MAX_ROUNDS}.`))
      .default(1000),
    seed: intString("seed").default(1),
    /** rows whose model took part in fewer votes than this are marked provisional (see README) */
    minBattles: minBattlesSchema,
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** a team's leaderboard: only votes on that team's comparisons (needs comparisons:read in it) */
    team: idSchema("team").optional(),
    /**
     * "control": scores adjusted for answer style (length, markdown headers, lists, bold) as Chatbot
     * Arena's style control does, with the style coefficients (lib/ratings/style.ts); "none": the plain board
     */
    style: z.enum(STYLE_MODES, { error: 'style must be "control" or "none".' }).default("none"),
    /** whose votes: people's (default), model judges' (lib/judges), or both */
    source: sourceSchema,
    /** comma-separated: only battles in which both models run on one of these providers */
    provider: z
      .string()
      .transform((s) => [
        ...new Set(
          s
            .split(",")
            .map((p) => p.trim())
            .filter(Boolean),
        ),
      ])
      .pipe(
        z
          .array(z.enum(PROVIDERS, { error: `provider must be a comma-separated list of ${PROVIDERS.join(", ")}.` }))
          .min(1, "provider is empty."),
      )
      .optional(),
    /** categories (i14-categories): only votes on prompts that have every listed tag (lib/categories/filter.ts) */
    category: categoryQuerySchema,
  })
  .strict()
  .refine((q) => !q.from || !q.to || new Date(q.from).getTime() <= new Date(q.to).getTime(), {
    message: "from must not be after to.",
    path: ["to"],
  });
export type LeaderboardQuery = z.infer<typeof leaderboardQuerySchema>;
