"use client";
// "Judge this session": a model judges every item of a finished evaluation session in the
// background (POST /api/v1/evals/<id>/judgements): pairwise items in both orders, single answers
// graded 1-5. A progress bar while it runs (polled every second), Cancel, a spend cap. The judge
// is an extra rater kept apart from the people's agreement figures.
import { useCallback, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { JudgeFields, rubricBody, RUBRIC_MAX, type JudgeOption, type RubricChoice } from "@/components/judges/judge-form";
import { formatUsd } from "@/lib/format";
import type { JudgePassView } from "@/lib/judges/types";
import { RunProgressBar } from "./run-progress-bar";

const STATUS: Record<string, string> = {
  queued: "Queued",
  running: "Judging",
  completed: "Completed",
  cancelled: "Cancelled",
  capped: "Stopped at the spend cap",
};

export function JudgePassPanel({
  sessionId,
  judges,
  initialPasses,
  canRun,
  hasItems,
}: {
  sessionId: string;
  judges: JudgeOption[];
  initialPasses: JudgePassView[];
  canRun: boolean;
  hasItems: boolean;
}) {
  const [passes, setPasses] = useState(initialPasses);
  const [judge, setJudge] = useState(judges[0]?.id ?? "");
  const [rubric, setRubric] = useState<RubricChoice>("pairwise");
  const [text, setText] = useState("");
  const [cap, setCap] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = passes[0] ?? null;
  const active = current?.status === "running" || current?.status === "queued";

  const refresh = useCallback(async () => {
    const res = await fetch(`/api/v1/evals/${sessionId}/judgements`, { cache: "no-store" });
    if (res.ok) setPasses(((await res.json()) as { passes: JudgePassView[] }).passes);
  }, [sessionId]);

  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => void refresh().catch(() => {}), 1000);
    return () => clearInterval(t);
  }, [active, refresh]);

  const send = async (method: "POST" | "DELETE") => {
    setBusy(true);
    setError(null);
    try {
      const capUsd = cap.trim() ? Number(cap) : null;
      const res = await fetch(`/api/v1/evals/${sessionId}/judgements`, {
        method,
        headers: { "content-type": "application/json" },
        body: method === "POST" ? JSON.stringify({ judge, rubric: rubricBody(rubric, text), spendCapUsd: capUsd }) : undefined,
      });
      const body = (await res.json()) as { error?: { message: string } };
      if (!res.ok) setError(body.error?.message ?? `Failed (${res.status}).`);
      await refresh();
    } catch {
      setError("The server did not answer.");
    } finally {
      setBusy(false);
    }
  };

  if (!hasItems && passes.length === 0) return null;
  const counts = current
    ? {
        total: current.progress.total,
        done: current.progress.done,
        failed: current.progress.failed,
        cancelled: current.progress.cancelled,
        running: active
          ? Math.max(0, current.progress.total - current.progress.done - current.progress.failed - current.progress.cancelled)
          : 0,
      }
    : null;
  return (
    <section
      aria-labelledby="judge-pass-heading"
      className="mt-6 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-950"
    >
      <h2 id="judge-pass-heading" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
        Judge this session
      </h2>
      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
        A model judges every item: pairs in both orders (disagreeing orders become an inconsistent tie), single answers graded 1 to 5. The
        judge is shown as an extra rater and never counts in the people&apos;s agreement figures.
      </p>
      {current && counts ? (
        <div className="mt-3 grid gap-1.5">
          <div className="flex flex-wrap items-baseline gap-x-3 text-sm">
            <span className="font-medium text-zinc-900 dark:text-zinc-100">{current.judge.label}</span>
            <span className="text-zinc-600 dark:text-zinc-400">{current.rubric.builtin ? current.rubric.name : "own rubric"}</span>
            <span className="text-zinc-800 dark:text-zinc-200">{STATUS[current.status] ?? current.status}</span>
            <span className="ml-auto text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
              {formatUsd(current.spend.chargedUsd)}
              {current.spend.capUsd != null ? ` of ${formatUsd(current.spend.capUsd)} cap` : ""}
            </span>
          </div>
          <RunProgressBar counts={counts} label="Judged items" />
          <p className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
            {counts.done + counts.failed + counts.cancelled} of {counts.total} items judged: {counts.done} done, {counts.failed} failed
            {counts.cancelled ? `, ${counts.cancelled} not judged` : ""}
          </p>
        </div>
      ) : null}
      {canRun ? (
        active ? (
          <div className="mt-3">
            <Button onClick={() => void send("DELETE")} disabled={busy}>
              {busy ? <Spinner className="mr-1.5 size-3.5" /> : null}
              Cancel judging
            </Button>
          </div>
        ) : hasItems ? (
          <div className="mt-3 grid gap-3">
            <JudgeFields
              judges={judges}
              judge={judge}
              onJudge={setJudge}
              rubric={rubric}
              onRubric={setRubric}
              text={text}
              onText={setText}
              disabled={busy}
            />
            <label className="grid max-w-48 gap-1 text-sm">
              <span className="font-medium text-zinc-800 dark:text-zinc-200">Spend cap (USD, optional)</span>
              <input className={inputClasses()} inputMode="decimal" value={cap} onChange={(e) => setCap(e.target.value)} disabled={busy} />
            </label>
            <div>
              <Button
                variant="primary"
                onClick={() => void send("POST")}
                disabled={busy || !judge || (rubric === "own" && (!text.trim() || text.length > RUBRIC_MAX))}
              >
                {busy ? <Spinner className="mr-1.5 size-3.5" /> : null}
                {current ? "Judge again" : "Start judging"}
              </Button>
            </div>
          </div>
        ) : null
      ) : null}
      <p role="status" className="mt-2 text-xs text-red-700 dark:text-red-400">
        {error}
      </p>
    </section>
  );
}
