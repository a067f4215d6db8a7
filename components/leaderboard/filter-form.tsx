import { buttonClasses } from "@/components/ui/button";
import type { CategoryCount } from "@/lib/categories/schema";
import { CategorySelect } from "./category-select";
import { inputClasses } from "@/components/ui/field";
import { providerDisplayName } from "@/lib/providers/display";
import { providerIds } from "@/lib/providers/types";
import { StyleSwitch } from "./style-switch";

export type FilterValues = {
  groupBy: string;
  mode: string;
  /** whose votes: "human" (default), "judge" (model judges), "all" */
  source: string;
  provider: string;
  team: string;
  from: string;
  to: string;
  rounds?: string;
  seed?: string;
  /** "" = the default (10) */
  minBattles: string;
  /** "control" | "none" */
  style: string;
  /** "" = every prompt; else tags, comma-separated */
  category?: string;
};

const selectClasses = `${inputClasses(false)} h-9 max-w-full px-2.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500`;
const dateClasses = `${inputClasses(false)} h-9 px-2.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 dark:[color-scheme:dark]`;
const labelClasses = "mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300";

/** A plain GET form: the filter lives in the URL, so it can be shared and needs no script. */
export function FilterForm({
  values,
  teams = [],
  categories = [],
}: {
  values: FilterValues;
  teams?: { id: string; name: string }[];
  /** the category filter's choices (lib/categories/filter.ts) */
  categories?: CategoryCount[];
}) {
  return (
    <form
      method="get"
      action="/leaderboard"
      aria-label="Leaderboard filter"
      className="mb-6 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-end gap-3">
        {teams.length > 0 ? (
          <div className="max-w-full min-w-0">
            <label htmlFor="lb-team" className={labelClasses}>
              Votes from
            </label>
            <select id="lb-team" name="team" defaultValue={values.team} className={selectClasses}>
              <option value="">Everyone</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} comparisons
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div>
          <label htmlFor="lb-group-by" className={labelClasses}>
            Group by
          </label>
          <select id="lb-group-by" name="groupBy" defaultValue={values.groupBy} className={selectClasses}>
            <option value="model">Model (across clouds)</option>
            <option value="deployment">Deployment</option>
          </select>
        </div>
        <div>
          <label htmlFor="lb-mode" className={labelClasses}>
            Votes
          </label>
          <select id="lb-mode" name="mode" defaultValue={values.mode} aria-describedby="lb-mode-note" className={selectClasses}>
            <option value="blind">Blind only</option>
            <option value="named">Named only</option>
            <option value="all">All</option>
          </select>
        </div>
        <div>
          <label htmlFor="lb-source" className={labelClasses}>
            Voters
          </label>
          <select id="lb-source" name="source" defaultValue={values.source} aria-describedby="lb-source-note" className={selectClasses}>
            <option value="human">People</option>
            <option value="judge">Model judges</option>
            <option value="all">People and judges</option>
          </select>
        </div>
        <div>
          <label htmlFor="lb-provider" className={labelClasses}>
            Cloud
          </label>
          <select id="lb-provider" name="provider" defaultValue={values.provider} className={selectClasses}>
            <option value="">All clouds</option>
            {providerIds.map((id) => (
              <option key={id} value={id}>
                {id === "compatible" ? "OpenAI-compatible" : providerDisplayName(id)}
              </option>
            ))}
          </select>
        </div>
        {categories.length > 0 ? (
          <CategorySelect
            id="lb-category"
            value={values.category ?? ""}
            categories={categories}
            noun="votes"
            labelClassName={labelClasses}
            selectClassName={selectClasses}
          />
        ) : null}
        <div>
          <label htmlFor="lb-from" className={labelClasses}>
            From
          </label>
          <input id="lb-from" name="from" type="date" defaultValue={values.from} className={dateClasses} />
        </div>
        <div>
          <label htmlFor="lb-to" className={labelClasses}>
            To
          </label>
          <input id="lb-to" name="to" type="date" defaultValue={values.to} aria-describedby="lb-to-note" className={dateClasses} />
        </div>
        <div>
          <label htmlFor="lb-min-battles" className={labelClasses}>
            Provisional under
          </label>
          <input
            id="lb-min-battles"
            name="minBattles"
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            step={1}
            placeholder="10"
            defaultValue={values.minBattles}
            aria-describedby="lb-min-battles-note"
            className={`${dateClasses} w-24`}
          />
        </div>
        <StyleSwitch checked={values.style === "control"} />
        {values.rounds ? <input type="hidden" name="rounds" value={values.rounds} /> : null}
        {values.seed ? <input type="hidden" name="seed" value={values.seed} /> : null}
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
      </div>
      <p id="lb-mode-note" className="mt-3 text-xs text-zinc-600 dark:text-zinc-400">
        Only blind votes count by default, as on Chatbot Arena: a vote cast while the model names were shown (named) may be swayed by the
        names. <span id="lb-to-note">Dates are UTC; &ldquo;To&rdquo; includes that whole day.</span>{" "}
        <span id="lb-source-note">
          Model judges&apos; verdicts (&ldquo;Ask a judge&rdquo;) count only when &ldquo;Voters&rdquo; includes them.
        </span>{" "}
        <span id="lb-min-battles-note">
          Rows with fewer votes than &ldquo;Provisional under&rdquo; (default 10) are greyed as provisional.
        </span>{" "}
        <span id="lb-style-note">
          &ldquo;Style control&rdquo; adjusts the scores for answer length and markdown (headers, lists, bold), as Chatbot Arena does, and
          shows how much each sways the votes.
        </span>
      </p>
    </form>
  );
}
