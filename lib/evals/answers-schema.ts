// The answers grid of a session (prompts x models, like promptfoo's viewer): the query of
// GET /api/v1/evals/<id>/answers, the status a cell shows, and the shapes the route returns.
// Pure; shared by the server (lib/evals/answers.ts) and the grid (components/evals/answers-grid*.tsx).
import { z } from "zod";

/**
 * What a cell shows. A done answer the provider's content filter stopped is "filtered", one cut at
 * the token limit (finish "length") is "cut"; a run not started yet has no answers ("not_started").
 */
export const CELL_STATUSES = ["not_started", "queued", "running", "done", "filtered", "cut", "failed", "cancelled"] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];
/** The statuses the `status` filter takes (every cell status but "not_started"). */
export const FILTER_STATUSES = ["queued", "running", "done", "filtered", "cut", "failed", "cancelled"] as const;
export type FilterStatus = (typeof FILTER_STATUSES)[number];

export const CELL_STATUS_LABELS: Record<CellStatus, string> = {
  not_started: "Not run",
  queued: "Queued",
  running: "Running",
  done: "Done",
  filtered: "Filtered",
  cut: "Cut",
  failed: "Error",
  cancelled: "Stopped",
};

/** The finish reasons (AI SDK words) and error code that make a cell "filtered" or "cut". */
export const FILTERED_FINISH = "content-filter";
export const FILTERED_ERROR = "content_filter";
export const CUT_FINISH = "length";

/** The status a stored answer shows (no answer row: the run has not started). */
export function cellStatusOf(a: { status: string; finishReason: string | null; errorCode: string | null } | null | undefined): CellStatus {
  if (!a) return "not_started";
  if (a.status === "done") return a.finishReason === FILTERED_FINISH ? "filtered" : a.finishReason === CUT_FINISH ? "cut" : "done";
  if (a.status === "failed") return a.errorCode === FILTERED_ERROR ? "filtered" : "failed";
  if (a.status === "queued" || a.status === "running" || a.status === "cancelled") return a.status;
  return "failed";
}

export const MAX_ANSWERS_LIMIT = 200;
/** full=true returns whole texts: a few rows at most. */
export const MAX_FULL_LIMIT = 5;
export const MAX_QUERY_CHARS = 200;

/** A comma-separated list (a repeated parameter is joined with "," first); an unknown value is a 400 on the field itself. */
const list = <T extends string>(values: readonly T[], field: string) =>
  z
    .string()
    .max(2000, `${field} is too long.`)
    .transform((s, ctx) => {
      const items = [
        ...new Set(
          s
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean),
        ),
      ];
      const bad = items.filter((x) => !(values as readonly string[]).includes(x));
      if (bad.length)
        ctx.addIssue({
          code: "custom",
          message: `${field} is one or more of ${values.join(", ")} (not ${bad.map((b) => `"${b.slice(0, 40)}"`).join(", ")}).`,
        });
      return items as T[];
    });

const wholeNumber = (field: string, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${field} must be a whole number.`)
    .transform(Number)
    .pipe(z.number().max(max, `${field} must be at most ${max}.`));

/**
 * GET /api/v1/evals/<id>/answers?cursor=&limit=&model=&status=&q=&index=&full=
 * - cursor: from the previous page's `nextCursor` (opaque); limit: prompts per page, 1-200 (default 50)
 * - model: column keys (comma-separated or repeated) to return; default every column
 * - status: cell statuses; a prompt is listed when one of its shown cells has one of them
 * - q: text in the prompt or in a shown answer (case-insensitive)
 * - index: one prompt (0-based); full=true: whole texts instead of previews (needs index)
 */
export const answersQuerySchema = z
  .object({
    cursor: z
      .string()
      .regex(/^\d{1,9}$/, "cursor is not one this endpoint gave; start again without it.")
      .transform(Number)
      .optional(),
    limit: wholeNumber("limit", MAX_ANSWERS_LIMIT).pipe(z.number().min(1, "limit must be at least 1.")).optional(),
    model: z
      .string()
      .max(2000, "model is too long.")
      .transform((s) =>
        s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().min(1).max(300)).max(16, "model lists too many columns."))
      .optional(),
    status: list(FILTER_STATUSES, "status").optional(),
    q: z.string().max(MAX_QUERY_CHARS, `q is at most ${MAX_QUERY_CHARS} characters.`).optional(),
    index: wholeNumber("index", 1_000_000).optional(),
    full: z.enum(["true", "false"], { error: 'full is "true" or "false".' }).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.full === "true" && q.index === undefined)
      ctx.addIssue({ code: "custom", path: ["full"], message: "full=true needs index (one prompt at a time)." });
    if (q.full === "true" && q.limit !== undefined && q.limit > MAX_FULL_LIMIT)
      ctx.addIssue({ code: "custom", path: ["limit"], message: `With full=true, limit is at most ${MAX_FULL_LIMIT}.` });
  })
  // limit: 50 prompts a page, 1 with full=true
  .transform((q) => ({ ...q, limit: q.limit ?? (q.full === "true" ? 1 : 50) }));
export type AnswersQueryInput = z.input<typeof answersQuerySchema>;
export type AnswersQuery = z.output<typeof answersQuerySchema>;

/** A column: a candidate model, or "Model 1..N" in a blind grid (no provider, `key` opaque). */
export type AnswerColumn = { key: string; label: string; provider: string | null; location: string | null };

export type CellMetrics = {
  ttftMs: number | null;
  totalMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  reasoningTokens: number | null;
  costUsd: number | null;
  attempts: number;
};

export type AnswerCell = {
  column: string;
  /** null before the run starts */
  answerId: string | null;
  status: CellStatus;
  /** the start of the answer, whitespace collapsed (normalised and reasoning removed when blind) */
  preview: string;
  /** the answer's length in characters */
  chars: number;
  /** the whole answer (full=true only) */
  text?: string;
  /** the reasoning the provider returned (full=true, not blind) */
  reasoning?: string;
  finishReason: string | null;
  /** a failure in plain words (null when blind: it may name the cloud) */
  error: string | null;
  /** null when blind (timings and cost reveal the cloud) */
  metrics: CellMetrics | null;
};

export type AnswerRow = {
  index: number;
  /** the start of the prompt (the whole prompt with full=true) */
  prompt: string;
  promptChars: number;
  system?: string | null;
  reference?: string | null;
  tags: string[];
  gold: boolean;
  cells: AnswerCell[];
};

export type AnswersPage = {
  session: { id: string; name: string; status: string };
  /** true: the viewer still has items to rate, so the grid hides models, clouds and metrics (as the rating page does) */
  blind: boolean;
  /** every column of the session, in grid order (the filter shows or hides them) */
  columns: AnswerColumn[];
  /** the keys of the columns in `cells`, in order */
  shown: string[];
  rows: AnswerRow[];
  /** prompts matching the filters (all pages) */
  total: number;
  nextCursor: string | null;
};
