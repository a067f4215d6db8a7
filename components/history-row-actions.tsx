"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { deleteComparisonAction, renameComparisonAction, restoreComparisonAction } from "@/app/history/actions";
import { Button } from "@/components/ui/button";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { FieldError, inputClasses } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";

/** How long the toast offers Undo after a delete (the server keeps it restorable for a minute). */
const UNDO_MS = 10_000;

/** Rename (inline form) and delete (asks first, then offers Undo) for one row of the history. */
export function HistoryRowActions({ id, title }: { id: string; title: string }) {
  const router = useRouter();
  const confirm = useConfirm();
  const toast = useToast();
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

  async function remove() {
    const ok = await confirm({
      title: "Delete this comparison?",
      description: (
        <>&ldquo;{title}&rdquo; leaves the history with its answers, votes and share links. You can undo this for a few seconds.</>
      ),
      confirmLabel: "Delete",
    });
    if (!ok) return;
    startTransition(async () => {
      const result = await deleteComparisonAction(id);
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      router.refresh();
      toast.show({
        message: <>Deleted &ldquo;{title}&rdquo;.</>,
        durationMs: UNDO_MS,
        focusAction: true,
        action: {
          label: "Undo",
          run: async () => {
            const undone = await restoreComparisonAction(id);
            router.refresh();
            return undone.ok ? <>Restored &ldquo;{title}&rdquo;.</> : undone.error.message;
          },
        },
      });
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
          className={`${inputClasses(Boolean(error))} h-8 w-full min-w-0 flex-1 px-2.5 text-sm sm:min-w-64`}
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
    <div className="relative z-10 ml-auto flex gap-1">
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
