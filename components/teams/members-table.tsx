"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { changeRoleAction, removeMemberAction } from "@/app/teams/actions";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { FieldError, inputClasses } from "@/components/ui/field";
import { callAction } from "@/lib/client/call-server";
import type { TeamRole } from "@/lib/generated/prisma/enums";
import { ROLE_LABELS } from "@/lib/teams/permissions";
import { assignableRoles, type AssignableRole } from "@/lib/teams/schema";
import type { MemberView } from "@/lib/teams/service";
import { ROLE_HELP, ROLE_TONES } from "./roles";

function when(iso: string): string {
  return new Date(iso).toLocaleDateString("en-US", { dateStyle: "medium" });
}

/**
 * The members with their roles. Owners and admins change roles (never the owner's: ownership moves
 * by transfer) and remove members (never the owner), after confirming.
 */
export function MembersTable({
  teamId,
  members,
  viewerId,
  canManage,
}: {
  teamId: string;
  members: MemberView[];
  viewerId: string;
  canManage: boolean;
}) {
  const router = useRouter();
  const confirm = useConfirm();
  const [error, setError] = useState<{ userId: string; message: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const label = (m: MemberView) => m.name ?? m.email ?? m.userId;

  async function changeRole(m: MemberView, role: AssignableRole) {
    if (role === m.role) return;
    const self = m.userId === viewerId;
    const note = self && role !== "admin" ? " You will no longer be able to manage members." : "";
    // the select is controlled by the stored role: declining leaves it as it was
    const ok = await confirm({
      title: `Make ${self ? "yourself" : label(m)} ${ROLE_LABELS[role].toLowerCase()}?`,
      description: `${ROLE_LABELS[role]}: ${ROLE_HELP[role]}.${note}`,
      confirmLabel: `Make ${ROLE_LABELS[role].toLowerCase()}`,
      tone: self && role !== "admin" ? "danger" : "primary",
    });
    if (!ok) return;
    startTransition(async () => {
      const result = await callAction(changeRoleAction(teamId, m.userId, { role }));
      setError(result.ok ? null : { userId: m.userId, message: result.error.message });
      router.refresh();
    });
  }

  async function remove(m: MemberView) {
    const ok = await confirm({
      title: `Remove ${label(m)} from the team?`,
      description: "They lose access to its comparisons and evaluation sessions at once; a new invitation brings them back.",
      confirmLabel: "Remove",
    });
    if (!ok) return;
    startTransition(async () => {
      const result = await callAction(removeMemberAction(teamId, m.userId));
      setError(result.ok ? null : { userId: m.userId, message: result.error.message });
      router.refresh();
    });
  }

  return (
    <section aria-labelledby="members-heading" className="mt-8">
      <h2 id="members-heading" className="mb-2 text-sm font-semibold">
        Members <span className="font-normal text-zinc-500 tabular-nums dark:text-zinc-400">({members.length})</span>
      </h2>
      <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Team members and their roles</caption>
          <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                Person
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Role
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Joined
              </th>
              <th scope="col" className="px-4 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {members.map((m) => {
              const editable = canManage && m.role !== "owner";
              const errorId = `member-${m.userId}-error`;
              return (
                <tr key={m.userId}>
                  <td className="px-4 py-2.5">
                    <span className="font-medium">{label(m)}</span>
                    {m.userId === viewerId ? <span className="text-zinc-500 dark:text-zinc-400"> (you)</span> : null}
                    {m.name && m.email ? <span className="block text-xs text-zinc-500 dark:text-zinc-400">{m.email}</span> : null}
                    {error?.userId === m.userId ? <FieldError id={errorId}>{error.message}</FieldError> : null}
                  </td>
                  <td className="px-4 py-2.5">
                    {editable ? (
                      <>
                        <label htmlFor={`role-${m.userId}`} className="sr-only">
                          Role of {label(m)}
                        </label>
                        <select
                          id={`role-${m.userId}`}
                          value={m.role}
                          disabled={pending}
                          onChange={(e) => changeRole(m, e.target.value as AssignableRole)}
                          aria-invalid={error?.userId === m.userId ? true : undefined}
                          aria-describedby={error?.userId === m.userId ? errorId : undefined}
                          className={`${inputClasses(error?.userId === m.userId)} h-8 px-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500`}
                        >
                          {assignableRoles.map((r) => (
                            <option key={r} value={r}>
                              {ROLE_LABELS[r]}
                            </option>
                          ))}
                        </select>
                      </>
                    ) : (
                      <Badge tone={ROLE_TONES[m.role as TeamRole]} title={ROLE_HELP[m.role]}>
                        {ROLE_LABELS[m.role]}
                      </Badge>
                    )}
                  </td>
                  <td className="px-4 py-2.5 text-zinc-600 tabular-nums dark:text-zinc-400">{when(m.joinedAt)}</td>
                  <td className="px-4 py-2.5 text-right">
                    {editable && m.userId !== viewerId ? (
                      <Button size="sm" variant="danger" disabled={pending} onClick={() => remove(m)} aria-label={`Remove ${label(m)}`}>
                        Remove
                      </Button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
