"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { deleteComparisonAction, renameComparisonAction } from "@/app/history/actions";
import { Button } from "@/components/ui/button";
import { FieldError, inputClasses } from "@/components/ui/field";

/** Rename (inline form) and delete (asks first) for one row of the history. */
export function HistoryRowActions({ id, title }: { id: string; title: string }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(title);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function save(event: FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await renameComparisonAction({ id, title: value });
      if (!result.ok) return setError(result.error.message);
      setError(null);
      setEditing(false);
      router.refresh();
    });
  }

  function remove() {
    if (!window.confirm(`Delete "${title}" with all its answers and share links? This cannot be undone.`)) return;
    startTransition(async () => {
      const result = await deleteComparisonAction(id);
      if (!result.ok) setError(result.error.message);
      router.refresh();
    });
  }

  if (editing)
    return (
      <form onSubmit={save} className="relative z-10 mt-2 flex flex-wrap items-start gap-2">
        <label htmlFor={`title-${id}`} className="sr-only">
          New title for {title}
        </label>
        <input
          id={`title-${id}`}
          autoFocus
          value={value}
          maxLength={200}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `title-${id}-error` : undefined}
          className={`${inputClasses(Boolean(error))} h-8 min-w-64 flex-1 px-2.5 text-sm`}
        />
        <Button type="submit" size="sm" variant="primary" disabled={pending}>
          Save
        </Button>
        <Button size="sm" onClick={() => setEditing(false)}>
          Cancel
        </Button>
        {error ? (
          <FieldError id={`title-${id}-error`} className="basis-full">
            {error}
          </FieldError>
        ) : null}
      </form>
    );
  return (
    <div className="relative z-10 flex gap-1">
      <Button size="sm" variant="ghost" onClick={() => setEditing(true)} aria-label={`Rename ${title}`}>
        Rename
      </Button>
      <Button size="sm" variant="ghost" onClick={remove} disabled={pending} aria-label={`Delete ${title}`}>
        Delete
      </Button>
      {error ? <FieldError id={`row-${id}-error`}>{error}</FieldError> : null}
    </div>
  );
}
