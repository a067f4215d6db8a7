import "server-only";
import { createComparisonSchema, type CreateComparisonInput, type Params } from "@/lib/compare/schema";
import { startComparison, type CompareDeps } from "@/lib/compare/service";
import { getEnv, type Env } from "@/lib/env";
import { AppError, fromZodError } from "@/lib/errors";
import { findModel } from "@/lib/providers";

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
};

/**
 * The input of a new comparison with the same first prompt, system prompt, models and per-pane
 * parameters. A model that is gone from this server's catalog, or whose provider is no longer
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
  });
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

/** Starts the re-run, owned by `ownerId`; the caller sends the browser to `/c/<id>`. */
export function rerunComparison(source: Rerunnable, { ownerId }: { ownerId: string }, deps: CompareDeps = {}): { id: string } {
  const env = deps.env ?? getEnv();
  const { id } = startComparison(rerunInput(source, env), { ownerId }, { ...deps, env });
  return { id };
}
