// The items of a scorecard run for the side-by-side view: the list (key, family, failed calls) and
// one item's calls with their answers and checker results. Reads the stored calls of a run of a
// scorecard the caller was checked for (ScorecardAccess).
import "server-only";
import type { ItemCall, ItemEvidence, ItemOption } from "@/components/scorecards/item-compare";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { ScorecardAccess } from "@/lib/scorecards/access";
import type { CheckResult, ToolCallRecord } from "@/lib/scorecards/types";

const MAX_ITEMS = 1000;

/** The items of a run, in key order, with how many of their calls failed the checker or errored. */
export async function listRunItems(access: ScorecardAccess, runId: string): Promise<ItemOption[]> {
  const db = getDb();
  const rows = await db.scorecardCall.groupBy({
    by: ["itemKey", "family"],
    where: { runId, run: { scorecardId: access.id } },
    _count: { _all: true },
    orderBy: { itemKey: "asc" },
    take: MAX_ITEMS,
  });
  const failed = await db.scorecardCall.groupBy({
    by: ["itemKey"],
    where: { runId, run: { scorecardId: access.id }, OR: [{ pass: false }, { status: "failed" }] },
    _count: { _all: true },
  });
  const failures = new Map(failed.map((f) => [f.itemKey, f._count._all]));
  return rows.map((r) => ({ key: r.itemKey, family: r.family, failures: failures.get(r.itemKey) ?? 0 }));
}

function promptOf(request: unknown): string {
  if (request && typeof request === "object" && "prompt" in request && typeof (request as { prompt: unknown }).prompt === "string")
    return (request as { prompt: string }).prompt;
  return "";
}

/** One item of a run: its prompt and every deployment's calls (all samples). 404 for an unknown item. */
export async function loadRunItem(access: ScorecardAccess, runId: string, itemKey: string): Promise<ItemEvidence> {
  const calls = await getDb().scorecardCall.findMany({
    where: { runId, itemKey, run: { scorecardId: access.id } },
    orderBy: [{ deploymentId: "asc" }, { sample: "asc" }],
  });
  if (calls.length === 0) throw new AppError("not_found", "This item is not in the run.", "item");
  const first = calls[0]!;
  return {
    key: itemKey,
    family: first.family,
    prompt: promptOf(calls.find((c) => c.request)?.request ?? null),
    calls: calls.map(
      (c): ItemCall => ({
        deploymentId: c.deploymentId,
        sample: c.sample,
        status: c.status === "done" ? "done" : c.status === "failed" ? "error" : c.status,
        text: c.text,
        reasoning: c.reasoning,
        toolCalls: (c.toolCalls as ToolCallRecord[] | null) ?? [],
        finishReason: c.finishReason,
        error: c.errorCode || c.errorMessage ? { code: c.errorCode ?? "error", message: c.errorMessage ?? "The call failed." } : null,
        check: (c.check as CheckResult | null) ?? null,
        ttftMs: c.ttftMs,
        totalMs: c.totalMs,
        inputTokens: c.inputTokens,
        outputTokens: c.outputTokens,
        reasoningTokens: c.reasoningTokens,
        costUsd: c.costUsd == null ? null : Number(c.costUsd),
      }),
    ),
  };
}
