"use client";
// The judge and rubric pickers shared by "Ask a judge" (a comparison turn) and "Judge this
// session" (an evaluation session): a catalog model, a built-in rubric or the user's own text.
import { useId } from "react";
import { inputClasses } from "@/components/ui/field";

export type JudgeOption = { id: string; label: string; providerLabel: string };
export type RubricChoice = "pairwise" | "single" | "own";
export const RUBRIC_MAX = 8000;

/** The request's `rubric` for a choice (undefined: the built-in default). */
export function rubricBody(choice: RubricChoice, text: string): string | { text: string } | undefined {
  if (choice === "own") return { text };
  return choice === "pairwise" ? undefined : choice;
}

export function JudgeFields({
  judges,
  judge,
  onJudge,
  rubric,
  onRubric,
  text,
  onText,
  allowSingle = true,
  disabled,
}: {
  judges: JudgeOption[];
  judge: string;
  onJudge: (id: string) => void;
  rubric: RubricChoice;
  onRubric: (r: RubricChoice) => void;
  text: string;
  onText: (t: string) => void;
  allowSingle?: boolean;
  disabled?: boolean;
}) {
  const id = useId();
  const tooLong = text.length > RUBRIC_MAX;
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <label className="grid gap-1 text-sm">
        <span className="font-medium text-zinc-800 dark:text-zinc-200">Judge model</span>
        <select className={inputClasses()} value={judge} onChange={(e) => onJudge(e.target.value)} disabled={disabled}>
          {judges.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label} ({m.providerLabel})
            </option>
          ))}
        </select>
      </label>
      <label className="grid gap-1 text-sm">
        <span className="font-medium text-zinc-800 dark:text-zinc-200">Rubric</span>
        <select className={inputClasses()} value={rubric} onChange={(e) => onRubric(e.target.value as RubricChoice)} disabled={disabled}>
          <option value="pairwise">Built-in pairwise (A, B, tie, both bad)</option>
          {allowSingle ? <option value="single">Built-in grade (1 to 5 per answer)</option> : null}
          <option value="own">My own rubric</option>
        </select>
      </label>
      {rubric === "own" ? (
        <label className="grid gap-1 text-sm sm:col-span-2">
          <span className="font-medium text-zinc-800 dark:text-zinc-200">Your rubric</span>
          <textarea
            className={`${inputClasses(tooLong)} min-h-20`}
            value={text}
            onChange={(e) => onText(e.target.value)}
            aria-describedby={`${id}-count`}
            aria-invalid={tooLong || undefined}
            disabled={disabled}
            placeholder="What should the judge look for? The verdict format is fixed (structured output)."
          />
          <span id={`${id}-count`} className={`text-xs ${tooLong ? "text-red-700 dark:text-red-400" : "text-zinc-500 dark:text-zinc-400"}`}>
            {text.length.toLocaleString("en")} of {RUBRIC_MAX.toLocaleString("en")} characters
          </span>
        </label>
      ) : null}
    </div>
  );
}
