"use client";
// The items side by side: pick a probe item and see each deployment's answers in the same panes as
// a comparison (ThreadPane, so model output is rendered exactly as there: sanitized Markdown, tool
// calls, reasoning), with the checker's result on each answer. K samples show as turns of a pane.
import { useEffect, useId, useMemo, useState } from "react";
import type { AnswerState, TurnState } from "@/components/compare/comparison-state";
import { paneIdentities, ThreadPane } from "@/components/compare/pane";
import type { PaneModel } from "@/components/compare/types";
import { inputClasses } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { callApi } from "@/lib/client/call-server";
import type { AnswerMetrics } from "@/lib/compare/events";
import type { CheckResult, ToolCallRecord } from "@/lib/scorecards/types";

/** One stored call of an item, as the evidence gives it. */
export type ItemCall = {
  deploymentId: string;
  sample: number;
  status: string;
  text: string;
  reasoning: string;
  toolCalls: ToolCallRecord[];
  finishReason: string | null;
  error: { code: string; message: string } | null;
  check: CheckResult | null;
  ttftMs: number | null;
  totalMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  reasoningTokens: number | null;
  costUsd: number | null;
};

export type ItemEvidence = { key: string; family: string; prompt: string; calls: ItemCall[] };

/** A call as GET /api/v1/scorecards/<id>/runs/<runId>/calls gives it (lib/scorecards/calls.ts CallView). */
type CallView = Omit<ItemCall, "error" | "toolCalls" | "check"> & {
  itemKey: string;
  family: string;
  request: unknown;
  toolCalls: unknown;
  check: unknown;
  error: { code: string; message: string | null; httpStatus: number | null } | null;
};

function promptOf(request: unknown): string {
  const r = request as { prompt?: unknown } | null;
  return r && typeof r.prompt === "string" ? r.prompt : "";
}

/** The calls of one item as the panes read them. */
export function evidenceOf(key: string, calls: CallView[]): ItemEvidence {
  return {
    key,
    family: calls[0]?.family ?? "",
    prompt: promptOf(calls.find((c) => c.request)?.request ?? null),
    calls: calls.map((c) => ({
      ...c,
      status: c.status === "failed" ? "error" : c.status,
      toolCalls: Array.isArray(c.toolCalls) ? (c.toolCalls as ToolCallRecord[]) : [],
      check: (c.check as CheckResult | null) ?? null,
      error: c.error ? { code: c.error.code, message: c.error.message ?? "The call failed." } : null,
    })),
  };
}

export type ItemOption = { key: string; family: string; failures?: number };

function metricsOf(c: ItemCall): AnswerMetrics {
  const tps =
    c.outputTokens && c.totalMs && c.ttftMs != null && c.totalMs > c.ttftMs ? c.outputTokens / ((c.totalMs - c.ttftMs) / 1000) : null;
  return {
    setupMs: null,
    responseHeadersMs: null,
    headersToFirstTokenMs: null,
    ttftMs: c.ttftMs,
    totalMs: c.totalMs,
    cachedInputTokens: null,
    inputTokens: c.inputTokens,
    outputTokens: c.outputTokens,
    reasoningTokens: c.reasoningTokens,
    outputTokensPerSecond: tps,
    costUsd: c.costUsd,
    usageEstimated: false,
    finishReason: c.finishReason,
    attempts: 1,
    paramsNotSent: [],
    requestedTier: null,
    servedTier: null,
  };
}

function answerOf(c: ItemCall | undefined): AnswerState {
  if (!c)
    return {
      status: "skipped",
      text: "",
      reasoning: "",
      error: null,
      metrics: metricsOf({
        ttftMs: null,
        totalMs: null,
        inputTokens: null,
        outputTokens: null,
        reasoningTokens: null,
        costUsd: null,
        finishReason: null,
      } as ItemCall),
      startedAt: null,
      toolCalls: [],
      structured: null,
      waiting: null,
      skipReason: null,
    } as AnswerState;
  const status =
    c.status === "done"
      ? "done"
      : c.status === "skipped"
        ? "skipped"
        : c.status === "stopped" || c.status === "cancelled"
          ? "stopped"
          : "error";
  return {
    status,
    text: c.text,
    reasoning: c.reasoning,
    error: status === "error" ? (c.error ?? { code: "error", message: "The call failed." }) : null,
    metrics: metricsOf(c),
    startedAt: null,
    toolCalls: c.toolCalls,
    structured: null,
    waiting: null,
    skipReason: null,
  } as AnswerState;
}

function CheckLine({ call, sample }: { call: ItemCall | undefined; sample: number }) {
  if (!call) return <li className="text-zinc-500">Sample {sample + 1}: not run</li>;
  const check = call.check;
  const pass = check?.pass === true;
  return (
    <li className="flex items-start gap-1.5" data-check={check ? (pass ? "pass" : "fail") : "none"}>
      <span
        className={`shrink-0 rounded px-1.5 py-px text-[11px] font-medium ring-1 ring-inset ${
          !check
            ? "bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700"
            : pass
              ? "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800"
              : "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-300 dark:ring-red-800"
        }`}
      >
        {!check ? "not checked" : pass ? "pass" : "fail"}
      </span>
      <span className="min-w-0 break-words">
        Sample {sample + 1}
        {check ? `: ${check.detail}` : ""}
        {check?.errorClass ? ` (${check.errorClass.replace(/_/g, " ")})` : ""}
      </span>
    </li>
  );
}

export function ItemCompare({
  scorecardId,
  runId,
  items,
  deployments,
}: {
  scorecardId: string;
  runId: string;
  items: ItemOption[];
  deployments: PaneModel[];
}) {
  const id = useId();
  const [key, setKey] = useState(items.find((i) => (i.failures ?? 0) > 0)?.key ?? items[0]?.key ?? "");
  const [loaded, setLoaded] = useState<{ key: string; evidence: ItemEvidence } | { key: string; error: string } | null>(null);
  const [expanded, setExpanded] = useState<number | null>(null);
  const panes = useMemo(() => paneIdentities(deployments), [deployments]);

  useEffect(() => {
    if (!key) return;
    let live = true;
    const url = `/api/v1/scorecards/${encodeURIComponent(scorecardId)}/runs/${encodeURIComponent(runId)}/calls?${new URLSearchParams({ item: key, limit: "500" })}`;
    void callApi<{ calls: CallView[] }>(url, { cache: "no-store" }, "load the item").then((result) => {
      if (live) setLoaded(result.ok ? { key, evidence: evidenceOf(key, result.data.calls) } : { key, error: result.error.message });
    });
    return () => {
      live = false;
    };
  }, [key, runId, scorecardId]);

  const current = loaded?.key === key ? loaded : null;
  const families = [...new Set(items.map((i) => i.family))];
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={`${id}-item`} className="text-sm font-medium">
          Item
        </label>
        <select
          id={`${id}-item`}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          className={`${inputClasses()} h-8 max-w-full min-w-0 px-2 text-sm`}
        >
          {families.map((f) => (
            <optgroup key={f} label={f}>
              {items
                .filter((i) => i.family === f)
                .map((i) => (
                  <option key={i.key} value={i.key}>
                    {i.key}
                    {i.failures ? ` (${i.failures} failed)` : ""}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
        {!current && key ? <Spinner /> : null}
      </div>
      {current && "error" in current ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {current.error}
        </p>
      ) : current ? (
        <ItemPanes evidence={current.evidence} panes={panes} expanded={expanded} onExpand={setExpanded} />
      ) : null}
    </div>
  );
}

function ItemPanes({
  evidence,
  panes,
  expanded,
  onExpand,
}: {
  evidence: ItemEvidence;
  panes: ReturnType<typeof paneIdentities>;
  expanded: number | null;
  onExpand: (i: number | null) => void;
}) {
  const samples = Math.max(1, ...evidence.calls.map((c) => c.sample + 1));
  const find = (deploymentId: string, sample: number) => evidence.calls.find((c) => c.deploymentId === deploymentId && c.sample === sample);
  const turns: TurnState[] = Array.from({ length: samples }, (_, s) => ({
    index: s,
    prompt: s === 0 ? evidence.prompt : `Sample ${s + 1} (the same prompt)`,
    answers: panes.map((p) => answerOf(find(p.model.id, s))),
  }));
  return (
    <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-4">
      {panes.map((pane) => (
        <div key={pane.model.id} className={`flex min-w-0 flex-col gap-2 ${expanded === pane.index ? "col-span-full" : ""}`}>
          <ThreadPane
            pane={pane}
            params={{}}
            turns={turns}
            expanded={expanded === pane.index}
            onToggleExpand={() => onExpand(expanded === pane.index ? null : pane.index)}
            onStop={() => {}}
            onRetry={() => {}}
            busy
          />
          <section
            aria-label={`Checker results of ${pane.name}`}
            className="rounded-lg border border-zinc-200 bg-white px-3 py-2 text-xs dark:border-zinc-800 dark:bg-zinc-900"
          >
            <p className="mb-1 font-medium text-zinc-700 dark:text-zinc-300">Checker</p>
            <ul className="grid gap-1">
              {Array.from({ length: samples }, (_, s) => (
                <CheckLine key={s} call={find(pane.model.id, s)} sample={s} />
              ))}
            </ul>
          </section>
        </div>
      ))}
    </div>
  );
}
