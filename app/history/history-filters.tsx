"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useSyncExternalStore, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { HISTORY_Q_MAX, historyHref, type HistoryFilters as Filters } from "@/lib/compare/history-params";

type Values = Omit<Filters, "before" | "after">;

const noSubscribe = () => () => {};

/** Typing waits this long for the next key before the list follows. */
const DEBOUNCE_MS = 300;

const fieldClasses = `${inputClasses(false)} h-9 w-full min-w-0 px-2 text-sm`;
const labelClasses = "mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400";

/**
 * Search (as you type), model, team and days for the history, kept in the URL: every change
 * replaces /history?... without a reload (the server renders the new list) and starts again at
 * the newest page. Without JavaScript it is a plain GET form.
 */
export function HistoryFilters({
  filters,
  models,
  teams,
}: {
  filters: Values;
  models: { id: string; label: string }[];
  teams: { id: string; name: string }[] | null;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [values, setValues] = useState<Values>(filters);
  // the Apply button is for browsers without JavaScript: gone once hydrated
  const hydrated = useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
  // what the URL said last time; it changing to something we did not ask for (back button, a
  // link) resets the fields, our own changes arriving later do not
  const incoming = historyHref(filters);
  const [seen, setSeen] = useState({ url: incoming, asked: incoming });
  if (seen.url !== incoming) {
    setSeen({ url: incoming, asked: seen.asked });
    if (incoming !== seen.asked) setValues(filters);
  }

  function go(next: Values) {
    const href = historyHref(next);
    setSeen((s) => ({ ...s, asked: href }));
    startTransition(() => router.replace(href, { scroll: false }));
  }

  // the search box: follow the typing once it pauses
  useEffect(() => {
    if (values.q.trim() === filters.q.trim()) return;
    const timer = setTimeout(() => go(values), DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed text starts the timer
  }, [values.q]);

  function set<K extends keyof Values>(key: K, value: Values[K]) {
    const next = { ...values, [key]: value || undefined, q: key === "q" ? String(value) : values.q };
    setValues(next);
    if (key !== "q") go(next);
  }

  const active = Boolean(values.q.trim() || values.model || values.team || values.from || values.to);
  return (
    <form
      role="search"
      action="/history"
      onSubmit={(e) => {
        e.preventDefault();
        go(values);
      }}
      className="mb-4 grid gap-2"
    >
      <div className="relative">
        <label htmlFor="history-search" className="sr-only">
          Search titles and prompts
        </label>
        <input
          id="history-search"
          name="q"
          type="search"
          value={values.q}
          maxLength={HISTORY_Q_MAX}
          onChange={(e) => set("q", e.target.value)}
          placeholder="Search titles and prompts…"
          autoComplete="off"
          className={`${inputClasses(false)} h-9 w-full min-w-0 pr-9 pl-3 text-sm`}
        />
        <span aria-live="polite" className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-zinc-400">
          {pending ? (
            <>
              <Spinner />
              <span className="sr-only">Updating the list…</span>
            </>
          ) : null}
        </span>
      </div>
      <div className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap sm:items-end">
        <div className={`min-w-0 sm:w-52 ${teams ? "" : "col-span-2"}`}>
          <label htmlFor="history-model" className={labelClasses}>
            Model
          </label>
          <select
            id="history-model"
            name="model"
            value={values.model ?? ""}
            onChange={(e) => set("model", e.target.value)}
            className={fieldClasses}
          >
            <option value="">Any model</option>
            {values.model && !models.some((m) => m.id === values.model) ? <option value={values.model}>{values.model}</option> : null}
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        {teams ? (
          <div className="min-w-0 sm:w-48">
            <label htmlFor="history-team" className={labelClasses}>
              Whose
            </label>
            <select
              id="history-team"
              name="team"
              value={values.team ?? ""}
              onChange={(e) => set("team", e.target.value)}
              className={fieldClasses}
            >
              <option value="">Mine and my teams&apos;</option>
              <option value="personal">Just me</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="min-w-0 sm:w-40">
          <label htmlFor="history-from" className={labelClasses}>
            From <span className="font-normal">(UTC)</span>
          </label>
          <input
            id="history-from"
            name="from"
            type="date"
            value={values.from ?? ""}
            max={values.to}
            onChange={(e) => set("from", e.target.value)}
            className={fieldClasses}
          />
        </div>
        <div className="min-w-0 sm:w-40">
          <label htmlFor="history-to" className={labelClasses}>
            To <span className="font-normal">(UTC)</span>
          </label>
          <input
            id="history-to"
            name="to"
            type="date"
            value={values.to ?? ""}
            min={values.from}
            onChange={(e) => set("to", e.target.value)}
            className={fieldClasses}
          />
        </div>
        {hydrated && !active ? null : (
          <div className="col-span-2 flex items-end gap-2">
            {hydrated ? null : (
              <Button type="submit" size="md">
                Apply
              </Button>
            )}
            {active ? (
              <Button size="md" variant="ghost" onClick={() => (setValues({ q: "" }), go({ q: "" }))}>
                Clear filters
              </Button>
            ) : null}
          </div>
        )}
      </div>
    </form>
  );
}
