import type { CategoryCount } from "@/lib/categories/schema";

/**
 * The category filter of a GET form (leaderboard, evaluation results): the tags that exist with
 * how many votes or prompts carry each; rule tags first as a group. `value` is the URL's
 * `category` (several tags, comma-separated, stay selectable as they are).
 */
export function CategorySelect({
  id,
  value,
  categories,
  noun,
  labelClassName,
  selectClassName,
}: {
  id: string;
  value: string;
  categories: readonly CategoryCount[];
  /** what the counts count: "votes" or "prompts" */
  noun: string;
  labelClassName: string;
  selectClassName: string;
}) {
  const rule = categories.filter((c) => c.rule);
  const own = categories.filter((c) => !c.rule);
  const known = categories.some((c) => c.tag === value);
  const option = (c: CategoryCount) => (
    <option key={c.tag} value={c.tag}>
      {c.tag} ({c.count} {c.count === 1 ? noun.replace(/s$/, "") : noun})
    </option>
  );
  return (
    <div className="max-w-full min-w-0">
      <label htmlFor={id} className={labelClassName}>
        Category
      </label>
      <select id={id} name="category" defaultValue={value} className={selectClassName}>
        <option value="">All prompts</option>
        {value && !known ? <option value={value}>{value}</option> : null}
        {rule.length > 0 ? <optgroup label="By rule">{rule.map(option)}</optgroup> : null}
        {own.length > 0 ? <optgroup label="Your tags">{own.map(option)}</optgroup> : null}
      </select>
    </div>
  );
}
