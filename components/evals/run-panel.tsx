"use client";
// The run of an evaluation session: the cost estimate before it starts (per model, with its
// assumption and the spend cap), Run / Pause / Resume / Cancel, and a live progress bar with the
// cost so far and a row per model. Polls GET /api/v1/evals/<id>/progress every second while the
// run is going.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { AlertIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { callApi, sendJson } from "@/lib/client/call-server";
import type { CostEstimate, RunProgress } from "@/lib/evals/run/service";
import { formatCount, formatUsd } from "@/lib/format";
import { RunProgressBar, RunProgressLegend, runProgressText } from "./run-progress-bar";
import { elapsedText } from "./run-clock";

export type RunPanelProps = {
  sessionId: string;
  /** getProgress(sessionId) on the server */
  initialProgress: RunProgress;
  /** estimateCost(sessionId) on the server; fetched here when absent and the run has not started */
  initialEstimate?: CostEstimate | null;
  /** the viewer may start, pause, resume and cancel (team permission evals:run) */
  canRun?: boolean;
  /**
   * The server's clock when it rendered the page (ms). The elapsed time is first rendered from it,
   * on the server and again when the page hydrates, so both print the same text (React error
   * #418 otherwise); the client's own clock takes over once mounted.
   */
  renderedAt: number;
  /** when a paused run was paused (ISO), as the server knows it */
  pausedAt?: string | null;
};

type Action = "run" | "pause" | "resume" | "cancel";
const POLL_MS = { running: 1000, paused: 2000 } as const;

const usd = (n: number | null) => (n == null ? "unknown" : formatUsd(n));

export function RunPanel({
  sessionId,
  initialProgress,
  initialEstimate = null,
  canRun = true,
  renderedAt,
  pausedAt: initialPausedAt = null,
}: RunPanelProps) {
  const router = useRouter();
  const [progress, setProgress] = useState(initialProgress);
  const [estimate, setEstimate] = useState<CostEstimate | null>(initialEstimate);
  const [estimateError, setEstimateError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [now, setNow] = useState(renderedAt);
  const status = progress.status;
  // the moment the run was paused: the server's, or when this page saw it pause
  const [pausedAt, setPausedAt] = useState<string | null>(status === "paused" ? initialPausedAt : null);
  const paused = status === "paused";
  const applyProgress = useCallback((next: RunProgress) => {
    setProgress(next);
    setPausedAt((at) => (next.status === "paused" ? (at ?? new Date().toISOString()) : null));
  }, []);
  const base = `/api/v1/evals/${encodeURIComponent(sessionId)}`;

  // the estimate, when the page did not bring it
  useEffect(() => {
    if (estimate || status !== "draft") return;
    let live = true;
    void callApi<CostEstimate>(`${base}/estimate`, { cache: "no-store" }, "load the estimate").then((result) => {
      if (!live) return;
      if (result.ok) setEstimate(result.data);
      else setEstimateError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [base, estimate, status]);

  // live progress while the run is going (a paused run still finishes the answers under way)
  const polling =
    status === "running" ||
    (status === "paused" && progress.running > 0) ||
    ((status === "cancelled" || status === "capped") && !progress.finishedAt);
  useEffect(() => {
    if (!polling) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      // a missed poll is retried on the next tick
      const result = await callApi<RunProgress>(`${base}/progress`, { cache: "no-store" });
      if (result.ok && live) applyProgress(result.data);
      if (live) timer = setTimeout(tick, status === "paused" ? POLL_MS.paused : POLL_MS.running);
    };
    timer = setTimeout(tick, POLL_MS.running);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [applyProgress, base, polling, status]);

  // the elapsed-time clock (stopped while paused); the first tick right away puts the client's clock in
  useEffect(() => {
    if (!progress.startedAt || progress.finishedAt || paused) return;
    const first = setTimeout(() => setNow(Date.now()), 0);
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, [progress.startedAt, progress.finishedAt, paused]);

  // the page around the panel shows the status too: refresh it when the status changes or the run ends
  const seen = useRef({ status, finishedAt: progress.finishedAt });
  useEffect(() => {
    if (seen.current.status === status && seen.current.finishedAt === progress.finishedAt) return;
    seen.current = { status, finishedAt: progress.finishedAt };
    router.refresh();
  }, [status, progress.finishedAt, router]);

  const act = useCallback(
    async (action: Action) => {
      setBusy(action);
      setError(null);
      const result = await sendJson<RunProgress>(`${base}/${action}`, "POST", {});
      if (result.ok) applyProgress(result.data);
      else setError(result.error.message);
      setBusy(null);
      setConfirming(false);
    },
    [applyProgress, base],
  );

  const started = status !== "draft";
  const canPause = status === "running";
  const canResume = status === "paused";
  const canCancel = status === "running" || status === "paused";
  const clock = elapsedText(progress, paused ? pausedAt : null, now);

  return (
    <section
      aria-labelledby="run-heading"
      className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="run-heading" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
          Answers
        </h2>
        {canRun && (
          <div className="flex flex-wrap items-center gap-2">
            {status === "draft" && (
              <Button variant="primary" onClick={() => act("run")} disabled={busy !== null} aria-describedby="run-cost-note">
                {busy === "run" ? <Spinner /> : null}
                Run {formatCount(progress.total)} answers
              </Button>
            )}
            {canPause && (
              <Button onClick={() => act("pause")} disabled={busy !== null}>
                {busy === "pause" ? <Spinner /> : null}
                Pause
              </Button>
            )}
            {canResume && (
              <Button variant="primary" onClick={() => act("resume")} disabled={busy !== null}>
                {busy === "resume" ? <Spinner /> : null}
                Resume
              </Button>
            )}
            {canCancel && !confirming && (
              <Button variant="danger" onClick={() => setConfirming(true)} disabled={busy !== null}>
                Cancel run…
              </Button>
            )}
          </div>
        )}
      </div>

      {confirming && (
        <CancelConfirm
          remaining={progress.remaining - progress.running}
          busy={busy === "cancel"}
          onConfirm={() => act("cancel")}
          onKeep={() => setConfirming(false)}
        />
      )}
      {error && (
        <p
          role="alert"
          className="mt-3 flex items-start gap-1.5 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          <AlertIcon className="mt-0.5 size-4 shrink-0" />
          {error}
        </p>
      )}

      {!started && <EstimateView estimate={estimate} error={estimateError} spendCapUsd={progress.spendCapUsd} />}

      {started && (
        <div className="mt-4 space-y-3">
          <RunProgressBar counts={progress} label="Answers generated" />
          <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
            <p className="text-zinc-800 dark:text-zinc-200" aria-live="polite">
              {runProgressText(progress)}.
            </p>
            {clock && <p className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">{clock}</p>}
          </div>
          <RunProgressLegend />
          <p className="text-sm text-zinc-700 dark:text-zinc-300">
            Cost so far <strong className="tabular-nums">{usd(progress.costUsd)}</strong>
            {progress.unpricedModels.length > 0 && " (models without a known price not included)"}
            {progress.spendCapUsd != null ? (
              <>
                {" "}
                of a <strong className="tabular-nums">{usd(progress.spendCapUsd)}</strong> spend cap
              </>
            ) : (
              " (no spend cap)"
            )}
            {status === "capped" && (
              <span className="text-amber-700 dark:text-amber-300">
                {" "}
                — {progress.capReason ?? "the cap was reached"}; nothing more is generated.
              </span>
            )}
            {status === "paused" && progress.pauseReason && (
              <span role="status" className="mt-1 block text-amber-700 dark:text-amber-300">
                {progress.pauseReason}
              </span>
            )}
          </p>
          <ModelRows progress={progress} />
          {progress.recentErrors.length > 0 && (
            <div>
              <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Latest failures</h3>
              <ul className="mt-1 space-y-1 text-sm">
                {progress.recentErrors.map((e, i) => (
                  <li key={i} className="text-red-800 dark:text-red-300">
                    <span className="font-medium">
                      Prompt {e.promptIndex + 1} · {progress.byModel.find((m) => m.modelId === e.modelId)?.label ?? e.modelId}:
                    </span>{" "}
                    {e.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function EstimateView({
  estimate,
  error,
  spendCapUsd,
}: {
  estimate: CostEstimate | null;
  error: string | null;
  spendCapUsd: number | null;
}) {
  if (error)
    return (
      <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-300">
        {error}
      </p>
    );
  if (!estimate)
    return (
      <p className="mt-3 flex items-center gap-2 text-sm text-zinc-500 dark:text-zinc-400">
        <Spinner /> Estimating the cost…
      </p>
    );
  return (
    <div className="mt-3 space-y-2">
      <p className="text-sm text-zinc-800 dark:text-zinc-200">
        Estimated cost: <strong className="tabular-nums">{formatUsd(estimate.totalUsd)}</strong>
        {estimate.unknownPrices.length > 0 && " plus the models without a known price"} for {formatCount(estimate.answers)} answers (
        {formatCount(estimate.prompts)} prompts × {estimate.models.length} models).
      </p>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Estimated cost per model</caption>
        <thead className="text-xs text-zinc-500 dark:text-zinc-400">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Model
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Input tokens
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Output tokens
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              Cost
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 tabular-nums dark:divide-zinc-800">
          {estimate.models.map((m) => (
            <tr key={m.modelId}>
              <th scope="row" className="py-1 pr-3 font-normal text-zinc-800 dark:text-zinc-200">
                {m.label} <span className="text-xs text-zinc-500 dark:text-zinc-400">{m.providerLabel}</span>
              </th>
              <td className="py-1 pr-3 text-right">{formatCount(m.inputTokens)}</td>
              <td className="py-1 pr-3 text-right">{formatCount(m.outputTokens)}</td>
              <td className="py-1 text-right">
                {m.costUsd == null ? <span className="text-amber-700 dark:text-amber-300">unknown price</span> : formatUsd(m.costUsd)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p id="run-cost-note" className="text-xs text-zinc-500 dark:text-zinc-400">
        {estimate.assumption}{" "}
        {spendCapUsd != null
          ? `The run never spends more than ${formatUsd(spendCapUsd)}: each answer's worst case is reserved against the cap before it starts, and an answer that does not fit is not started.`
          : "No spend cap is set."}
      </p>
    </div>
  );
}

function ModelRows({ progress }: { progress: RunProgress }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Progress per model</caption>
      <thead className="text-xs text-zinc-500 dark:text-zinc-400">
        <tr>
          <th scope="col" className="py-1 pr-3 font-medium">
            Model
          </th>
          <th scope="col" className="w-1/3 py-1 pr-3 font-medium">
            <span className="sr-only">Progress</span>
          </th>
          <th scope="col" className="py-1 pr-3 text-right font-medium">
            Done
          </th>
          <th scope="col" className="py-1 pr-3 text-right font-medium">
            Failed
          </th>
          <th scope="col" className="py-1 pr-3 text-right font-medium">
            Remaining
          </th>
          <th scope="col" className="py-1 text-right font-medium">
            Cost
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 tabular-nums dark:divide-zinc-800">
        {progress.byModel.map((m) => {
          const total = m.done + m.failed + m.cancelled + m.remaining;
          return (
            <tr key={m.modelId}>
              <th scope="row" className="py-1.5 pr-3 font-normal text-zinc-800 dark:text-zinc-200">
                {m.label}
              </th>
              <td className="py-1.5 pr-3">
                <RunProgressBar
                  size="sm"
                  label={`${m.label} answers`}
                  counts={{ total, done: m.done, failed: m.failed, cancelled: m.cancelled, running: m.running }}
                />
              </td>
              <td className="py-1.5 pr-3 text-right">{formatCount(m.done)}</td>
              <td className={`py-1.5 pr-3 text-right ${m.failed ? "text-red-700 dark:text-red-300" : ""}`}>{formatCount(m.failed)}</td>
              <td className="py-1.5 pr-3 text-right">{formatCount(m.remaining)}</td>
              <td className="py-1.5 text-right">
                {m.costUsd == null ? <span className="text-amber-700 dark:text-amber-300">unknown price</span> : formatUsd(m.costUsd)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function CancelConfirm({
  remaining,
  busy,
  onConfirm,
  onKeep,
}: {
  remaining: number;
  busy: boolean;
  onConfirm: () => void;
  onKeep: () => void;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div
      role="alertdialog"
      aria-labelledby="cancel-run-title"
      aria-describedby="cancel-run-text"
      onKeyDown={(e) => {
        if (e.key === "Escape") onKeep();
      }}
      className="mt-3 rounded-lg border border-red-200 bg-red-50 p-3 dark:border-red-900 dark:bg-red-950"
    >
      <p id="cancel-run-title" className="text-sm font-semibold text-red-900 dark:text-red-100">
        Cancel the run?
      </p>
      <p id="cancel-run-text" className="mt-1 text-sm text-red-800 dark:text-red-200">
        {remaining > 0 ? `${formatCount(remaining)} answers not started yet will not be generated.` : "No answers are waiting."} Answers
        being generated now finish. A cancelled run cannot be resumed.
      </p>
      <div className="mt-2 flex gap-2">
        <Button ref={confirmRef} variant="danger" onClick={onConfirm} disabled={busy}>
          {busy ? <Spinner /> : null}
          Cancel the run
        </Button>
        <Button variant="ghost" onClick={onKeep} disabled={busy}>
          Keep running
        </Button>
      </div>
    </div>
  );
}
