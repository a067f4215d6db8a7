"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { renameTeamAction } from "@/app/teams/actions";
import { Button } from "@/components/ui/button";
import { FieldError, inputClasses } from "@/components/ui/field";
import { callAction } from "@/lib/client/call-server";
import { TEAM_NAME_MAX } from "@/lib/teams/schema";

/** The team's name as the page heading, with Rename for owners and admins. */
export function TeamName({ teamId, name, canRename }: { teamId: string; name: string; canRename: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function save(event: FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await callAction(renameTeamAction(teamId, { name: value }));
      if (!result.ok) return setError(result.error.message);
      setError(null);
      setEditing(false);
      router.refresh();
    });
  }

  if (editing)
    return (
      <form onSubmit={save} noValidate className="flex flex-wrap items-start gap-2">
        <label htmlFor="rename-team" className="sr-only">
          Team name
        </label>
        <input
          id="rename-team"
          autoFocus
          value={value}
          maxLength={TEAM_NAME_MAX}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "rename-team-error" : undefined}
          className={`${inputClasses(Boolean(error))} h-9 min-w-64 flex-1 px-3 text-base font-semibold`}
        />
        <Button type="submit" variant="primary" disabled={pending}>
          Save
        </Button>
        <Button
          onClick={() => {
            setEditing(false);
            setValue(name);
            setError(null);
          }}
        >
          Cancel
        </Button>
        {error ? (
          <FieldError id="rename-team-error" className="basis-full">
            {error}
          </FieldError>
        ) : null}
      </form>
    );
  return (
    <div className="flex flex-wrap items-center gap-2">
      <h1 className="text-lg font-semibold tracking-tight">{name}</h1>
      {canRename ? (
        <Button size="sm" variant="ghost" onClick={() => setEditing(true)} aria-label={`Rename ${name}`}>
          Rename
        </Button>
      ) : null}
    </div>
  );
}
