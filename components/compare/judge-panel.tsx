"use client";
// "Ask a judge" on a comparison turn: a catalog model judges the turn's pane pairs with a rubric,
// each pair in both orders (POST /api/v1/comparisons/<id>/judgements); the verdict per pair, both
// orders' verdicts and reasons (model output: shown as plain text), inconsistent marked, the cost.
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { JudgeFields, rubricBody, RUBRIC_MAX, type JudgeOption, type RubricChoice } from "@/components/judges/judge-form";
import { formatUsd } from "@/lib/format";
import type { JudgementView } from "@/lib/judges/types";
import { paneLetter } from "./vote-draft";

const VERDICT: Record<string, (a: string, b: string) => string> = {
  a: (a) => `${a} is better`,
  b: (_, b) => `${b} is better`,
  tie: () => "Tie",
  both_bad: () => "Both are bad",
};

export function JudgePanel({ comparisonId, turn, judges }: { comparisonId: string; turn: number; judges: JudgeOption[] }) {
  const [judge, setJudge] = useState(judges[0]?.id ?? "");
  const [rubric, setRubric] = useState<RubricChoice>("pairwise");
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [judgements, setJudgements] = useState<JudgementView[]>([]);

  useEffect(() => {
    let live = true;
    void fetch(`/api/v1/comparisons/${comparisonId}/judgements?turn=${turn}`)
      .then((r) => (r.ok ? r.json() : { judgements: [] }))
      .then((b: { judgements: JudgementView[] }) => live && setJudgements(b.judgements))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [comparisonId, turn]);

  const ask = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/v1/comparisons/${comparisonId}/judgements`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ judge, turn, rubric: rubricBody(rubric, text) }),
      });
      const body = (await res.json()) as { judgements?: JudgementView[]; error?: { message: string } };
      if (!res.ok && res.status !== 202) setError(body.error?.message ?? `The judge could not be asked (${res.status}).`);
      else setJudgements((old) => [...(body.judgements ?? []), ...old.filter((j) => !body.judgements?.some((n) => n.id === j.id))]);
    } catch {
      setError("The judge could not be asked: the server did not answer.");
    } finally {
      setBusy(false);
    }
  };

  if (judges.length === 0) return null;
  return (
    <details className="mt-4 rounded-lg border border-zinc-200 bg-white px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-950">
      <summary className="cursor-pointer font-medium text-indigo-700 dark:text-indigo-300">Ask a judge</summary>
      <div className="mt-3 grid gap-3">
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          A model judges every pair of answers of turn {turn + 1}, twice with the answers swapped; when the two verdicts disagree the result
          is a tie marked inconsistent. Judge verdicts never count on the people&apos;s leaderboard.
        </p>
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
        <div className="flex items-center gap-3">
          <Button
            variant="primary"
            onClick={() => void ask()}
            disabled={busy || !judge || (rubric === "own" && (!text.trim() || text.length > RUBRIC_MAX))}
          >
            {busy ? <Spinner className="mr-1.5 size-3.5" /> : null}
            {busy ? "Judging…" : "Ask the judge"}
          </Button>
          <span role="status" className="text-xs text-red-700 dark:text-red-400">
            {error}
          </span>
        </div>
        {judgements.length ? (
          <ul className="grid gap-2" aria-label="Judge verdicts">
            {judgements.map((j) => (
              <JudgementCard key={j.id} j={j} />
            ))}
          </ul>
        ) : null}
      </div>
    </details>
  );
}

function JudgementCard({ j }: { j: JudgementView }) {
  const t = j.target.type === "comparison" ? j.target : null;
  const a = t ? paneLetter(t.paneA) : "A";
  const b = t && t.paneB != null ? paneLetter(t.paneB) : "B";
  const title = j.kind === "single" ? `Answer ${a}` : `${a} vs ${b}`;
  const result =
    j.status === "done"
      ? j.kind === "single"
        ? `Grade ${j.grade} of 5`
        : (VERDICT[j.verdict ?? ""]?.(a, b) ?? j.verdict)
      : j.status === "failed"
        ? "No verdict"
        : j.status;
  return (
    <li className="rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span className="font-semibold text-zinc-900 dark:text-zinc-100">{title}</span>
        <span className="font-medium text-zinc-800 dark:text-zinc-200">{result}</span>
        {j.inconsistent ? (
          <span className="rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            inconsistent: the verdict changed with the order
          </span>
        ) : null}
        <span className="ml-auto text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
          {j.judge.model} · {j.rubric.builtin ? j.rubric.name : "own rubric"} · {formatUsd(j.costUsd)}
        </span>
      </div>
      {j.error ? <p className="mt-1 text-xs text-red-700 dark:text-red-400">{j.error.message}</p> : null}
      <ul className="mt-1 grid gap-1">
        {j.calls.map((c) => (
          <li key={c.order} className="text-xs text-zinc-700 dark:text-zinc-300">
            <span className="font-medium">
              {c.order === "single" ? "Grade" : c.order === "ab" ? `${a} shown first` : `${b} shown first`}:
            </span>{" "}
            {c.status === "done"
              ? c.order === "single"
                ? `${c.grade} of 5`
                : (VERDICT[c.verdict ?? ""]?.(a, b) ?? "")
              : (c.error?.message ?? c.status)}
            {c.reason ? <span className="text-zinc-600 dark:text-zinc-400"> — {c.reason}</span> : null}
          </li>
        ))}
      </ul>
    </li>
  );
}
