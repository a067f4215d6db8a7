// Exporting one person's votes: JSONL (everything), CSV (one row per pairwise outcome) and
// preference pairs for training (prompt, chosen, rejected). Only the caller's own votes, on
// comparisons they own: the files carry prompts and answers from private comparisons.
import "server-only";
import { stringify } from "csv-stringify/sync";
import { chunkStream } from "@/lib/http";
import { csvOptions } from "@/lib/csv/options";
import { z } from "zod";
import type { Viewer } from "@/lib/auth/viewer";
import { readableBy } from "@/lib/compare/access";
import { getDb } from "@/lib/db";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { feedbackByTurn } from "./feedback";
import { votesCreditingMissingAnswer } from "./missing-answer";
import { leaderboardQuerySchema, MODES, type VoteInput, type VoteKind } from "./schema";

export const EXPORT_FORMATS = ["csv", "jsonl", "pairs"] as const;
export type VoteExportFormat = (typeof EXPORT_FORMATS)[number];

const { from, to } = leaderboardQuerySchema.shape;

/** GET /api/v1/votes/export query string. `from` / `to` filter by when the vote was (last) cast; a bare `to` date includes that whole day (UTC). */
export const voteExportQuerySchema = z
  .object({
    format: z.enum(EXPORT_FORMATS, { error: 'format must be "csv", "jsonl" or "pairs".' }).default("jsonl"),
    mode: z.enum(MODES, { error: 'mode must be "blind", "named" or "all".' }).default("all"),
    from,
    to,
  })
  .strict()
  .refine((q) => !q.from || !q.to || new Date(q.from).getTime() <= new Date(q.to).getTime(), {
    message: "from must not be after to.",
    path: ["to"],
  });
export type VoteExportQuery = z.infer<typeof voteExportQuerySchema>;

/** One line of the JSONL export. */
export type ExportedVote = {
  voteId: string;
  comparisonId: string;
  turn: number;
  createdAt: string;
  updatedAt: string;
  blind: boolean;
  kind: VoteKind;
  input: VoteInput;
  prompt: string;
  system: string | null;
  /** each pane's model and its answer on this turn (text and status null: it has no answer) */
  panes: { pane: number; modelId: string; logicalModel: string; provider: string; text: string | null; status: string | null }[];
  outcomes: { paneA: number; paneB: number; modelA: string; modelB: string; logicalA: string; logicalB: string; outcome: string }[];
  feedback: { pane: number; thumb: string | null; reasons: string[]; comment: string | null }[];
  /**
   * The vote makes a pane without an answer win (cast before such votes were refused): kept here,
   * marked, but left out of every statistic and of the preference pairs (lib/votes/missing-answer.ts).
   */
  creditsMissingAnswer: boolean;
};

/** One line of the preference-pairs export. */
export type PreferencePair = {
  prompt: string;
  system: string | null;
  /**
   * Later turns only: the earlier prompts, oldest first. User turns only, because each pane had a
   * thread of its own: the earlier assistant answers differ between the chosen and the rejected
   * side, so no single assistant history is true for both.
   */
  history?: { role: "user"; content: string }[];
  chosen: string;
  rejected: string;
  chosenModel: string;
  rejectedModel: string;
  voteId: string;
};

export const CSV_COLUMNS = [
  "vote_id",
  "comparison_id",
  "turn",
  "voted_at",
  "blind",
  "kind",
  "pane_a",
  "pane_b",
  "model_a",
  "model_b",
  "logical_a",
  "logical_b",
  "outcome",
  "thumb_a",
  "thumb_b",
  "reasons_a",
  "reasons_b",
  "comment_a",
  "comment_b",
  "prompt",
  "credits_missing_answer",
] as const;

const DAY_MS = 86_400_000;
const isDateOnly = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
/** Votes read per query: bounded memory for people with many votes on long answers. */
const BATCH = 200;

const voteSelect = {
  id: true,
  comparisonId: true,
  turnId: true,
  blind: true,
  kind: true,
  input: true,
  createdAt: true,
  updatedAt: true,
  turn: { select: { index: true, prompt: true, answers: { select: { paneId: true, status: true, text: true } } } },
  comparison: {
    select: {
      system: true,
      panes: { orderBy: { index: "asc" }, select: { id: true, index: true, modelId: true, logicalModel: true, provider: true } },
    },
  },
  outcomes: {
    orderBy: [{ paneA: "asc" }, { paneB: "asc" }],
    select: { paneA: true, paneB: true, modelA: true, modelB: true, logicalA: true, logicalB: true, outcome: true },
  },
} satisfies Prisma.VoteSelect;

type VoteRow = Prisma.VoteGetPayload<{ select: typeof voteSelect }>;

function exported(v: VoteRow, feedback: ExportedVote["feedback"], creditsMissingAnswer: boolean): ExportedVote {
  const answerByPane = new Map(v.turn.answers.map((a) => [a.paneId, a]));
  return {
    voteId: v.id,
    comparisonId: v.comparisonId,
    turn: v.turn.index,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
    blind: v.blind,
    kind: v.kind as VoteKind,
    input: v.input as VoteInput,
    prompt: v.turn.prompt,
    system: v.comparison.system,
    panes: v.comparison.panes.map((p) => {
      const answer = answerByPane.get(p.id);
      return {
        pane: p.index,
        modelId: p.modelId,
        logicalModel: p.logicalModel,
        provider: p.provider,
        text: answer?.text ?? null,
        status: answer?.status ?? null,
      };
    }),
    outcomes: v.outcomes,
    feedback,
    creditsMissingAnswer,
  };
}

/** The viewer's votes in the selection, oldest first, a batch at a time. */
async function* voteBatches(
  viewer: Pick<Viewer, "id" | "local">,
  query: VoteExportQuery,
  db: PrismaClient,
): AsyncGenerator<ExportedVote[]> {
  const updatedAt: { gte?: Date; lt?: Date; lte?: Date } = {};
  if (query.from) updatedAt.gte = new Date(query.from);
  if (query.to) {
    if (isDateOnly(query.to)) updatedAt.lt = new Date(new Date(query.to).getTime() + DAY_MS);
    else updatedAt.lte = new Date(query.to);
  }
  const where: Prisma.VoteWhereInput = {
    voterId: viewer.id,
    // a comparison the viewer may still read (their own, or their team's): its text is theirs to take
    comparison: readableBy(viewer),
    ...(query.mode === "all" ? {} : { blind: query.mode === "blind" }),
    ...(query.from || query.to ? { updatedAt } : {}),
  };
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.vote.findMany({
      where,
      select: voteSelect,
      // createdAt does not change when a vote is replaced, so paging stays stable during an export
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (rows.length > 0) {
      const ids = rows.map((r) => r.id);
      const [feedback, crediting] = await Promise.all([
        feedbackByTurn(
          db,
          viewer.id,
          rows.map((r) => r.turnId),
        ),
        votesCreditingMissingAnswer(db, ids),
      ]);
      yield rows.map((r) => exported(r, feedback.get(r.turnId) ?? [], crediting.has(r.id)));
    }
    if (rows.length < BATCH) return;
    cursor = rows.at(-1)!.id;
  }
}

/** The earlier prompts of each voted turn, keyed by vote id (for the pairs' `history`). */
async function historyOf(votes: ExportedVote[], db: PrismaClient): Promise<Map<string, { role: "user"; content: string }[]>> {
  const later = votes.filter((v) => v.turn > 0);
  const out = new Map<string, { role: "user"; content: string }[]>();
  if (later.length === 0) return out;
  const turns = await db.turn.findMany({
    where: { OR: later.map((v) => ({ comparisonId: v.comparisonId, index: { lt: v.turn } })) },
    select: { comparisonId: true, index: true, prompt: true },
    orderBy: { index: "asc" },
  });
  for (const v of later)
    out.set(
      v.voteId,
      turns.filter((t) => t.comparisonId === v.comparisonId && t.index < v.turn).map((t) => ({ role: "user" as const, content: t.prompt })),
    );
  return out;
}

/**
 * One pair per decisive outcome ("a" or "b"); ties and both-bad say nothing about which is better.
 * Pairs where either answer is missing or empty (an error before any text) are left out too: an
 * empty string is not a response to learn from. A vote that credits a missing answer gives none.
 */
export function preferencePairs(v: ExportedVote, history?: { role: "user"; content: string }[]): PreferencePair[] {
  if (v.creditsMissingAnswer) return [];
  const text = new Map(v.panes.map((p) => [p.pane, p.text]));
  const pairs: PreferencePair[] = [];
  for (const o of v.outcomes) {
    if (o.outcome !== "a" && o.outcome !== "b") continue;
    const aWon = o.outcome === "a";
    const chosen = text.get(aWon ? o.paneA : o.paneB);
    const rejected = text.get(aWon ? o.paneB : o.paneA);
    if (!chosen?.trim() || !rejected?.trim()) continue;
    pairs.push({
      prompt: v.prompt,
      system: v.system,
      ...(v.turn > 0 ? { history: history ?? [] } : {}),
      chosen,
      rejected,
      chosenModel: aWon ? o.modelA : o.modelB,
      rejectedModel: aWon ? o.modelB : o.modelA,
      voteId: v.voteId,
    });
  }
  return pairs;
}

/** One CSV record per pairwise outcome, keyed by CSV_COLUMNS. */
export function csvRecords(v: ExportedVote): Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null>[] {
  const feedback = new Map(v.feedback.map((f) => [f.pane, f]));
  return v.outcomes.map((o) => {
    const fa = feedback.get(o.paneA);
    const fb = feedback.get(o.paneB);
    return {
      vote_id: v.voteId,
      comparison_id: v.comparisonId,
      turn: v.turn,
      voted_at: v.updatedAt,
      blind: v.blind,
      kind: v.kind,
      pane_a: o.paneA,
      pane_b: o.paneB,
      model_a: o.modelA,
      model_b: o.modelB,
      logical_a: o.logicalA,
      logical_b: o.logicalB,
      outcome: o.outcome,
      thumb_a: fa?.thumb ?? null,
      thumb_b: fb?.thumb ?? null,
      reasons_a: fa?.reasons.join(";") ?? null,
      reasons_b: fb?.reasons.join(";") ?? null,
      comment_a: fa?.comment ?? null,
      comment_b: fb?.comment ?? null,
      prompt: v.prompt,
      credits_missing_answer: v.creditsMissingAnswer,
    };
  });
}

const csvOpts = csvOptions([...CSV_COLUMNS]);

/** The export body, a chunk per batch of votes; a CSV starts with its header, even when empty. */
async function* exportChunks(viewer: Pick<Viewer, "id" | "local">, query: VoteExportQuery, db: PrismaClient): AsyncGenerator<string> {
  // the header goes out with the first batch, so the first chunk has read from the database
  let header = query.format === "csv" ? stringify([], { ...csvOpts, header: true }) : "";
  for await (const votes of voteBatches(viewer, query, db)) {
    let chunk: string;
    if (query.format === "csv") chunk = stringify(votes.flatMap(csvRecords), csvOpts);
    else if (query.format === "jsonl") chunk = votes.map((v) => `${JSON.stringify(v)}\n`).join("");
    else {
      const history = await historyOf(votes, db);
      chunk = votes
        .flatMap((v) => preferencePairs(v, history.get(v.voteId)))
        .map((p) => `${JSON.stringify(p)}\n`)
        .join("");
    }
    yield header + chunk;
    header = "";
  }
  if (header) yield header;
}

/** "juxta-votes-2026-11-26.csv", "juxta-vote-pairs-2026-11-26.jsonl" (UTC date of the export). */
export function voteExportFilename(format: VoteExportFormat, now = new Date()): string {
  const day = now.toISOString().slice(0, 10);
  return format === "csv" ? `juxta-votes-${day}.csv` : format === "jsonl" ? `juxta-votes-${day}.jsonl` : `juxta-vote-pairs-${day}.jsonl`;
}

/**
 * The download of `viewer`'s votes. Streams a batch at a time; the first batch is read before the
 * response starts, so a failing query is still an error response rather than a cut-off file.
 */
export async function exportVotesResponse(
  args: { viewer: Pick<Viewer, "id" | "local">; query: VoteExportQuery },
  deps: { db?: PrismaClient; now?: Date } = {},
): Promise<Response> {
  const db = deps.db ?? getDb();
  const chunks = exportChunks(args.viewer, args.query, db);
  const body = await chunkStream(chunks);
  return new Response(body, {
    headers: {
      "content-type": args.query.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
      "content-disposition": `attachment; filename="${voteExportFilename(args.query.format, deps.now)}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
