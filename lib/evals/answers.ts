// The answers grid: a page of prompts with one cell per model (status, preview, metrics), filtered
// by model, status and text, paged by prompt index (keyset, so thousands of cells load a page at
// a time). Takes the `SessionAccess` of a check (evals:read) and asserts it here.
//
// Blinding, as on the rating page: a viewer who may rate (evals:rate) and still has items to
// rate once rating is open (the run finished) sees the grid blind: columns "Model 1..N" in an
// order of their own (not the session's), no provider, no metrics, no error wording (timings,
// costs and provider errors tell the cloud), answers normalised with their reasoning removed.
// Everyone else sees models and metrics, as the results page and the export show them.
import "server-only";
import { createHash } from "node:crypto";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, type SessionAccess } from "./access";
import {
  CUT_FINISH,
  FILTERED_ERROR,
  FILTERED_FINISH,
  cellStatusOf,
  type AnswerCell,
  type AnswerColumn,
  type AnswerRow,
  type AnswersPage,
  type AnswersQuery,
  type FilterStatus,
} from "./answers-schema";
import { isFinal, parseDesign } from "./items";
import { normaliseAnswer, stripReasoning } from "./normalise";
import type { SessionModel } from "./schema";

type Deps = { db?: PrismaClient };

const PREVIEW_CHARS = 280;
const PROMPT_PREVIEW_CHARS = 300;
/** characters read for a preview: enough to skip a reasoning block at the start of most answers */
const PREVIEW_READ = 4000;

/** Does this viewer still have items to rate in this session (so the grid must stay blind)? */
export async function gridIsBlind(access: SessionAccess, deps: Deps = {}): Promise<boolean> {
  if (!access.can.includes("evals:rate")) return false;
  const db = deps.db ?? getDb();
  const s = await db.evalSession.findUnique({ where: { id: access.id }, select: { status: true, design: true, itemsBuiltAt: true } });
  if (!s || !isFinal(s.status)) return false;
  // rating is open but nobody has opened it yet: every item is still ahead of this viewer
  if (!s.itemsBuiltAt) return true;
  const raters = parseDesign(s.design).raters;
  const viewerId = access.viewer.id;
  const open = await db.evalAssignment.count({ where: { sessionId: access.id, raterId: viewerId, ratedAt: null } });
  if (open > 0) return true;
  const available = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "EvalItem" i
    WHERE i."sessionId" = ${access.id} AND i.assigned < ${raters}
      AND NOT EXISTS (SELECT 1 FROM "EvalAssignment" a WHERE a."itemId" = i.id AND a."raterId" = ${viewerId})`;
  return (available[0]?.n ?? 0) > 0;
}

type Column = AnswerColumn & { modelId: string };

/** The grid's columns: the candidates in session order, or blind ones in a per-viewer order. */
function columnsOf(models: SessionModel[], blind: boolean, sessionId: string, viewerId: string): Column[] {
  if (!blind)
    return models.map((m) => ({ key: m.id, modelId: m.id, label: m.label, provider: m.providerLabel, location: m.location ?? null }));
  const order = (id: string) => createHash("sha256").update(`${sessionId}:${viewerId}:${id}`).digest("hex");
  return models
    .map((m) => ({ m, k: order(m.id) }))
    .sort((a, b) => (a.k < b.k ? -1 : 1))
    .map(({ m }, i) => ({ key: `model-${i + 1}`, modelId: m.id, label: `Model ${i + 1}`, provider: null, location: null }));
}

/** Prisma filter: answers having one of these cell statuses. */
function statusFilter(statuses: FilterStatus[]): Prisma.EvalAnswerWhereInput[] {
  const notSpecial = { OR: [{ finishReason: null }, { finishReason: { notIn: [FILTERED_FINISH, CUT_FINISH] } }] };
  const notFilteredError = { OR: [{ errorCode: null }, { errorCode: { not: FILTERED_ERROR } }] };
  return statuses.map((s): Prisma.EvalAnswerWhereInput => {
    switch (s) {
      case "done":
        return { status: "done", ...notSpecial };
      case "filtered":
        return {
          OR: [
            { status: "done", finishReason: FILTERED_FINISH },
            { status: "failed", errorCode: FILTERED_ERROR },
          ],
        };
      case "cut":
        return { status: "done", finishReason: CUT_FINISH };
      case "failed":
        return { status: "failed", ...notFilteredError };
      default:
        return { status: s };
    }
  });
}

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();

/** Markdown marks that read as noise in a one-paragraph preview: emphasis, code ticks and fences, heading #s. */
const plain = (s: string) => s.replace(/```[\w+-]*|`|\*\*|__|~~/g, "").replace(/(^|\n)[ \t]*#{1,6}[ \t]+/g, "$1");

function preview(text: string, max: number, markdown = true): string {
  const t = collapse(markdown ? plain(text) : text);
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
}

type AnswerRowDb = {
  id: string;
  promptId: string;
  modelId: string;
  status: string;
  head: string;
  chars: number;
  finishReason: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: number;
  ttftMs: number | null;
  totalMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  reasoningTokens: number | null;
  costUsd: Prisma.Decimal | string | number | null;
};

/**
 * One page of the grid. The columns are the session's models (blind or not); `query.model`
 * keeps some of them (unknown keys are a 400 naming them); rows are prompts in index order after
 * the cursor, kept when a shown cell has one of `query.status` and when `query.q` is in the prompt
 * or in a shown answer.
 */
export async function listAnswers(access: SessionAccess, query: AnswersQuery, deps: Deps = {}): Promise<AnswersPage> {
  const db = deps.db ?? getDb();
  const { id: sessionId } = assertCan(access, "evals:read");
  const session = await db.evalSession.findUnique({
    where: { id: sessionId },
    select: { id: true, name: true, status: true, models: true },
  });
  if (!session) throw new AppError("not_found", "This evaluation session does not exist.");
  const blind = await gridIsBlind(access, { db });
  const columns = columnsOf(session.models as SessionModel[], blind, sessionId, access.viewer.id);

  let shown = columns;
  if (query.model?.length) {
    const unknown = query.model.filter((k) => !columns.some((c) => c.key === k));
    if (unknown.length)
      throw new AppError(
        "validation",
        `Unknown model column${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")}: use the keys in "columns".`,
        "model",
      );
    shown = columns.filter((c) => query.model!.includes(c.key));
  }
  const modelIds = shown.map((c) => c.modelId);

  const filters: Prisma.EvalPromptWhereInput[] = [];
  if (query.status?.length) filters.push({ answers: { some: { modelId: { in: modelIds }, OR: statusFilter(query.status) } } });
  // LIKE patterns: % and _ in the text are meant literally (Prisma's contains does not escape them)
  const q = query.q?.trim().replace(/[\\%_]/g, "\\$&");
  if (q)
    filters.push({
      OR: [
        { prompt: { contains: q, mode: "insensitive" } },
        { answers: { some: { modelId: { in: modelIds }, text: { contains: q, mode: "insensitive" } } } },
      ],
    });
  const base: Prisma.EvalPromptWhereInput = { sessionId, ...(query.index !== undefined ? { index: query.index } : {}), AND: filters };
  const where: Prisma.EvalPromptWhereInput =
    query.cursor !== undefined ? { ...base, AND: [...filters, { index: { gt: query.cursor } }] } : base;

  const [prompts, total] = await Promise.all([
    db.evalPrompt.findMany({
      where,
      orderBy: { index: "asc" },
      take: query.limit + 1,
      select: { id: true, index: true, tags: true, gold: true },
    }),
    db.evalPrompt.count({ where: base }),
  ]);
  const page = prompts.slice(0, query.limit);
  const more = prompts.length > query.limit;
  const full = query.full === "true";
  const promptIds = page.map((p) => p.id);

  const [texts, answers] =
    promptIds.length === 0 || (modelIds.length === 0 && !full)
      ? [[], []]
      : await Promise.all([
          full
            ? db.evalPrompt.findMany({
                where: { id: { in: promptIds } },
                select: { id: true, prompt: true, system: true, reference: true },
              })
            : db.$queryRaw<{ id: string; prompt: string; chars: number }[]>`
                SELECT id, left(prompt, ${PROMPT_PREVIEW_CHARS + 1}) AS prompt, length(prompt)::int AS chars
                FROM "EvalPrompt" WHERE id IN (${Prisma.join(promptIds)})`,
          modelIds.length === 0
            ? Promise.resolve([] as (AnswerRowDb & { text?: string; reasoning?: string })[])
            : db.$queryRaw<(AnswerRowDb & { text?: string; reasoning?: string })[]>`
                SELECT id, "promptId", "modelId", status::text AS status,
                       ${full ? Prisma.sql`text, reasoning, ` : Prisma.empty}left(text, ${PREVIEW_READ}) AS head, length(text)::int AS chars,
                       "finishReason", "errorCode", "errorMessage", attempts, "ttftMs", "totalMs",
                       "inputTokens", "outputTokens", "reasoningTokens", "costUsd"
                FROM "EvalAnswer"
                WHERE "sessionId" = ${sessionId} AND "promptId" IN (${Prisma.join(promptIds)}) AND "modelId" IN (${Prisma.join(modelIds)})`,
        ]);

  const textOf = new Map(
    (texts as { id: string; prompt: string; chars?: number; system?: string | null; reference?: string | null }[]).map((t) => [t.id, t]),
  );
  const answerOf = new Map(answers.map((a) => [`${a.promptId}\u0000${a.modelId}`, a]));

  const cell = (promptId: string, column: Column): AnswerCell => {
    const a = answerOf.get(`${promptId}\u0000${column.modelId}`);
    const status = cellStatusOf(a ?? null);
    if (!a) return { column: column.key, answerId: null, status, preview: "", chars: 0, finishReason: null, error: null, metrics: null };
    const shownText = (t: string) => (blind ? normaliseAnswer(t) : t);
    const head = blind ? normaliseAnswer(a.head) : stripReasoning(a.head);
    return {
      column: column.key,
      answerId: a.id,
      status,
      preview: preview(head, PREVIEW_CHARS),
      chars: a.chars,
      ...(full ? { text: shownText(a.text ?? "") } : {}),
      ...(full && !blind ? { reasoning: a.reasoning ?? "" } : {}),
      finishReason: blind && status === "failed" ? null : a.finishReason,
      error:
        status === "failed" || status === "filtered" ? (blind ? null : (a.errorMessage ?? (status === "failed" ? "Failed." : null))) : null,
      metrics: blind
        ? null
        : {
            ttftMs: a.ttftMs,
            totalMs: a.totalMs,
            inputTokens: a.inputTokens,
            outputTokens: a.outputTokens,
            reasoningTokens: a.reasoningTokens,
            costUsd: a.costUsd == null ? null : Number(a.costUsd),
            attempts: a.attempts,
          },
    };
  };

  const rows: AnswerRow[] = page.map((p) => {
    const t = textOf.get(p.id);
    const prompt = t?.prompt ?? "";
    return {
      index: p.index,
      prompt: full ? prompt : preview(prompt, PROMPT_PREVIEW_CHARS, false),
      promptChars: t?.chars ?? prompt.length,
      ...(full ? { system: t?.system ?? null, reference: blind ? null : (t?.reference ?? null) } : {}),
      tags: p.tags,
      gold: p.gold,
      cells: shown.map((c) => cell(p.id, c)),
    };
  });

  return {
    session: { id: session.id, name: session.name, status: session.status },
    blind,
    columns: columns.map(({ key, label, provider, location }) => ({ key, label, provider, location })),
    shown: shown.map((c) => c.key),
    rows,
    total,
    nextCursor: more ? String(page.at(-1)!.index) : null,
  };
}
