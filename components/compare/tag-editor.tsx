"use client";

import { useState, useTransition } from "react";
import { saveComparisonTagsAction } from "@/app/tag-actions";
import { MAX_TAGS_PER_PROMPT, ownTagSchema } from "@/lib/categories/schema";

const chip = "inline-flex items-center gap-1 rounded-full px-2.5 py-0.5 text-xs";

/**
 * A comparison's tags: its own (editable chips: Enter or "Add" adds, each chip's × button removes,
 * all by keyboard) and the rule tags of its prompts (read-only). Saved as they change.
 */
export function TagEditor({
  comparisonId,
  initialTags,
  ruleTags,
  readOnly,
}: {
  comparisonId: string;
  initialTags: string[];
  ruleTags: string[];
  readOnly: boolean;
}) {
  const [tags, setTags] = useState(initialTags);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [pending, start] = useTransition();

  function save(next: string[], said: string) {
    const before = tags;
    setTags(next);
    setError(null);
    start(async () => {
      const res = await saveComparisonTagsAction(comparisonId, { tags: next });
      if (res.ok) {
        setTags(res.data.tags);
        setStatus(said);
      } else {
        setTags(before);
        setError(res.error.message);
      }
    });
  }

  function add() {
    const tag = draft.trim().toLowerCase().replace(/\s+/g, "-");
    if (!tag) return;
    const parsed = ownTagSchema.safeParse(tag);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Not a tag.");
    if (tags.includes(tag)) return setError(`"${tag}" is already there.`);
    if (tags.length >= MAX_TAGS_PER_PROMPT) return setError(`At most ${MAX_TAGS_PER_PROMPT} tags per prompt.`);
    setDraft("");
    save([...tags, tag].sort(), `Tag "${tag}" added.`);
  }

  return (
    <section aria-label="Tags" className="mb-3 flex flex-wrap items-center gap-1.5 text-sm">
      <span className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Tags</span>
      <ul className="contents">
        {ruleTags.map((t) => (
          <li
            key={`rule-${t}`}
            className={`${chip} border border-dashed border-zinc-300 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400`}
            title="Computed from the prompt"
          >
            {t}
          </li>
        ))}
        {tags.map((t) => (
          <li key={t} className={`${chip} bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200`}>
            {t}
            {readOnly ? null : (
              <button
                type="button"
                onClick={() =>
                  save(
                    tags.filter((x) => x !== t),
                    `Tag "${t}" removed.`,
                  )
                }
                disabled={pending}
                aria-label={`Remove tag ${t}`}
                className="-mr-1 rounded-full px-1 leading-none hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-indigo-900"
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {readOnly ? null : (
        <form
          className="flex items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            add();
          }}
        >
          <label htmlFor="tag-input" className="sr-only">
            Add a tag
          </label>
          <input
            id="tag-input"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="Add a tag"
            maxLength={40}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "tag-error" : undefined}
            className="h-7 w-32 rounded-md border border-zinc-300 bg-white px-2 text-xs text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
          />
          <button
            type="submit"
            disabled={pending}
            className="h-7 rounded-md border border-zinc-300 px-2 text-xs text-zinc-700 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            Add
          </button>
        </form>
      )}
      {error ? (
        <p id="tag-error" role="alert" className="basis-full text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      <p role="status" className="sr-only">
        {status}
      </p>
    </section>
  );
}
