"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { CheckIcon, CopyIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import type { PaneStatus } from "@/lib/compare/events";
import { answerOutcome, type AnswerOutcome } from "@/lib/compare/metrics";
import { formatCount, formatElapsed } from "@/lib/format";
import { writeClipboard } from "@/lib/client/clipboard";

/** Seconds since `since`, ticking while mounted (rendered only on the client: no hydration drift). */
export function Elapsed({ since }: { since: number | null }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = requestAnimationFrame(tick);
    const timer = setInterval(tick, 100);
    return () => {
      cancelAnimationFrame(first);
      clearInterval(timer);
    };
  }, []);
  if (now === null || since === null) return null;
  return <span className="tabular-nums">{formatElapsed(now - since)}</span>;
}

const toneText: Record<AnswerOutcome["tone"], string> = {
  pending: "text-zinc-600 dark:text-zinc-400",
  streaming: "text-indigo-700 dark:text-indigo-300",
  done: "text-emerald-700 dark:text-emerald-400",
  warning: "text-amber-700 dark:text-amber-400",
  error: "text-red-700 dark:text-red-400",
};
const toneDot: Record<AnswerOutcome["tone"], string> = {
  // a running pane shows a spinner instead; an ended one of this tone was skipped (neutral)
  pending: "bg-zinc-400 dark:bg-zinc-500",
  streaming: "",
  done: "bg-emerald-500",
  warning: "bg-amber-500",
  error: "bg-red-500",
};

/**
 * Streaming spinner with a live elapsed timer, or how the answer ended: Done, Filtered, Cut at
 * the token limit, Stopped, Error (lib/compare/metrics.ts answerOutcome). The hover says why.
 */
export function StatusIndicator({
  status,
  finishReason,
  startedAt,
}: {
  status: PaneStatus;
  finishReason?: string | null;
  startedAt: number | null;
}) {
  const running = status === "pending" || status === "streaming";
  const outcome = answerOutcome(status, finishReason);
  return (
    <span
      data-status={status}
      title={outcome.title}
      className={`inline-flex items-center gap-1 text-xs font-medium whitespace-nowrap ${toneText[outcome.tone]}`}
    >
      {running ? <Spinner className="size-3" /> : <span aria-hidden="true" className={`size-2 rounded-full ${toneDot[outcome.tone]}`} />}
      <span>{outcome.label}</span>
      {outcome.title ? <span className="sr-only">: {outcome.title}</span> : null}
      {running ? (
        <span className="font-normal text-zinc-500 dark:text-zinc-400">
          <Elapsed since={startedAt} />
        </span>
      ) : null}
    </span>
  );
}

/**
 * A thin bar under the pane header while it streams: tokens so far (estimated from the text, about
 * 4 characters a token) against the pane's max output tokens, or an indeterminate bar without one.
 */
export function StreamProgress({ label, chars, maxTokens }: { label: string; chars: number; maxTokens: number | undefined }) {
  const estimate = Math.ceil(chars / 4);
  const fraction = maxTokens ? Math.min(1, estimate / maxTokens) : null;
  return (
    <div
      role="progressbar"
      aria-label={`${label} progress`}
      aria-valuemin={0}
      aria-valuemax={maxTokens}
      aria-valuenow={maxTokens ? Math.min(estimate, maxTokens) : undefined}
      aria-valuetext={`about ${formatCount(estimate)} tokens${maxTokens ? ` of ${formatCount(maxTokens)}` : ""}`}
      className="relative h-0.5 w-full overflow-hidden bg-indigo-100 dark:bg-indigo-950"
    >
      {fraction === null ? (
        <div className="juxta-indeterminate absolute inset-y-0 w-1/3 bg-indigo-500" />
      ) : (
        <div
          className="absolute inset-y-0 left-0 bg-indigo-500 transition-[width] duration-300"
          style={{ width: `${Math.max(2, fraction * 100)}%` }}
        />
      )}
    </div>
  );
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 1800);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        aria-label={label}
        disabled={!text}
        onClick={async () => setState((await writeClipboard(text)) ? "copied" : "failed")}
      >
        {state === "copied" ? <CheckIcon className="size-3.5 text-emerald-600" /> : <CopyIcon className="size-3.5" />}
        <span aria-hidden="true">{state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}</span>
      </Button>
      <span className="sr-only" aria-live="polite">
        {state === "copied" ? "Answer copied" : state === "failed" ? "Could not copy the answer" : ""}
      </span>
    </>
  );
}

/** Under a done answer that did not end on its own: why its text ends where it does. */
export function EndedNote({ status, finishReason }: { status: PaneStatus; finishReason: string | null | undefined }) {
  if (status !== "done" || (finishReason !== "content-filter" && finishReason !== "length")) return null;
  return (
    <p className="text-xs text-amber-700 dark:text-amber-400">
      {finishReason === "content-filter"
        ? "Filtered: the provider's content filter stopped this answer here."
        : "Cut at the token limit: the answer reached the max output tokens setting."}
    </p>
  );
}

/** The user's prompt at the top of a turn; long prompts are clamped with a toggle. */
export function PromptBubble({ text, turn }: { text: string; turn: number }) {
  const [open, setOpen] = useState(false);
  const long = text.length > 280 || text.split("\n").length > 4;
  return (
    <div className="rounded-lg bg-zinc-100 px-3 py-2 text-sm text-zinc-800 dark:bg-zinc-800/70 dark:text-zinc-200">
      <p className="sr-only">{turn === 0 ? "Prompt" : `Follow-up ${turn}`}</p>
      <p className={`break-words whitespace-pre-wrap ${long && !open ? "line-clamp-4" : ""}`}>
        {text || <span className="text-zinc-500 italic">(prompt sent from elsewhere; reload to see it)</span>}
      </p>
      {long ? (
        <button
          type="button"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
          className="mt-1 text-xs font-medium text-indigo-700 hover:underline dark:text-indigo-300"
        >
          {open ? "Show less" : "Show all"}
        </button>
      ) : null}
    </div>
  );
}
