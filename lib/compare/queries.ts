// Reading, listing, renaming and deleting stored comparisons. One comparison is read or changed
// through the `ComparisonAccess` of a check (./access.ts), whose permission is asserted here.
import "server-only";
import { getDb } from "@/lib/db";
import { getEnv, type Env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { findModel, providerDisplayName, type ProviderId } from "@/lib/providers";
import type { AnswerMetrics, PaneStatus } from "./events";
import type { Viewer } from "@/lib/auth/viewer";
import { assertComparison, type ComparisonAccess } from "./access";
import { blindLabel, sealedError, sealedMetrics, sealedSkipReason } from "./blind";
import { imageViews } from "./image-urls";
import type { ImageView, JsonValue, SkipReason, StructuredCheck, ToolCallRecord, ToolDef } from "./tools-schema";
import { listScope } from "./history";
import { notDeleted } from "./deleted";
import { runs } from "./hub";
import { queuedTurns } from "./sequence";
import { tokensPerSecond } from "./metrics";
import { effectiveSystem } from "./params";
import { toolSettingsOf } from "./turn-inputs";
import type { Params } from "./schema";

export type AnswerView = {
  pane: number;
  status: PaneStatus;
  text: string;
  reasoning: string;
  error: { code: string; message: string; statusCode: number | null } | null;
  metrics: AnswerMetrics;
  responseId: string | null;
  requestId: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** tool calls in order (lib/compare/tools-schema.ts ToolCallRecord); [] without tools */
  toolCalls: ToolCallRecord[];
  /** the answer validated against the comparison's response schema; null: no schema, or not finished */
  structured: StructuredCheck;
  /** set when status is "skipped": why the pane did not run */
  skipReason: SkipReason | null;
};

export type PaneView = {
  index: number;
  model: {
    id: string;
    provider: string;
    providerLabel: string;
    label: string;
    logicalModel: string;
    location: string | null;
    emulated: boolean;
  };
  /** effective parameters: the comparison's, with this pane's own in their place */
  params: Params;
  /** the system prompt this pane is sent (its own, or the comparison's); null: none */
  system: string | null;
  /** USD per 1M tokens as used for this pane's costs (kept with the comparison) */
  price: { input: number; cachedInput?: number; output: number; source: string } | null;
};

export type ComparisonView = {
  id: string;
  title: string;
  /** models were shuffled into panes; while `revealed` is false the panes are "Model A", ... */
  blind: boolean;
  revealed: boolean;
  system: string | null;
  params: Params;
  createdAt: string;
  updatedAt: string;
  panes: PaneView[];
  /** tools every pane is offered ([] for none), the step limit (null without tools), the response schema (null for none) */
  tools: ToolDef[];
  maxSteps: number | null;
  responseSchema: Record<string, JsonValue> | null;
  turns: { index: number; prompt: string; createdAt: string; images: ImageView[]; answers: AnswerView[] }[];
  /** a re-run still sending its turns in order on this server: how many turns are still to start */
  queuedTurns?: number;
};

/**
 * An answer left "streaming" this long with no live run here, naming no instance (stored before
 * instance heartbeats), was cut off by a restart. Answers that name their instance are marked
 * interrupted by the sweeper of every instance when that one stops heartbeating (lib/live/instances.ts).
 */
const STALE_MS = 120_000;

type Deps = { db?: PrismaClient; env?: Env };

/** The comparison as its (checked) reader sees it; null once it has been deleted. */
export async function getComparisonById(access: ComparisonAccess, deps: Deps = {}): Promise<ComparisonView | null> {
  const { id } = assertComparison(access, "read");
  const db = deps.db ?? getDb();
  const env = deps.env ?? getEnv();
  // a comparison started a moment ago in this process: wait for its rows
  await runs.get(id)?.stored.catch(() => undefined);
  const c = await db.comparison.findUnique({
    where: { id, ...notDeleted },
    include: {
      panes: { orderBy: { index: "asc" } },
      turns: {
        orderBy: { index: "asc" },
        include: { answers: true, images: { orderBy: { index: "asc" }, select: { id: true, mediaType: true, size: true } } },
      },
    },
  });
  if (!c) return null;
  const settings = toolSettingsOf(c);
  const paneIndexById = new Map(c.panes.map((p) => [p.id, p.index]));
  const liveHere = runs.get(id);

  const interrupted: string[] = [];
  const queued = queuedTurns(id);
  const view: ComparisonView = {
    ...(queued > 0 ? { queuedTurns: queued } : {}),
    id: c.id,
    title: c.title,
    blind: c.blind,
    revealed: !c.blind || c.revealedAt !== null,
    system: c.system,
    params: (c.params ?? {}) as Params,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    panes: c.panes.map((p) => {
      const catalog = findModel(p.modelId, env);
      return {
        index: p.index,
        model: {
          id: p.modelId,
          provider: p.provider,
          providerLabel: catalog?.providerLabel ?? providerDisplayName(p.provider as ProviderId),
          label: p.modelLabel,
          logicalModel: p.logicalModel,
          location: p.location,
          emulated: catalog?.emulated ?? false,
        },
        params: (p.params ?? {}) as Params,
        system: effectiveSystem(p.system, c.system),
        price: (p.price as PaneView["price"]) ?? null,
      };
    }),
    tools: settings.tools,
    maxSteps: settings.maxSteps,
    responseSchema: settings.responseSchema,
    turns: c.turns.map((t) => ({
      index: t.index,
      prompt: t.prompt,
      createdAt: t.createdAt.toISOString(),
      images: imageViews(c.id, t.images),
      answers: t.answers
        .map((a): AnswerView => {
          let status = a.status as PaneStatus;
          let error = a.errorMessage ? { code: a.errorCode ?? "error", message: a.errorMessage, statusCode: a.errorStatus } : null;
          const pane = paneIndexById.get(a.paneId) ?? 0;
          const running = status === "pending" || status === "streaming";
          if (running && a.instanceId === null && !liveHere?.panes.get(pane) && Date.now() - a.updatedAt.getTime() > STALE_MS) {
            status = "error";
            error = { code: "interrupted", message: "Interrupted: the server stopped before this answer finished.", statusCode: null };
            interrupted.push(a.id);
          }
          return {
            pane,
            status,
            text: a.text,
            reasoning: a.reasoning,
            error,
            metrics: {
              setupMs: a.setupMs,
              responseHeadersMs: a.responseHeadersMs,
              headersToFirstTokenMs: a.headersToFirstTokenMs,
              ttftMs: a.ttftMs,
              totalMs: a.totalMs,
              inputTokens: a.inputTokens,
              cachedInputTokens: a.cachedInputTokens,
              outputTokens: a.outputTokens,
              reasoningTokens: a.reasoningTokens,
              outputTokensPerSecond: tokensPerSecond(a.outputTokens, a.ttftMs, a.totalMs),
              costUsd: a.costUsd == null ? null : Number(a.costUsd),
              usageEstimated: a.usageEstimated,
              finishReason: a.finishReason,
              attempts: a.attempts,
              paramsNotSent: a.paramsNotSent,
              requestedTier: a.requestedTier,
              servedTier: a.servedTier,
            },
            responseId: a.responseId,
            requestId: a.requestId,
            startedAt: a.startedAt.toISOString(),
            finishedAt: a.finishedAt?.toISOString() ?? null,
            toolCalls: Array.isArray(a.toolCalls) ? (a.toolCalls as unknown as ToolCallRecord[]) : [],
            structured: (a.structured as StructuredCheck) ?? null,
            skipReason: (a.skipReason as SkipReason | null) ?? null,
          };
        })
        .sort((x, y) => x.pane - y.pane),
    })),
  };
  if (view.blind && !view.revealed) seal(view);
  if (interrupted.length > 0) {
    await db.answer.updateMany({
      where: { id: { in: interrupted }, status: { in: ["pending", "streaming"] } },
      data: { status: "error", errorCode: "interrupted", errorMessage: "Interrupted: the server stopped before this answer finished." },
    });
  }
  return view;
}

/** Removes, in place, everything that tells the clouds of a blind comparison apart (see blind.ts). */
function seal(view: ComparisonView): void {
  for (const p of view.panes) {
    p.model = { id: "", provider: "", providerLabel: "", label: blindLabel(p.index), logicalModel: "", location: null, emulated: false };
    p.price = null;
    // per-model overrides were chosen with the model names in sight: they would point at the model
    p.params = view.params;
    p.system = view.system;
  }
  for (const t of view.turns)
    for (const a of t.answers) {
      a.reasoning = "";
      a.metrics = sealedMetrics(a.metrics);
      a.error = a.error ? { ...sealedError(a.error), statusCode: a.error.statusCode } : null;
      a.responseId = null;
      a.requestId = null;
      if (a.skipReason) a.skipReason = sealedSkipReason(a.skipReason);
    }
}

export type ComparisonSummary = {
  id: string;
  title: string;
  createdAt: string;
  turns: number;
  blind: boolean;
  /** model labels; "Model A", ... for a blind comparison not yet revealed */
  models: string[];
  /** the team it belongs to; null for a personal comparison */
  team: { id: string; name: string } | null;
};

/**
 * The comparisons one person may read (their own and their teams'), newest first, paged by cursor
 * (the last id of the previous page), optionally searched by prompt text (any turn's prompt, or
 * the title). `team`: only that team's comparisons (404 naming `team` unless the viewer's role
 * there has comparisons:read), or "personal": only the viewer's own ones outside any team.
 */
export async function listComparisons(
  {
    viewer,
    limit = 50,
    cursor,
    q,
    team,
  }: { viewer: Pick<Viewer, "id" | "local">; limit?: number; cursor?: string; q?: string; team?: string },
  deps: Deps = {},
): Promise<{ items: ComparisonSummary[]; nextCursor: string | null }> {
  const db = deps.db ?? getDb();
  const rows = await db.comparison.findMany({
    where: { AND: await listScope(viewer, { team, q }, db) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      title: true,
      createdAt: true,
      blind: true,
      revealedAt: true,
      _count: { select: { turns: true } },
      panes: { select: { modelLabel: true }, orderBy: { index: "asc" } },
      team: { select: { id: true, name: true } },
    },
  });
  const items = rows.slice(0, limit).map((r) => ({
    id: r.id,
    title: r.title,
    createdAt: r.createdAt.toISOString(),
    turns: r._count.turns,
    blind: r.blind,
    models: r.panes.map((p, i) => (r.blind && !r.revealedAt ? blindLabel(i) : p.modelLabel)),
    team: r.team,
  }));
  return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null };
}

export async function renameComparison(access: ComparisonAccess, { title }: { title: string }, deps: Deps = {}): Promise<void> {
  const { id } = assertComparison(access, "write");
  const db = deps.db ?? getDb();
  await db.comparison.update({ where: { id }, data: { title } });
}

/** Deletes a comparison with its turns, answers and share links (cascade); stops its panes first. */
export async function deleteComparison(access: ComparisonAccess, deps: Deps = {}): Promise<void> {
  const { id } = assertComparison(access, "write");
  const db = deps.db ?? getDb();
  const live = runs.get(id);
  if (live) for (const p of live.panes.values()) p.abort.abort();
  await live?.stored.catch(() => undefined);
  await db.comparison.delete({ where: { id } });
  runs.delete(id);
}
