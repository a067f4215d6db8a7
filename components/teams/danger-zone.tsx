"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteTeamAction, leaveTeamAction, transferOwnershipAction } from "@/app/teams/actions";
import { Button } from "@/components/ui/button";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { FieldError, inputClasses } from "@/components/ui/field";
import { callAction } from "@/lib/client/call-server";
import { formatCount } from "@/lib/format";
import type { TeamRole } from "@/lib/generated/prisma/enums";
import { ROLE_LABELS } from "@/lib/teams/permissions";

type Member = { userId: string; label: string; role: TeamRole };

function plural(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${formatCount(n)} ${many}`;
}

/** Transfer ownership (owner), leave, delete (owner): each asks first. */
export function DangerZone({
  teamId,
  teamName,
  role,
  viewerId,
  members,
  contents,
}: {
  teamId: string;
  teamName: string;
  role: TeamRole;
  viewerId: string;
  members: Member[];
  contents: { comparisons: number; sessions: number };
}) {
  const router = useRouter();
  const confirm = useConfirm();
  const others = members.filter((m) => m.userId !== viewerId);
  const [heir, setHeir] = useState(others[0]?.userId ?? "");
  const [error, setError] = useState<{ at: "transfer" | "leave" | "delete"; message: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const owner = role === "owner";
  const alone = others.length === 0;
  const what = `${plural(contents.comparisons, "comparison", "comparisons")} and ${plural(contents.sessions, "evaluation session", "evaluation sessions")}`;

  async function transfer() {
    const to = others.find((m) => m.userId === heir);
    if (!to) return setError({ at: "transfer", message: "Choose the member who becomes the owner." });
    const ok = await confirm({
      title: `Make ${to.label} the owner of ${teamName}?`,
      description: "You become an admin, and only the new owner can delete the team or transfer it again.",
      confirmLabel: "Transfer ownership",
    });
    if (!ok) return;
    startTransition(async () => {
      const result = await callAction(transferOwnershipAction(teamId, to.userId));
      if (!result.ok) return setError({ at: "transfer", message: result.error.message });
      setError(null);
      router.refresh();
    });
  }

  async function leave() {
    const ok = await confirm(
      owner
        ? {
            title: `Leave and delete ${teamName}?`,
            description: `You are the only member: leaving deletes ${teamName} with its ${what}. This cannot be undone.`,
            confirmLabel: "Leave and delete",
          }
        : {
            title: `Leave ${teamName}?`,
            description: "You lose access to its comparisons and evaluation sessions; you need a new invitation to come back.",
            confirmLabel: "Leave",
          },
    );
    if (!ok) return;
    startTransition(async () => {
      const result = await callAction(leaveTeamAction(teamId));
      if (!result.ok) return setError({ at: "leave", message: result.error.message });
      router.push("/teams");
    });
  }

  async function remove() {
    const ok = await confirm({
      title: `Delete ${teamName}?`,
      description: `${teamName} goes with its ${what} and every invitation. Members lose access at once. This cannot be undone.`,
      confirmLabel: "Delete team",
    });
    if (!ok) return;
    startTransition(async () => {
      const result = await callAction(deleteTeamAction(teamId));
      if (!result.ok) return setError({ at: "delete", message: result.error.message });
      router.push("/teams");
    });
  }

  return (
    <section aria-labelledby="danger-heading" className="mt-8 rounded-xl border border-red-200 p-4 dark:border-red-900/60">
      <h2 id="danger-heading" className="text-sm font-semibold">
        {owner ? "Leave, transfer or delete" : "Leave the team"}
      </h2>
      <div className="mt-3 grid gap-4">
        {owner && !alone ? (
          <div>
            <div className="flex flex-wrap items-end gap-2">
              <div className="grid gap-1">
                <label htmlFor="transfer-to" className="text-xs font-medium">
                  Transfer ownership to
                </label>
                <select
                  id="transfer-to"
                  value={heir}
                  onChange={(e) => setHeir(e.target.value)}
                  aria-invalid={error?.at === "transfer" ? true : undefined}
                  aria-describedby={error?.at === "transfer" ? "transfer-error" : "transfer-help"}
                  className={`${inputClasses(error?.at === "transfer")} h-9 min-w-56 px-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500`}
                >
                  {others.map((m) => (
                    <option key={m.userId} value={m.userId}>
                      {m.label} ({ROLE_LABELS[m.role]})
                    </option>
                  ))}
                </select>
              </div>
              <Button onClick={transfer} disabled={pending}>
                Transfer ownership
              </Button>
            </div>
            <p id="transfer-help" className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
              You become an admin.
            </p>
            {error?.at === "transfer" ? <FieldError id="transfer-error">{error.message}</FieldError> : null}
          </div>
        ) : null}
        <div>
          <div className="flex flex-wrap items-center gap-2">
            <Button
              variant="danger"
              onClick={leave}
              disabled={pending || (owner && !alone)}
              aria-describedby="leave-help"
              className="disabled:cursor-not-allowed disabled:opacity-50"
            >
              {owner && alone ? "Leave and delete team" : "Leave team"}
            </Button>
            <span id="leave-help" className="text-xs text-zinc-500 dark:text-zinc-400">
              {owner && !alone
                ? "As the owner, transfer ownership to another member before leaving."
                : owner
                  ? `You are the only member: leaving deletes the team with its ${what}.`
                  : "You need a new invitation to come back."}
            </span>
          </div>
          {error?.at === "leave" ? <FieldError id="leave-error">{error.message}</FieldError> : null}
        </div>
        {owner ? (
          <div>
            <div className="flex flex-wrap items-center gap-2">
              <Button variant="danger" onClick={remove} disabled={pending}>
                Delete team
              </Button>
              <span className="text-xs text-zinc-500 dark:text-zinc-400">Deletes its {what}, for every member.</span>
            </div>
            {error?.at === "delete" ? <FieldError id="delete-error">{error.message}</FieldError> : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}
