"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { createTeamAction } from "@/app/teams/actions";
import { Button } from "@/components/ui/button";
import { FieldError, inputClasses } from "@/components/ui/field";
import { callAction } from "@/lib/client/call-server";
import { TEAM_NAME_MAX } from "@/lib/teams/schema";

/** "New team": a name; the creator becomes its owner and lands on the team's page. */
export function CreateTeamForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await callAction(createTeamAction({ name }));
      if (!result.ok) return setError(result.error.message);
      setError(null);
      router.push(`/teams/${result.data.id}`);
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-team-heading" className="flex flex-wrap items-end gap-2">
      <h2 id="new-team-heading" className="sr-only">
        New team
      </h2>
      <div className="grid min-w-64 flex-1 gap-1">
        <label htmlFor="team-name" className="text-sm font-medium">
          New team
        </label>
        <input
          id="team-name"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
          placeholder="e.g. Support bot evaluation"
          maxLength={TEAM_NAME_MAX}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "team-name-error" : undefined}
          className={`${inputClasses(Boolean(error))} block h-9 w-full px-3 text-sm`}
        />
      </div>
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Creating…" : "Create team"}
      </Button>
      {error ? (
        <FieldError id="team-name-error" className="basis-full">
          {error}
        </FieldError>
      ) : null}
    </form>
  );
}
