import "server-only";
import type { ModelMessage } from "ai";
import { getDb } from "@/lib/db";
import { getEnv, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { findModel, missingConfigHint, tierPrice, type CatalogModel } from "@/lib/providers";
import { assertComparison, type ComparisonAccess } from "./access";
import { sentTier } from "./capabilities";
import { shuffled } from "./blind";
import type { CompareEvent } from "./events";
import { ComparisonRun, runs, scheduleCleanup } from "./hub";
import { effectiveSystem, mergeParams, titleFrom } from "./params";
import { untilStored } from "./answer-writer";
import { runPane } from "./run-pane";
import { paramsSchema, type CreateComparisonInput, type Params } from "./schema";
import { emptyAnswerFields } from "@/lib/calls/answer-fields";
import { Prisma } from "@/lib/generated/prisma/client";
import { DEFAULT_MAX_STEPS, type ImageInput, type JsonValue, type ToolResultBody } from "./tools-schema";
import { skipReasonFor, takesImages, toolSettingsOf, userMessage, type ToolSettings, type TurnImageBytes } from "./turn-inputs";
import { ruleTagColumns } from "@/lib/categories/backfill";
import { admitPanes, releaseHold, settleWhenPanesEnd } from "@/lib/limits/compare";
import type { SpendHold, Spender } from "@/lib/limits";
import { getLive } from "@/lib/live";
import { instanceId } from "@/lib/live/instances";
import { attachLive, followLive, sendToolResult, stopEverywhere } from "@/lib/live/runs";
import { log } from "@/lib/observability/log";

/** Images of a new turn: ids, order and bytes, stored with the turn's row. */
function imageRows(images: readonly ImageInput[] | undefined) {
  return (images ?? []).map((image, index) => ({
    id: newId(),
    index,
    mediaType: image.mediaType,
    size: image.size,
    bytes: Buffer.from(image.data, "base64"),
  }));
}

/** Per pane: what it is sent beyond its messages (tools, step limit, schema), or why it is skipped. */
function paneExtras(model: CatalogModel, settings: ToolSettings, hasImages: boolean) {
  const tools = takesTools(model, settings) ? settings.tools : [];
  return {
    tools,
    maxSteps: settings.tools.length > 0 ? (settings.maxSteps ?? DEFAULT_MAX_STEPS) : null,
    responseSchema: settings.responseSchema,
    skip: skipReasonFor(model, { images: hasImages, tools: settings.tools.length > 0 }),
  };
}

function takesTools(model: CatalogModel, settings: ToolSettings): boolean {
  return settings.tools.length > 0 && skipReasonFor(model, { images: false, tools: true }) === null;
}

export type CompareDeps = {
  db?: PrismaClient;
  env?: Env;
  /** subscribed before any pane starts, so it sees every event from `pane-start` on */
  observe?: (event: CompareEvent) => void;
  /** startComparison: the limits' reservation the caller made (lib/limits/compare.ts admitComparison), settled pane by pane */
  hold?: SpendHold;
  /** addTurn / retryPane: whose limits the turn counts against (none: no limits, internal callers) */
  spender?: Spender;
};

/**
 * Who starts the comparison; it belongs to them, and to `teamId` when given. The caller has
 * checked comparisons:write in that team (`comparisonOwnerOrThrow` in ./access.ts); `input.teamId`
 * itself is never trusted here.
 */
export type Owner = { ownerId: string; teamId?: string | null };

/**
 * Defers `work` (the insert of the rows) until every pane's provider call is under way: Prisma
 * builds its queries synchronously, and doing that first would add its time to every pane's time
 * to first token. Writers wait for the returned promise, so nothing is written before its row
 * exists. `dispatched()` is called by each pane once. The providers are already paid: while the
 * database is away, the insert waits for it to come back (`untilStored`) instead of being lost.
 */
function afterProviderCalls<T>(panes: number, work: () => Promise<T>): { ready: Promise<T>; dispatched: () => void } {
  let waiting = panes;
  let start!: () => void;
  const gate = new Promise<void>((r) => (start = r));
  const ready = gate.then(() => untilStored(work)) as Promise<T>;
  return {
    ready,
    dispatched() {
      waiting -= 1;
      // doStream returns before the HTTP client has written the request; give it a moment
      if (waiting === 0) setTimeout(start, 10);
    },
  };
}

/**
 * Resolves model references against the catalog, naming the field of the first bad one. `system`:
 * the pane's own system prompt ("" = none), undefined when it takes the comparison's.
 */
export function resolveModels(
  refs: CreateComparisonInput["models"],
  env: Env,
): { model: CatalogModel; params?: Params; system?: string }[] {
  return refs.map((ref, i) => {
    const id = typeof ref === "string" ? ref : ref.id;
    const model = findModel(id, env);
    if (!model) throw new AppError("unknown_model", `Unknown model "${id}". GET /api/v1/models lists the models.`, `models.${i}`);
    if (!model.available)
      throw new AppError(
        "model_unavailable",
        `${model.label} (${model.providerLabel}) is not available: ${missingConfigHint(model.provider, env)}`,
        `models.${i}`,
      );
    if (typeof ref === "string") return { model };
    return { model, params: ref.params, ...(typeof ref.system === "string" ? { system: ref.system } : {}) };
  });
}

/** The pane's price: the model's, at the service tier the pane is sent (none: no published price for that tier). */
function priceJson(model: CatalogModel, params: Params) {
  if (!model.price) return undefined;
  const tier = sentTier(model, params);
  const price = tier ? tierPrice(model, model.price, tier) : model.price;
  return price ? { ...price } : undefined;
}

/**
 * Starts a comparison: the provider calls begin at once, in parallel, while the rows are being
 * inserted. Input must already be validated with `createComparisonSchema`; everything that can
 * reject it (unknown or unavailable model) is checked before anything is stored or sent.
 */
export function startComparison(
  input: CreateComparisonInput,
  owner: Owner,
  deps: CompareDeps = {},
): { id: string; turn: number; run: ComparisonRun; detach: () => void } {
  const env = deps.env ?? getEnv();
  const db = deps.db ?? getDb();
  const blind = input.blind ?? false;
  // blind: the order of the panes is the random assignment, stored with the panes
  const resolved = blind ? shuffled(resolveModels(input.models, env)) : resolveModels(input.models, env);
  const shared = mergeParams(input.params, undefined);
  const id = newId();
  const turnId = newId();
  const system = input.system?.trim() ? input.system : null;
  const settings: ToolSettings = {
    tools: input.tools ?? [],
    maxSteps: input.tools?.length ? (input.maxSteps ?? DEFAULT_MAX_STEPS) : null,
    responseSchema: input.responseSchema ?? null,
  };
  const images = imageRows(input.images);
  const me = instanceId();
  const panes = resolved.map(({ model, params, system: own }, index) => ({
    id: newId(),
    answerId: newId(),
    index,
    model,
    params: mergeParams(shared, params),
    // stored only when it differs, so "the comparison's system prompt" stays what it says
    ownSystem: own !== undefined && effectiveSystem(own, null) !== system ? own : null,
    extras: paneExtras(model, settings, images.length > 0),
  }));
  const startedAt = new Date();

  const insert = () =>
    db.comparison.create({
      data: {
        id,
        title: titleFrom(input.prompt),
        ownerId: owner.ownerId,
        teamId: owner.teamId ?? null,
        system,
        params: shared,
        blind,
        tools: settings.tools.length > 0 ? (settings.tools as unknown as JsonValue[]) : Prisma.DbNull,
        maxSteps: settings.maxSteps,
        responseSchema: settings.responseSchema ?? Prisma.DbNull,
        panes: {
          create: panes.map((p) => ({
            id: p.id,
            index: p.index,
            modelId: p.model.id,
            provider: p.model.provider,
            modelLabel: p.model.label,
            logicalModel: p.model.logicalModel,
            location: p.model.location ?? null,
            params: p.params,
            system: p.ownSystem,
            price: priceJson(p.model, p.params),
          })),
        },
        turns: {
          create: [
            {
              id: turnId,
              index: 0,
              prompt: input.prompt,
              ...ruleTagColumns(input.prompt, 0),
              // a pane that runs is stored as streaming with the rows, not by a write of its own
              answers: {
                create: panes.map((p) =>
                  p.extras.skip
                    ? { id: p.answerId, paneId: p.id, instanceId: me }
                    : { id: p.answerId, paneId: p.id, status: "streaming" as const, startedAt, instanceId: me },
                ),
              },
              ...(images.length > 0 ? { images: { create: images } } : {}),
            },
          ],
        },
      },
    });

  const { ready, dispatched } = afterProviderCalls(panes.length, insert);
  ready.catch((error: unknown) => log.error("could not store comparison", { comparisonId: id, error }));

  const run = new ComparisonRun(id, 0);
  run.stored = ready;
  run.ownerId = owner.ownerId;
  run.sealed = blind;
  runs.set(id, run);
  attachLive(run);
  const detach = deps.observe ? run.follow(deps.observe) : () => {};
  const messages: ModelMessage[] = [userMessage(input.prompt, images)];
  for (const p of panes) {
    const live = run.addPane(p.index, 0);
    void runPane({
      ...p.extras,
      run,
      live,
      model: p.model,
      answerId: p.answerId,
      system: effectiveSystem(p.ownSystem, system),
      messages,
      params: p.params,
      db,
      env,
      ready,
      startStored: true,
      onDispatch: dispatched,
      smooth: blind,
    });
  }
  settleWhenPanesEnd(deps.hold, [...run.panes.values()], { db });
  void Promise.all([...run.panes.values()].map((p) => p.finished)).then(() => scheduleCleanup(run));
  return { id, turn: 0, run, detach };
}

/** A blind comparison whose models have not been revealed yet. */
export function isSealed(c: { blind: boolean; revealedAt: Date | null }): boolean {
  return c.blind && c.revealedAt === null;
}

/** Turns with their answers and images (bytes included: a thread sends them again). */
const turnsWithImages = {
  orderBy: { index: "asc" },
  include: { answers: true, images: { orderBy: { index: "asc" }, select: { mediaType: true, bytes: true } } },
} as const;

async function loadForContinuation(db: PrismaClient, id: string) {
  const comparison = await db.comparison.findUnique({
    where: { id },
    include: { panes: { orderBy: { index: "asc" } }, turns: turnsWithImages },
  });
  if (!comparison) throw new AppError("not_found", "This comparison does not exist.");
  const live = runs.get(id);
  if (live?.active) throw new AppError("conflict", "Some panes are still answering: wait for them or stop them first.");
  return comparison;
}

const RUNNING = ["pending", "streaming"] as const;
type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * Runs `work` with the comparison's row locked (SELECT ... FOR UPDATE), after checking that no
 * answer of it is running on any instance: one running turn per comparison, enforced by the
 * database, not by this process's memory. A follow-up and a retry both claim this way, so they
 * are serialized; the one that finds a running answer (or a changed turn) gets 409.
 */
async function claimTurn(
  db: PrismaClient,
  id: string,
  work: (tx: Tx) => Promise<void>,
  { allowRunning = false }: { allowRunning?: boolean } = {},
): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Comparison" WHERE "id" = ${id} FOR UPDATE`;
      if (locked.length === 0) throw new AppError("not_found", "This comparison does not exist.");
      if (!allowRunning) {
        const running = await tx.answer.findFirst({
          where: { status: { in: [...RUNNING] }, turn: { comparisonId: id } },
          select: { id: true },
        });
        if (running) throw new AppError("conflict", "Some panes are still answering: wait for them or stop them first.");
      }
      await work(tx);
    });
  } catch (error) {
    // the turn's index was taken by a follow-up that committed first
    if ((error as { code?: string }).code === "P2002") throw new AppError("conflict", "Another turn was sent meanwhile: reload to see it.");
    throw error;
  }
}

function paneModel(pane: { modelId: string; modelLabel: string }, env: Env, index: number): CatalogModel {
  const model = findModel(pane.modelId, env);
  if (!model) throw new AppError("unknown_model", `The model "${pane.modelId}" is no longer in the catalog.`, `models.${index}`);
  if (!model.available)
    throw new AppError(
      "model_unavailable",
      `${model.label} (${model.providerLabel}) is not available: ${missingConfigHint(model.provider, env)}`,
      `models.${index}`,
    );
  return model;
}

/**
 * The thread one pane has seen: every earlier prompt (with its images, for a model that takes
 * them) and that pane's own answers. Earlier tool calls are not replayed: the answer text is.
 */
function threadFor(
  turns: { index: number; prompt: string; answers: { paneId: string; text: string }[]; images: TurnImageBytes[] }[],
  paneId: string,
  uptoTurn: number,
  withImages: boolean,
): ModelMessage[] {
  const messages: ModelMessage[] = [];
  for (const turn of turns) {
    if (turn.index >= uptoTurn) break;
    messages.push(userMessage(turn.prompt, withImages ? turn.images : []));
    const answer = turn.answers.find((a) => a.paneId === paneId);
    if (answer?.text) messages.push({ role: "assistant", content: answer.text });
  }
  return messages;
}

/** A follow-up turn: goes to every pane, each with its own thread (and the comparison's tools). */
export async function addTurn(
  access: ComparisonAccess,
  prompt: string,
  deps: CompareDeps = {},
  { images: newImages }: { images?: readonly ImageInput[] } = {},
): Promise<{ id: string; turn: number; run: ComparisonRun; detach: () => void }> {
  const env = deps.env ?? getEnv();
  const db = deps.db ?? getDb();
  const { id } = assertComparison(access, "write");
  const comparison = await loadForContinuation(db, id);
  const models = comparison.panes.map((p, i) => paneModel(p, env, i));
  const turnIndex = comparison.turns.length;
  const turnId = newId();
  const answers = comparison.panes.map((p) => ({ id: newId(), paneId: p.id, instanceId: instanceId() }));
  const images = imageRows(newImages);
  const settings = toolSettingsOf(comparison);
  const threads = comparison.panes.map((pane, i) => {
    const withImages = takesImages(models[i]!);
    return [...threadFor(comparison.turns, pane.id, turnIndex, withImages), userMessage(prompt, withImages ? images : [])];
  });
  const hold = deps.spender
    ? await admitPanes(
        deps.spender,
        comparison.panes.map((pane, i) => ({
          model: models[i]!,
          params: paramsSchema.parse(pane.params ?? {}),
          system: effectiveSystem(pane.system, comparison.system),
          messages: threads[i]!,
          maxSteps: settings.maxSteps,
        })),
        { db, env },
      )
    : undefined;
  // The turn is claimed in the database before any provider call: two instances (or two tabs)
  // sending a follow-up at once cannot both run one (the loser gets 409; its spend hold is released).
  await claimTurn(db, id, async (tx) => {
    const latest = await tx.turn.count({ where: { comparisonId: id } });
    if (latest !== turnIndex) throw new AppError("conflict", "Another turn was sent meanwhile: reload to see it.");
    await tx.turn.create({
      data: {
        id: turnId,
        comparisonId: id,
        index: turnIndex,
        prompt,
        ...ruleTagColumns(prompt, turnIndex),
        answers: { create: answers },
        ...(images.length > 0 ? { images: { create: images } } : {}),
      },
    });
  }).catch(async (error: unknown) => {
    await releaseHold(hold, { db });
    throw error;
  });
  const ready = Promise.resolve();
  const dispatched = () => {};
  db.comparison
    .update({ where: { id }, data: { updatedAt: new Date() } })
    .catch((error: unknown) => log.error("could not store turn", { comparisonId: id, error }));

  const run = new ComparisonRun(id, turnIndex);
  run.stored = ready;
  run.ownerId = comparison.ownerId;
  run.sealed = isSealed(comparison);
  runs.set(id, run);
  attachLive(run);
  const detach = deps.observe ? run.follow(deps.observe) : () => {};
  comparison.panes.forEach((pane, i) => {
    const model = models[i]!;
    const messages = threads[i]!;
    const live = run.addPane(pane.index, turnIndex);
    const params = paramsSchema.parse(pane.params ?? {});
    void runPane({
      ...paneExtras(model, settings, images.length > 0),
      run,
      live,
      model: models[i]!,
      answerId: answers[i]!.id,
      system: effectiveSystem(pane.system, comparison.system),
      messages,
      params,
      db,
      env,
      ready,
      onDispatch: dispatched,
      smooth: run.sealed,
    });
  });
  settleWhenPanesEnd(hold, [...run.panes.values()], { db });
  void Promise.all([...run.panes.values()].map((p) => p.finished)).then(() => scheduleCleanup(run));
  return { id, turn: turnIndex, run, detach };
}

/** Runs one pane's answer of the latest turn again (after a failure or a stop). */
export async function retryPane(access: ComparisonAccess, paneIndex: number, deps: CompareDeps = {}): Promise<{ run: ComparisonRun }> {
  const { id } = assertComparison(access, "write");
  const env = deps.env ?? getEnv();
  const db = deps.db ?? getDb();
  const comparison = await db.comparison.findUnique({
    where: { id },
    include: { panes: { orderBy: { index: "asc" } }, turns: turnsWithImages },
  });
  if (!comparison) throw new AppError("not_found", "This comparison does not exist.");
  const pane = comparison.panes.find((p) => p.index === paneIndex);
  if (!pane) throw new AppError("not_found", `This comparison has no pane ${paneIndex}.`, "pane");
  const existing = runs.get(id);
  const current = existing?.panes.get(paneIndex);
  if (current && !current.ended) throw new AppError("conflict", "This pane is still answering.");
  const model = paneModel(pane, env, paneIndex);
  const turn = comparison.turns.at(-1)!;
  const answer = turn.answers.find((a) => a.paneId === pane.id);
  if (!answer) throw new AppError("not_found", "This pane has no answer to retry.");
  const withImages = takesImages(model);
  const messages = [
    ...threadFor(comparison.turns, pane.id, turn.index, withImages),
    userMessage(turn.prompt, withImages ? turn.images : []),
  ];
  const params = paramsSchema.parse(pane.params ?? {});
  const system = effectiveSystem(pane.system, comparison.system);
  const settings = toolSettingsOf(comparison);
  const hold = deps.spender
    ? await admitPanes(deps.spender, [{ model, params, system, messages, maxSteps: settings.maxSteps }], { db, env })
    : undefined;

  const reset = {
    ...emptyAnswerFields(),
    paramsNotSent: [],
    toolCalls: [],
    structured: Prisma.DbNull,
    skipReason: Prisma.DbNull,
    status: "pending" as const,
    finishedAt: null,
    instanceId: instanceId(),
  };
  // Claimed in the database before the provider call: the answer must not be running anywhere
  // (other panes of the turn may be) and its turn must still be the latest.
  await claimTurn(
    db,
    id,
    async (tx) => {
      const later = await tx.turn.count({ where: { comparisonId: id, index: { gt: turn.index } } });
      if (later > 0) throw new AppError("conflict", "A later turn was sent meanwhile: only the latest turn can be retried.");
      const claimed = await tx.answer.updateMany({ where: { id: answer.id, status: { notIn: [...RUNNING] } }, data: reset });
      if (claimed.count === 0) throw new AppError("conflict", "This pane is still answering.");
    },
    { allowRunning: true },
  ).catch(async (error: unknown) => {
    await releaseHold(hold, { db });
    throw error;
  });
  const ready = Promise.resolve();

  // Keep the other panes' live state (if this process has it) so readers still see them.
  const run = existing && existing.turn === turn.index ? existing : new ComparisonRun(id, turn.index);
  run.ownerId = comparison.ownerId;
  run.sealed = isSealed(comparison);
  runs.set(id, run);
  attachLive(run);
  const live = run.addPane(paneIndex, turn.index);
  const extras = paneExtras(model, settings, turn.images.length > 0);
  void runPane({ ...extras, run, live, model, answerId: answer.id, system, messages, params, db, env, ready, smooth: run.sealed });
  settleWhenPanesEnd(hold, [live], { db });
  void live.finished.then(() => scheduleCleanup(run));
  return { run };
}

/**
 * Stop aborts the provider call of one pane, or of every pane, wherever it runs: here directly,
 * on other instances through the live transport (REDIS_URL). Returns how many were stopped.
 */
export async function stopPanes(access: ComparisonAccess, paneIndex?: number, deps: { db?: PrismaClient } = {}): Promise<number> {
  const { id } = assertComparison(access, "write");
  const run = runs.get(id);
  let stopped = 0;
  for (const live of run?.panes.values() ?? []) {
    if (paneIndex !== undefined && live.pane !== paneIndex) continue;
    if (live.status === "pending" || live.status === "streaming") {
      live.abort.abort();
      stopped += 1;
    }
  }
  if (!getLive().crossInstance) return stopped;
  // panes another instance runs (the database names it on each running answer)
  const elsewhere = await (deps.db ?? getDb()).answer.count({
    where: {
      status: { in: [...RUNNING] },
      instanceId: { not: instanceId() },
      turn: { comparisonId: id },
      ...(paneIndex !== undefined ? { pane: { index: paneIndex } } : {}),
    },
  });
  if (elsewhere > 0) stopEverywhere(id, paneIndex);
  return stopped + elsewhere;
}

/**
 * Stops the turn's running panes (wherever they run) and waits until each has ended and its
 * answer is stored (at most `timeoutMs`). For a vote: the answers it judges are final.
 */
export async function stopTurnAndSettle(
  access: ComparisonAccess,
  turn: number,
  { db: given, timeoutMs = 15_000 }: { db?: PrismaClient; timeoutMs?: number } = {},
): Promise<void> {
  const { id } = assertComparison(access, "write");
  const run = runs.get(id);
  if (run && run.turn === turn && run.active) {
    await stopPanes(access, undefined, { db: given });
    await Promise.all([...run.panes.values()].map((p) => p.finished));
  }
  if (!getLive().crossInstance) return;
  const db = given ?? getDb();
  const runningElsewhere = () =>
    db.answer.count({
      where: { status: { in: [...RUNNING] }, instanceId: { not: instanceId() }, turn: { comparisonId: id, index: turn } },
    });
  if ((await runningElsewhere()) === 0) return;
  stopEverywhere(id, undefined);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && (await runningElsewhere()) > 0) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Releases a tool call waiting for a typed-in result (a `manual` mock): the pane's run continues
 * with it, on this instance or (REDIS_URL) the one running the pane. 404 when the turn, pane or
 * call does not exist, 409 when the call exists but is not waiting (it has its result, or timed
 * out, or the pane ended).
 */
export async function submitToolResult(access: ComparisonAccess, body: ToolResultBody): Promise<{ toolCallId: string }> {
  const { id } = assertComparison(access, "write");
  const local = runs.get(id);
  const followed = local ? null : await followLive(id);
  try {
    const run = local ?? followed?.run;
    const noCall = () => new AppError("not_found", `No tool call "${body.toolCallId}" in pane ${body.pane} of this turn.`, "toolCallId");
    if (!run || (body.turn !== undefined && body.turn !== run.turn)) throw noCall();
    const live = run.panes.get(body.pane);
    if (!live || live.turn !== run.turn) throw noCall();
    if (live.waiting?.toolCallId === body.toolCallId) {
      if (local) live.waiting.resolve(body.result as JsonValue);
      else sendToolResult({ id, turn: run.turn, pane: body.pane, toolCallId: body.toolCallId, result: body.result as JsonValue });
      return { toolCallId: body.toolCallId };
    }
    const call = live.toolCalls.find((c) => c.id === body.toolCallId);
    if (!call) throw noCall();
    throw new AppError(
      "conflict",
      `The call "${body.toolCallId}" is not waiting for a result (it has one, or its wait ended).`,
      "toolCallId",
    );
  } finally {
    followed?.release();
  }
}
