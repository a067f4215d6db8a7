"use client";

import type { ReactNode } from "react";
import { EmulatedBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FieldError, inputClasses } from "@/components/ui/field";
import { AlertIcon, CloseIcon, CollapseIcon, ExpandIcon, RetryIcon, SlidersIcon, StopIcon } from "@/components/ui/icons";
import { paramsNotSent } from "@/lib/compare/capabilities";
import { endedEarly } from "@/lib/compare/metrics";
import { mergeParams, paramPhrases } from "@/lib/compare/params";
import type { Params } from "@/lib/compare/schema";
import { formatContext, formatPricePair } from "@/lib/format";
import { isRunning, type AnswerState, type TurnState } from "./comparison-state";
import type { FieldErrors, ParamKey, ParamsDraft } from "./form-input";
import { Markdown } from "./markdown";
import { MetricsRow } from "./metrics-row";
import { CopyButton, EndedNote, PromptBubble, StatusIndicator, StreamProgress } from "./pane-parts";
import { SkippedNotice, StructuredLine, ToolCalls, TurnImages } from "./tool-calls";
import { draftValues, notSentPhrases, PaneSettingsSummary, priceAtTier } from "./pane-settings";
import { ParamsFields } from "./params-fields";
import { ProviderDot } from "./provider-dot";
import type { PaneModel } from "./types";
import type { FeedbackSaveStatus } from "./use-feedback-save";
import { paneLetter, type FeedbackDraft } from "./vote-draft";
import { AnswerFeedback } from "./vote-panel";

export type PaneIdentity = {
  index: number;
  /** unique among the panes: the model label, with the provider (and a number) when labels repeat */
  name: string;
  /** the region's accessible name: "<model label> · <provider label>" (numbered when repeated) */
  regionLabel: string;
  model: PaneModel;
  /** a blind comparison before the vote: only "Model A", ... is known */
  sealed: boolean;
};

/** Gives every pane a name no other pane has, for regions and for "Stop <name>" / "Retry <name>". */
export function paneIdentities(models: PaneModel[], { sealed = false }: { sealed?: boolean } = {}): PaneIdentity[] {
  if (sealed)
    return models.map((model, index) => ({
      index,
      model,
      name: `Model ${paneLetter(index)}`,
      regionLabel: `Model ${paneLetter(index)}`,
      sealed,
    }));
  const count = (values: string[], v: string) => values.filter((x) => x === v).length;
  const labels = models.map((m) => m.label);
  const regions = models.map((m) => `${m.label} · ${m.providerLabel}`);
  return models.map((model, index) => {
    const region = regions[index]!;
    const repeated = count(regions, region) > 1;
    const name = count(labels, model.label) === 1 ? model.label : repeated ? `${region} #${index + 1}` : region;
    return { index, model, name, regionLabel: repeated ? `${region} #${index + 1}` : region, sealed };
  });
}

function paramsSummary(p: Params): string | null {
  const parts = paramPhrases(p);
  return parts.length > 0 ? parts.join(" · ") : null;
}

function PaneFrame({
  pane,
  expanded,
  onToggleExpand,
  status,
  headerActions,
  actions,
  meta,
  progress,
  invalid,
  letter,
  children,
}: {
  pane: PaneIdentity;
  expanded: boolean;
  onToggleExpand: () => void;
  status?: ReactNode;
  /** beside the status, top right (Stop / Retry) */
  headerActions?: ReactNode;
  /** a row of its own under the title (draft controls) */
  actions?: ReactNode;
  meta?: ReactNode;
  progress?: ReactNode;
  invalid?: boolean;
  /** the pane's letter in votes ("A is better"), shown once a comparison has started */
  letter?: boolean;
  children: ReactNode;
}) {
  const { model } = pane;
  const price = formatPricePair(model.price);
  return (
    <section
      role="region"
      aria-label={pane.regionLabel}
      data-pane={pane.index}
      className={`flex min-w-0 flex-col overflow-hidden rounded-xl border bg-white shadow-sm dark:bg-zinc-900 ${
        invalid ? "border-red-400 dark:border-red-700" : "border-zinc-200 dark:border-zinc-800"
      } ${expanded ? "col-span-full" : ""}`}
    >
      <header className="border-b border-zinc-100 px-3.5 pt-2.5 pb-2 dark:border-zinc-800">
        <div className="flex items-start gap-2">
          <div className="min-w-0 flex-1">
            <h2 className="flex items-center gap-1.5 text-sm font-semibold">
              {letter && !pane.sealed ? (
                <span
                  aria-hidden="true"
                  title={`Answer ${paneLetter(pane.index)} in votes`}
                  className="grid size-4.5 shrink-0 place-items-center rounded bg-zinc-200 text-[10px] font-bold text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200"
                >
                  {paneLetter(pane.index)}
                </span>
              ) : null}
              {pane.sealed ? (
                <span
                  className="grid size-4.5 shrink-0 place-items-center rounded bg-indigo-600 text-[10px] font-bold text-white dark:bg-indigo-500"
                  aria-hidden="true"
                >
                  {paneLetter(pane.index)}
                </span>
              ) : (
                <ProviderDot provider={model.provider} />
              )}
              <span className="truncate" title={pane.sealed ? undefined : model.label}>
                {pane.sealed ? pane.name : model.label}
              </span>
              {!pane.sealed && model.emulated ? <EmulatedBadge /> : null}
            </h2>
            <p className="mt-0.5 truncate text-xs text-zinc-500 dark:text-zinc-400">
              {pane.sealed ? (
                "Blind: the model and its cloud are revealed after you vote"
              ) : (
                <>
                  {model.providerLabel}
                  {model.location ? ` · ${model.location}` : ""}
                  {price ? <span title="USD per 1M input / output tokens"> · {price} per 1M</span> : null}
                </>
              )}
            </p>
          </div>
          <div className="flex shrink-0 items-center gap-1">
            {headerActions}
            <Button
              variant="ghost"
              size="icon"
              aria-label={expanded ? "Collapse" : `Expand ${pane.name}`}
              aria-pressed={expanded}
              onClick={onToggleExpand}
            >
              {expanded ? <CollapseIcon className="size-3.5" /> : <ExpandIcon className="size-3.5" />}
            </Button>
          </div>
        </div>
        {status || meta ? (
          <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-0.5">
            {status}
            {meta}
          </div>
        ) : null}
        {actions ? <div className="mt-1.5 flex flex-wrap items-center gap-1.5">{actions}</div> : null}
      </header>
      {progress}
      <div data-pane-body className="flex min-h-0 flex-1 flex-col gap-3 px-3.5 py-3">
        {children}
      </div>
    </section>
  );
}

/** A pane before the comparison starts: its model, per-pane parameters, change and remove. */
export function DraftPane({
  pane,
  expanded,
  onToggleExpand,
  contextWindow,
  params,
  placeholders,
  onParamChange,
  paramsOpen,
  onToggleParams,
  errors,
  onChangeModel,
  onRemove,
  system = null,
  onSystemChange,
  shared,
  willSkip = [],
}: {
  pane: PaneIdentity;
  expanded: boolean;
  onToggleExpand: () => void;
  contextWindow: number | null;
  params: ParamsDraft;
  placeholders: Partial<Record<ParamKey, string>>;
  onParamChange: (key: ParamKey, text: string, bad: boolean) => void;
  paramsOpen: boolean;
  onToggleParams: () => void;
  errors: FieldErrors;
  onChangeModel: () => void;
  onRemove: () => void;
  /** this pane's own system prompt: null = the shared one, "" = none */
  system?: string | null;
  onSystemChange?: (value: string | null) => void;
  /** the form's shared system prompt and parameters (the defaults this pane overrides) */
  shared?: { params: ParamsDraft; system: string };
  /** why this pane will not run with what the prompt has now (images to a model without image input...) */
  willSkip?: string[];
}) {
  const n = pane.index + 1;
  const modelError = errors[`models.${pane.index}`];
  const systemError = errors[`models.${pane.index}.system`];
  const paramsId = `pane-${pane.index}-params`;
  const overrides = Object.values(params).filter((p) => p.text !== "").length + (system !== null ? 1 : 0);
  const context = formatContext(contextWindow);
  // what this pane will be sent, and what its provider will not take
  const sharedValues = shared ? draftValues(shared.params) : {};
  const effective = mergeParams(sharedValues, draftValues(params));
  const sharedSystem = shared?.system.trim() ? shared.system : null;
  const effectiveSystem = system === null ? sharedSystem : system.trim() ? system : null;
  const skipped = Object.fromEntries(paramsNotSent(pane.model, effective).map((x) => [x.param, x.reason]));
  // the header's price is the one of the service tier this pane is sent
  const priced = { ...pane, model: { ...pane.model, price: priceAtTier(pane.model, pane.model.price, effective) } };
  return (
    <PaneFrame
      pane={priced}
      expanded={expanded}
      onToggleExpand={onToggleExpand}
      invalid={Boolean(modelError || systemError)}
      meta={
        <PaneSettingsSummary
          label={pane.name}
          params={effective}
          shared={sharedValues}
          system={effectiveSystem}
          sharedSystem={sharedSystem}
          notSent={notSentPhrases(pane.model, effective)}
        />
      }
      actions={
        <>
          <Button
            size="sm"
            onClick={onChangeModel}
            aria-label={`Change model for pane ${n}`}
            aria-invalid={modelError ? true : undefined}
            aria-describedby={modelError ? `pane-${pane.index}-model-error` : undefined}
          >
            Change model
          </Button>
          <Button
            size="sm"
            variant={paramsOpen ? "secondary" : "ghost"}
            aria-expanded={paramsOpen}
            aria-controls={paramsId}
            aria-label={`Settings for ${pane.name}${overrides > 0 ? `, ${overrides} of its own` : ""}`}
            onClick={onToggleParams}
          >
            <SlidersIcon className="size-3.5" />
            Settings{overrides > 0 ? ` (${overrides})` : ""}
          </Button>
          <span className="flex-1" />
          <Button size="sm" variant="ghost" aria-label={`Remove pane ${n}`} title={`Remove pane ${n}`} onClick={onRemove}>
            <CloseIcon className="size-3.5" />
            <span aria-hidden="true">Remove</span>
          </Button>
        </>
      }
    >
      {modelError ? <FieldError id={`pane-${pane.index}-model-error`}>{modelError}</FieldError> : null}
      {willSkip.map((why) => (
        <p
          key={why}
          data-will-skip
          className="rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 text-xs text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800/60 dark:text-zinc-300"
        >
          {why}
        </p>
      ))}
      {paramsOpen ? (
        <fieldset id={paramsId} className="min-w-0 rounded-lg border border-zinc-200 px-3 pt-1.5 pb-3 dark:border-zinc-700">
          <legend className="px-1 text-xs font-medium text-zinc-600 dark:text-zinc-300">Settings for {pane.name}</legend>
          <p className="mb-2 text-xs text-zinc-500 dark:text-zinc-400">Empty fields use the shared value.</p>
          {onSystemChange ? (
            <div className="mb-3">
              <label htmlFor={`${paramsId}-system`} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
                System prompt
              </label>
              <textarea
                id={`${paramsId}-system`}
                name={`models.${pane.index}.system`}
                rows={1}
                value={system ?? ""}
                disabled={system === ""}
                onChange={(e) => onSystemChange(e.target.value === "" ? null : e.target.value)}
                placeholder={system === "" ? "No system prompt" : sharedSystem ? "The shared system prompt" : "None (as shared)"}
                aria-invalid={systemError ? true : undefined}
                aria-describedby={systemError ? `${paramsId}-system-error` : undefined}
                className={`${inputClasses(Boolean(systemError))} mt-1 block max-h-[30vh] min-h-8 w-full resize-y px-2 py-1 text-sm field-sizing-content disabled:opacity-60`}
              />
              <label className="mt-1 inline-flex cursor-pointer items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
                <input
                  type="checkbox"
                  checked={system === ""}
                  onChange={(e) => onSystemChange(e.target.checked ? "" : null)}
                  className="size-3.5 accent-indigo-600"
                />
                Send this pane no system prompt
              </label>
              {systemError ? <FieldError id={`${paramsId}-system-error`}>{systemError}</FieldError> : null}
            </div>
          ) : null}
          <ParamsFields
            notSent={skipped}
            idPrefix={paramsId}
            errorPrefix={`models.${pane.index}.params`}
            value={params}
            onChange={onParamChange}
            errors={errors}
            placeholders={placeholders}
            layout="stack"
          />
        </fieldset>
      ) : null}
      <div className="flex flex-1 flex-col items-center justify-center gap-1 rounded-lg border border-dashed border-zinc-200 px-4 py-8 text-center text-xs text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
        <span>The answer streams here.</span>
        {context ? <span>{context} token context window</span> : null}
      </div>
    </PaneFrame>
  );
}

/** A pane of a started comparison: its thread (each prompt, then this model's answer). */
export function ThreadPane({
  pane,
  params,
  turns,
  expanded,
  onToggleExpand,
  onStop,
  onRetry,
  busy,
  feedback,
  feedbackStatus,
  onFeedback,
  settings,
  onToolResult,
}: {
  pane: PaneIdentity;
  params: Params;
  turns: TurnState[];
  /** the comparison's shared parameters and system prompt, and this pane's system prompt: the header shows what differs */
  settings?: { shared: Params; sharedSystem: string | null; system?: string | null };
  expanded: boolean;
  onToggleExpand: () => void;
  onStop: () => void;
  onRetry: () => void;
  busy: boolean;
  /** thumbs / reasons / comment on the latest answer, saved as they are given */
  feedback?: FeedbackDraft;
  feedbackStatus?: FeedbackSaveStatus;
  onFeedback?: (next: FeedbackDraft) => void;
  /** sends a result typed in for a waiting tool call; resolves to an error message or null (absent: read-only) */
  onToolResult?: (turn: number, toolCallId: string, result: unknown) => Promise<string | null>;
}) {
  const last = turns.at(-1);
  const current = last?.answers[pane.index];
  const running = current ? isRunning(current.status) : false;
  const summary = paramsSummary(params);
  // before the vote a blind pane's model is unknown here: what it was not sent would tell it apart
  const notSent = pane.sealed || !current ? [] : notSentPhrases(pane.model, params, running ? null : (current.metrics.paramsNotSent ?? []));
  return (
    <PaneFrame
      pane={pane}
      letter
      expanded={expanded}
      onToggleExpand={onToggleExpand}
      status={
        current ? (
          <StatusIndicator status={current.status} finishReason={current.metrics.finishReason} startedAt={current.startedAt} />
        ) : null
      }
      meta={
        settings ? (
          <PaneSettingsSummary
            label={pane.name}
            params={params}
            shared={settings.shared}
            system={settings.system === undefined ? settings.sharedSystem : settings.system}
            sharedSystem={settings.sharedSystem}
            notSent={notSent}
          />
        ) : summary ? (
          <span className="text-[11px] text-zinc-500 dark:text-zinc-400">{summary}</span>
        ) : null
      }
      headerActions={
        running ? (
          <Button size="sm" variant="secondary" aria-label={`Stop ${pane.name}`} onClick={onStop} disabled={busy}>
            <StopIcon className="size-3.5" />
            Stop
          </Button>
        ) : current && (current.status === "error" || current.status === "stopped") ? (
          <Button size="sm" variant="secondary" aria-label={`Retry ${pane.name}`} onClick={onRetry} disabled={busy}>
            <RetryIcon className="size-3.5" />
            Retry
          </Button>
        ) : null
      }
      progress={
        running && current ? (
          <StreamProgress label={pane.name} chars={current.text.length + current.reasoning.length} maxTokens={params.maxOutputTokens} />
        ) : (
          <div className="h-0.5" />
        )
      }
    >
      {turns.map((turn) => {
        const answer = turn.answers[pane.index];
        if (!answer) return null;
        const latest = turn === last;
        return (
          <div
            key={turn.index}
            data-turn={turn.index}
            className={`flex flex-col gap-2.5 ${latest ? "" : "border-b border-zinc-100 pb-3 dark:border-zinc-800"}`}
          >
            <PromptBubble text={turn.prompt} turn={turn.index} />
            {turn.images && turn.images.length > 0 ? <TurnImages images={turn.images} turn={turn.index} /> : null}
            <Answer
              answer={answer}
              turn={turn.index}
              latest={latest}
              sealed={pane.sealed}
              paneName={pane.name}
              onToolResult={onToolResult ? (id, result) => onToolResult(turn.index, id, result) : undefined}
            />
            {latest && feedback && onFeedback && answer.status !== "skipped" ? (
              <AnswerFeedback paneName={pane.name} pane={pane.index} value={feedback} status={feedbackStatus} onChange={onFeedback} />
            ) : null}
          </div>
        );
      })}
    </PaneFrame>
  );
}

function Answer({
  answer,
  turn,
  latest,
  sealed,
  paneName,
  onToolResult,
}: {
  answer: AnswerState;
  turn: number;
  latest: boolean;
  sealed: boolean;
  paneName: string;
  onToolResult?: (toolCallId: string, result: unknown) => Promise<string | null>;
}) {
  const running = isRunning(answer.status);
  const finished = !running;
  const cut = endedEarly(answer.status, answer.metrics.finishReason);
  if (answer.status === "skipped") return <SkippedNotice reason={answer.skipReason} />;
  return (
    <div className="flex flex-col gap-2">
      {answer.reasoning ? (
        <details className="group rounded-lg border border-zinc-200 text-xs dark:border-zinc-700">
          <summary className="cursor-pointer rounded-lg px-2.5 py-1.5 font-medium text-zinc-600 select-none hover:bg-zinc-50 dark:text-zinc-300 dark:hover:bg-zinc-800">
            Reasoning
          </summary>
          <div className="border-t border-zinc-200 px-2.5 py-2 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
            <Markdown text={answer.reasoning} streaming={running && !answer.text} cut={cut && !answer.text} />
          </div>
        </details>
      ) : null}
      <ToolCalls calls={answer.toolCalls} waiting={answer.waiting} paneName={paneName} onSubmitResult={onToolResult} />
      {answer.text ? (
        <div className="min-w-0 break-words">
          <Markdown text={answer.text} streaming={running} cut={cut} />
        </div>
      ) : running ? (
        answer.waiting ? null : (
          <p className="text-sm text-zinc-500 italic dark:text-zinc-400">
            {answer.status === "pending"
              ? "Waiting for the model…"
              : answer.toolCalls.length > 0
                ? "Waiting for the model's next step…"
                : answer.reasoning
                  ? "Thinking…"
                  : "Waiting for the first token…"}
          </p>
        )
      ) : answer.status === "done" && answer.toolCalls.length === 0 ? (
        <p className="text-sm text-zinc-500 italic dark:text-zinc-400">The model returned an empty answer.</p>
      ) : answer.status === "done" && answer.metrics.finishReason === "tool-calls" ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          The answer ended at a tool call (the step limit, or a tool without a result).
        </p>
      ) : null}
      <StructuredLine check={answer.structured} />
      {answer.error ? (
        <div
          role="alert"
          className="flex items-start gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200"
        >
          <AlertIcon className="mt-0.5 size-4 shrink-0" />
          <p>
            {answer.error.message}
            {answer.text ? (
              <span className="block text-xs text-red-700/80 dark:text-red-300/80">The partial answer above was kept.</span>
            ) : null}
          </p>
        </div>
      ) : null}
      <EndedNote status={answer.status} finishReason={answer.metrics.finishReason} />
      {answer.status === "stopped" ? (
        <p className="text-xs text-amber-700 dark:text-amber-400">
          Stopped{answer.text ? "; the partial answer was kept." : " before any text."}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-2 border-t border-zinc-100 pt-2 dark:border-zinc-800">
        {sealed ? (
          <p className="text-xs text-zinc-500 italic dark:text-zinc-400">Speed, tokens and cost are shown after you vote.</p>
        ) : (
          <MetricsRow metrics={answer.metrics} />
        )}
        {finished && answer.text ? <CopyButton text={answer.text} label={latest ? "Copy answer" : `Copy turn ${turn + 1} answer`} /> : null}
      </div>
    </div>
  );
}
