import { CategorySelect } from "@/components/leaderboard/category-select";
import { buttonClasses } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import type { CategoryCount } from "@/lib/categories/schema";

const selectClasses = `${inputClasses(false)} h-9 max-w-full px-2.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500`;
const labelClasses = "mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300";

/** A plain GET form: the results of one category of prompts (the other settings of the address are kept). */
export function ResultsCategoryFilter({
  sessionId,
  categories,
  category,
  note,
  keep,
}: {
  sessionId: string;
  categories: readonly CategoryCount[];
  category: string[] | null;
  note: string | null;
  /** the address's other settings (seed, rounds, minBattles...) */
  keep: Record<string, string>;
}) {
  return (
    <div className="grid gap-2">
      <form
        method="get"
        action={`/evals/${sessionId}/results`}
        aria-label="Results by category"
        className="flex flex-wrap items-end gap-3 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <CategorySelect
          id="results-category"
          value={category?.join(",") ?? ""}
          categories={categories}
          noun="prompts"
          labelClassName={labelClasses}
          selectClassName={selectClasses}
        />
        {Object.entries(keep).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <button
          type="submit"
          className={buttonClasses({
            variant: "primary",
            size: "md",
            className: "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500",
          })}
        >
          Apply
        </button>
        <p className="basis-full text-xs text-zinc-600 dark:text-zinc-400">
          {category
            ? `Scores, matrices, criteria and agreement are over the prompts tagged ${category.join(" and ")} (gold items are kept); speed and cost are over every answer.`
            : "Tags come from rules (code, math, non-english, long-prompt) and from the prompts' own tags."}
        </p>
      </form>
      {note ? (
        <p
          role="status"
          className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          {note}
        </p>
      ) : null}
    </div>
  );
}
