"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { acceptInviteAction } from "@/app/invite/actions";
import { Button } from "@/components/ui/button";
import { callAction } from "@/lib/client/call-server";

/** Accept: joins the team (once), then opens it. */
export function AcceptInvite({ token, teamName }: { token: string; teamName: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function accept() {
    startTransition(async () => {
      const result = await callAction(acceptInviteAction(token));
      if (!result.ok) return setError(result.error.message);
      router.push(`/teams/${result.data.team.id}`);
    });
  }

  return (
    <div className="mt-2 grid gap-2">
      <Button variant="primary" onClick={accept} disabled={pending} aria-describedby={error ? "accept-error" : undefined}>
        {pending ? "Joining…" : `Accept and join ${teamName}`}
      </Button>
      {error ? (
        <p id="accept-error" role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
