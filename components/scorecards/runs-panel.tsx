"use client";
// A scorecard's runs: Run now, and for the run under way a progress bar (calls done of the total,
// spend so far) with Pause / Resume / Cancel. Polls GET /api/v1/scorecards/<id> every second while
// a run is queued or running, and refreshes the page (verdicts, charts) when a run ends.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { callApi, sendJson } from "@/lib/client/call-server";
import { formatCount, formatUsd } from "@/lib/format";
import type { ScorecardRunSummary, ScorecardView } from "@/lib/scorecards/types";
import { runStatusLook } from "./format";

type Action = "run" | "pause" | "resume" | "cancel";

const active = (r: ScorecardRunSummary) => r.status === "queued" || r.status === "running" || r.status === "paused";

export function RunStatusBadge({ status }: { status: keyof typeof runStatusLook }) {
  const s = runStatusLook[status];
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${s.className}`}>{s.label}</span>;
}

export function RunProgress({ run, label }: { run: ScorecardRunSummary; label: string }) {
  const pct = run.callsTotal > 0 ? Math.min(100, (run.callsDone / run.callsTotal) * 100) : 0;
  const text = `${formatCount(run.callsDone)} of ${formatCount(run.callsTotal)} calls done, ${formatUsd(run.spentUsd)} spent`;
  return (
    <div className="grid gap-1">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={run.callsTotal}
        aria-valuenow={run.callsDone}
        aria-valuetext={text}
        className="h-2.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div
          className={`h-full transition-[width] duration-500 ${run.status === "paused" ? "bg-amber-500" : "bg-sky-500 dark:bg-sky-400"}`}
          style={{ width: `${pct}%` }}
        />
      </div>
      <p className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">{text}</p>
    </div>
  );
}

export function RunsPanel({
  scorecardId,
  initialRuns,
  canRun,
}: {
  scorecardId: string;
  initialRuns: ScorecardRunSummary[];
  canRun: boolean;
}) {
  const router = useRouter();
  const confirm = useConfirm();
  const [runs, setRuns] = useState(initialRuns);
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = runs.find(active) ?? null;
  const base = `/api/v1/scorecards/${encodeURIComponent(scorecardId)}`;

  // the server rendered newer runs (a refresh): take them
  const [seenInitial, setSeenInitial] = useState(initialRuns);
  if (seenInitial !== initialRuns) {
    setSeenInitial(initialRuns);
    setRuns(initialRuns);
  }

  const polling = current != null;
  useEffect(() => {
    if (!polling) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      const result = await callApi<ScorecardView>(base, { cache: "no-store" });
      if (result.ok && live) setRuns(result.data.runs);
      if (live) timer = setTimeout(tick, 1000);
    };
    timer = setTimeout(tick, 1000);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [base, polling]);

  // a run ended (or a new one started): the verdicts, charts and drifts around the panel change
  const seen = useRef(current?.id ?? null);
  useEffect(() => {
    const now = current?.id ?? null;
    if (seen.current === now) return;
    seen.current = now;
    router.refresh();
  }, [current?.id, router]);

  async function act(action: Action) {
    if (
      action === "cancel" &&
      !(await confirm({
        title: "Cancel this run?",
        description: "Calls under way finish; no new calls start. The calls done so far stay as evidence.",
        confirmLabel: "Cancel run",
        cancelLabel: "Keep running",
        tone: "danger",
      }))
    )
      return;
    setBusy(action);
    setError(null);
    const url = action === "run" ? `${base}/runs` : `${base}/runs/${encodeURIComponent(current!.id)}/${action}`;
    const result = await sendJson<ScorecardRunSummary>(url, "POST", {}, action === "run" ? "start the run" : `${action} the run`);
    setBusy(null);
    if (!result.ok) return setError(result.error.message);
    const fresh = await callApi<ScorecardView>(base, { cache: "no-store" });
    if (fresh.ok) setRuns(fresh.data.runs);
  }

  return (
    <section
      aria-labelledby="runs-heading"
      className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id="runs-heading" className="text-sm font-semibold">
          Runs
        </h2>
        {canRun ? (
          <div className="flex flex-wrap gap-2">
            {current && current.status !== "paused" ? (
              <Button size="sm" onClick={() => void act("pause")} disabled={busy !== null}>
                {busy === "pause" ? <Spinner /> : null}
                Pause
              </Button>
            ) : null}
            {current && current.status === "paused" ? (
              <Button size="sm" onClick={() => void act("resume")} disabled={busy !== null}>
                {busy === "resume" ? <Spinner /> : null}
                Resume
              </Button>
            ) : null}
            {current ? (
              <Button size="sm" variant="danger" onClick={() => void act("cancel")} disabled={busy !== null}>
                {busy === "cancel" ? <Spinner /> : null}
                Cancel
              </Button>
            ) : (
              <Button size="sm" variant="primary" onClick={() => void act("run")} disabled={busy !== null}>
                {busy === "run" ? <Spinner /> : null}
                Run now
              </Button>
            )}
          </div>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="mb-2 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {current ? (
        <div className="mb-3">
          <RunProgress run={current} label="Progress of the current run" />
        </div>
      ) : null}
      {runs.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No runs yet.</p>
      ) : (
        <ol className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" aria-label="Runs, newest first">
          {runs.slice(0, 20).map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5" data-run={r.id}>
              <RunStatusBadge status={r.status} />
              <time dateTime={r.createdAt} className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
                {new Date(r.createdAt).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC
              </time>
              <span className="text-xs text-zinc-500 dark:text-zinc-400">{r.trigger === "schedule" ? "scheduled" : "manual"}</span>
              <span className="ml-auto text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
                {formatCount(r.callsDone)}/{formatCount(r.callsTotal)} calls · {formatUsd(r.spentUsd)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
