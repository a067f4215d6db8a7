"use client";

import { Markdown } from "@/components/compare/markdown";
import type { RaterProgress, Side, SideScores } from "@/lib/evals/queue";
import type { Criterion } from "@/lib/evals/schema";
import { formatCount } from "@/lib/format";

export function Kbd({ children }: { children: string }) {
  return (
    <kbd aria-hidden="true" className="rounded border border-current/30 px-1 font-sans text-[10px] leading-4 opacity-80">
      {children}
    </kbd>
  );
}

/** The rater's progress: rated of the most they can rate. */
export function RateProgress({ progress }: { progress: RaterProgress }) {
  const total = Math.max(progress.total, progress.rated);
  const pct = total > 0 ? Math.round((progress.rated / total) * 100) : 0;
  return (
    <div className="grid gap-1">
      <div className="flex items-baseline justify-between text-xs text-zinc-600 dark:text-zinc-400">
        <span id="rate-progress-label">
          {formatCount(progress.rated)} of {formatCount(total)} rated
        </span>
        <span>{progress.available > 0 ? `${formatCount(progress.available)} more available` : "no more items to take"}</span>
      </div>
      <div
        role="progressbar"
        aria-labelledby="rate-progress-label"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={progress.rated}
        className="h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full rounded-full bg-indigo-600 transition-[width] dark:bg-indigo-400" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** One answer as the rater sees it: a letter, no model, no metrics. */
export function AnswerCard({ title, text }: { title: string; text: string }) {
  const id = `answer-${title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <section
      aria-labelledby={id}
      className="flex min-w-0 flex-col rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h3
        id={id}
        className="border-b border-zinc-200 px-4 py-2 text-sm font-semibold text-zinc-900 dark:border-zinc-800 dark:text-zinc-100"
      >
        {title}
      </h3>
      <div className="min-w-0 overflow-x-auto px-4 py-3">
        {text.trim() ? (
          <Markdown text={text} streaming={false} />
        ) : (
          <p className="text-sm text-zinc-500 italic dark:text-zinc-400">(empty answer)</p>
        )}
      </div>
    </section>
  );
}

const LIKERT_LABELS: Record<number, string> = { 1: "very poor", 2: "poor", 3: "fair", 4: "good", 5: "very good" };

/** The criteria inputs for one shown answer: a Likert radio group (1-5) or pass/fail per criterion. */
export function CriteriaInputs({
  side,
  title,
  criteria,
  value,
  missing,
  onChange,
}: {
  side: Side;
  title: string;
  criteria: Criterion[];
  value: SideScores;
  /** criterion keys still to score, after a save attempt */
  missing: string[];
  onChange: (key: string, v: number) => void;
}) {
  return (
    <div className="grid gap-3">
      {criteria.map((c) => {
        const name = `score-${side}-${c.key}`;
        const invalid = missing.includes(c.key);
        const options =
          c.scale === "likert"
            ? [1, 2, 3, 4, 5].map((n) => ({ v: n, label: String(n), hint: LIKERT_LABELS[n]! }))
            : [
                { v: 1, label: "Pass", hint: "pass" },
                { v: 0, label: "Fail", hint: "fail" },
              ];
        return (
          <fieldset
            key={c.key}
            aria-describedby={invalid ? `${name}-error` : undefined}
            aria-invalid={invalid || undefined}
            // clear of the sticky vote bar when scrolled to (the page's scroll padding does the same for focus)
            className="scroll-mb-40"
          >
            <legend className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
              {c.name} <span className="sr-only">for {title}</span>
              <span className="ml-1 font-normal text-zinc-500 dark:text-zinc-400">
                {c.scale === "likert" ? "(1 = very poor, 5 = very good)" : "(pass or fail)"}
              </span>
            </legend>
            <div className="flex flex-wrap gap-1.5">
              {options.map((o) => {
                const checked = value[c.key] === o.v;
                return (
                  <label
                    key={o.v}
                    title={o.hint}
                    className={`inline-flex h-8 min-w-9 cursor-pointer items-center justify-center rounded-md border px-2 text-sm font-medium transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-1 has-[:focus-visible]:outline-indigo-500 ${
                      checked
                        ? "border-indigo-600 bg-indigo-600 text-white dark:border-indigo-400 dark:bg-indigo-500"
                        : invalid
                          ? "border-red-400 bg-white text-zinc-800 hover:bg-zinc-50 dark:border-red-700 dark:bg-zinc-900 dark:text-zinc-100"
                          : "border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
                    }`}
                  >
                    <input
                      type="radio"
                      className="sr-only"
                      name={name}
                      value={o.v}
                      checked={checked}
                      onChange={() => onChange(c.key, o.v)}
                    />
                    {o.label}
                  </label>
                );
              })}
            </div>
            {invalid ? (
              <p id={`${name}-error`} className="mt-1 text-xs text-red-700 dark:text-red-400">
                {c.scale === "likert" ? `Score ${c.name} from 1 to 5.` : `Mark ${c.name} as pass or fail.`}
              </p>
            ) : null}
          </fieldset>
        );
      })}
    </div>
  );
}
