import "server-only";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { createComparisonSchema, followUpSchema, type CreateComparisonInput, type Params } from "@/lib/compare/schema";
import { runTurnsInOrder } from "@/lib/compare/sequence";
import { startComparison, type CompareDeps } from "@/lib/compare/service";
import { getDb } from "@/lib/db";
import { getEnv, type Env } from "@/lib/env";
import { AppError, fromZodError } from "@/lib/errors";
// the evaluation runs' estimate assumptions, so both estimates say the same thing
import { ASSUMED_OUTPUT_TOKENS, CHARS_PER_TOKEN } from "@/lib/evals/run/service";
import { costUsd, findModel, type CatalogModel } from "@/lib/providers";

/** What a re-run needs: a stored comparison or a share snapshot both have it. */
export type Rerunnable = {
  system: string | null;
  params: Params;
  /** `system`: what the pane was sent (absent in share snapshots: the shared one) */
  panes: { index: number; model: { id: string; label: string; providerLabel: string }; params: Params; system?: string | null }[];
  turns: { prompt: string }[];
  /** a blind comparison is re-run blind (with a new random order); unrevealed ones cannot be */
  blind?: boolean;
  revealed?: boolean;
  /** the same tools (with their mocks), step limit and response schema; images are not sent again */
  tools?: unknown[];
  maxSteps?: number | null;
  responseSchema?: unknown;
};

/**
 * The input of a new comparison with the same first prompt, system prompt, models and per-pane
 * parameters (the later prompts follow as turns: `rerunPrompts`). A model that is gone from this server's catalog, or whose provider is no longer
 * configured, stops the re-run with a sentence naming it (rather than quietly dropping a pane).
 */
export function rerunInput(source: Rerunnable, env: Env = getEnv()): CreateComparisonInput {
  const prompt = source.turns[0]?.prompt;
  if (!prompt) throw new AppError("bad_request", "This comparison has no prompt to run again.");
  if (source.revealed === false)
    throw new AppError("conflict", "Vote first: a blind comparison can be re-run once its models are revealed.");
  const panes = [...source.panes].sort((a, b) => a.index - b.index);
  panes.forEach((p, i) => {
    const model = findModel(p.model.id, env);
    if (!model || !model.available)
      throw new AppError(
        "model_unavailable",
        `Cannot re-run: ${p.model.label} (${p.model.providerLabel}) is no longer available on this server. Start a new comparison with the models you have.`,
        `models.${i}`,
      );
  });
  // each pane's stored parameters already include the shared ones
  const parsed = createComparisonSchema.safeParse({
    prompt,
    system: source.system,
    params: Object.keys(source.params).length > 0 ? source.params : undefined,
    models: panes.map((p) => {
      // a pane's own system prompt ("" when it was sent none while the comparison has one)
      const own = p.system !== undefined && p.system !== source.system ? { system: p.system ?? "" } : {};
      const params = Object.keys(p.params).length > 0 ? { params: p.params } : {};
      return Object.keys(own).length + Object.keys(params).length > 0 ? { id: p.model.id, ...own, ...params } : p.model.id;
    }),
    ...(source.blind ? { blind: true } : {}),
    ...(source.tools && source.tools.length > 0 ? { tools: source.tools, ...(source.maxSteps ? { maxSteps: source.maxSteps } : {}) } : {}),
    ...(source.responseSchema ? { responseSchema: source.responseSchema } : {}),
  });
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

/** Every turn's prompt, in order (each checked as a follow-up prompt is). */
export function rerunPrompts(source: Rerunnable): string[] {
  return source.turns.map((t, i) => {
    const parsed = followUpSchema.shape.prompt.safeParse(t.prompt);
    if (!parsed.success)
      throw new AppError("bad_request", `Turn ${i + 1}'s prompt cannot be sent again: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
}

export type RerunEstimate = {
  turns: number;
  /** turns × panes */
  answers: number;
  /** sum over the panes whose model has a known price */
  totalUsd: number;
  /** every pane sets max output tokens, so `totalUsd` is an upper bound ("up to $X") */
  upperBound: boolean;
  /** pane labels without a known price (not in the total); "Model A", ... while blind */
  unknownPrices: string[];
  /** how the numbers were made, in one or two sentences */
  assumption: string;
};

/**
 * What re-running every turn costs at most, with the evaluation runs' rule (lib/evals/run):
 * each turn's input is the system prompt, every prompt so far and every earlier answer, counted at
 * the pane's max output tokens (≈ characters / 4 tokens for the text), and each answer at its max
 * output tokens (or ASSUMED_OUTPUT_TOKENS when the pane sets none), at the model's prices.
 */
export function estimateRerun(source: Rerunnable, env: Env = getEnv()): RerunEstimate {
  rerunInput(source, env); // the same refusals as the re-run itself, before any number is shown
  const prompts = rerunPrompts(source);
  const panes = [...source.panes].sort((a, b) => a.index - b.index);
  const sealed = source.blind === true && source.revealed === false;
  const systemChars = source.system?.length ?? 0;
  let totalUsd = 0;
  let upperBound = true;
  const unknownPrices: string[] = [];
  panes.forEach((p, i) => {
    const model = findModel(p.model.id, env) as CatalogModel;
    const maxOut = p.params.maxOutputTokens;
    if (maxOut === undefined) upperBound = false;
    const outputTokens = maxOut ?? ASSUMED_OUTPUT_TOKENS;
    let chars = systemChars;
    let cost: number | null = 0;
    prompts.forEach((prompt, turn) => {
      chars += prompt.length;
      const inputTokens = Math.ceil(chars / CHARS_PER_TOKEN) + turn * outputTokens;
      const one = costUsd(model, { inputTokens, outputTokens });
      cost = one === null || cost === null ? null : cost + one;
    });
    if (cost === null) unknownPrices.push(sealed ? `Model ${String.fromCharCode(65 + i)}` : p.model.label);
    else totalUsd += cost;
  });
  const assumption =
    `Each turn's input is counted at ${CHARS_PER_TOKEN} characters per token of system prompt and prompts so far, plus every earlier answer at its full length; ` +
    (upperBound
      ? "every answer is counted at its max output tokens, so this is an upper bound."
      : `answers of panes without max output tokens are counted at ${ASSUMED_OUTPUT_TOKENS.toLocaleString("en-US")} tokens (they may be longer).`) +
    (unknownPrices.length ? ` No price is known for ${unknownPrices.join(", ")}: not in the total.` : "");
  return {
    turns: prompts.length,
    answers: prompts.length * panes.length,
    totalUsd: Math.round(totalUsd * 1e12) / 1e12,
    upperBound,
    unknownPrices,
    assumption,
  };
}

/**
 * Starts the re-run, owned by `ownerId`: a new comparison whose turns are the same prompts, sent
 * on the server in order (turn n+1 when every pane of turn n has ended; see lib/compare/sequence.ts),
 * so closing the browser does not stop it. The caller sends the browser to `/c/<id>`, which follows
 * every turn. `finished` resolves when the last turn has ended (or the sequence ended early).
 */
export function rerunComparison(
  source: Rerunnable,
  { ownerId }: { ownerId: string },
  deps: CompareDeps = {},
): { id: string; turns: number; finished: Promise<void> } {
  const env = deps.env ?? getEnv();
  const prompts = rerunPrompts(source);
  const { id, run } = startComparison(rerunInput(source, env), { ownerId }, { ...deps, env });
  // the new comparison is personal and `ownerId`'s: their access, checked once its row is stored
  const authorize = () => authorizeComparisonOrThrow(id, { id: ownerId, local: false }, "write", deps.db ?? getDb());
  const finished = runTurnsInOrder({ first: run, prompts, authorize, deps: { ...deps, env } });
  return { id, turns: prompts.length, finished };
}
