// The limits' hooks for comparisons: what a turn may cost at most, and settling each pane when it ends.
import "server-only";
import type { ModelMessage } from "ai";
import type { Viewer } from "@/lib/auth/viewer";
import type { LivePane } from "@/lib/compare/hub";
import { effectiveSystem, mergeParams } from "@/lib/compare/params";
import type { CreateComparisonInput, Params } from "@/lib/compare/schema";
import { resolveModels } from "@/lib/compare/service";
import { DEFAULT_MAX_STEPS } from "@/lib/compare/tools-schema";
import { getEnv } from "@/lib/env";
import type { CatalogModel } from "@/lib/providers";
import { admit, settlePersonSpend, worstCaseOfCall, type LimitDeps, type SpendHold, type Spender } from "./index";

/** The spender of a request: the viewer, the token they came with, the team the work is for. */
export function spenderOf(viewer: Pick<Viewer, "id"> & { tokenId?: string | null }, teamId?: string | null): Spender {
  return { userId: viewer.id, tokenId: viewer.tokenId ?? null, teamId: teamId ?? null };
}

export type PaneCost = { model: CatalogModel; params: Params; system: string | null; messages: ModelMessage[]; maxSteps: number | null };

/** Admits a turn of these panes: the request counts, and their worst case and panes are reserved (429 if over). */
export function admitPanes(spender: Spender, panes: PaneCost[], deps: LimitDeps = {}): Promise<SpendHold> {
  const usd = panes.reduce((s, p) => s + worstCaseOfCall(p.model, p.params, p.system, p.messages, p.maxSteps), 0);
  return admit(spender, { usd, panes: panes.length }, deps);
}

/** Admits a new comparison (before `startComparison`, which takes the hold in its deps). */
export function admitComparison(input: CreateComparisonInput, spender: Spender, deps: LimitDeps = {}): Promise<SpendHold> {
  const env = deps.env ?? getEnv();
  const shared = mergeParams(input.params, undefined);
  const system = input.system?.trim() ? input.system : null;
  const messages: ModelMessage[] = [{ role: "user", content: input.prompt }];
  const maxSteps = input.tools?.length ? (input.maxSteps ?? DEFAULT_MAX_STEPS) : null;
  const panes = resolveModels(input.models, env).map(({ model, params, system: own }) => ({
    model,
    params: mergeParams(shared, params),
    system: effectiveSystem(own, system),
    messages,
    maxSteps,
  }));
  return admitPanes(spender, panes, { ...deps, env });
}

/**
 * Settles a turn's hold pane by pane: when each pane ends, its share of the reservation (an even
 * split) is released, its pane slot freed and its cost charged.
 */
export function settleWhenPanesEnd(hold: SpendHold | undefined, panes: LivePane[], deps: LimitDeps = {}): void {
  if (!hold || hold.subjects.length === 0 || panes.length === 0) return;
  const share = hold.reservedUsd / panes.length;
  for (const live of panes)
    void live.finished.then(() => settlePersonSpend(hold, { costUsd: live.metrics.costUsd, reservedUsd: share, panes: 1 }, deps));
}

/** Gives a whole hold back (the turn did not start after all). */
export function releaseHold(hold: SpendHold | undefined, deps: LimitDeps = {}): Promise<void> {
  return hold ? settlePersonSpend(hold, { costUsd: 0 }, deps) : Promise.resolve();
}
