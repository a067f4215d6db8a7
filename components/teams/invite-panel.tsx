"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { createInviteAction, revokeInviteAction } from "@/app/teams/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { FieldError, inputClasses } from "@/components/ui/field";
import { callAction } from "@/lib/client/call-server";
import type { MailStatus } from "@/lib/teams/mail";
import { ROLE_LABELS } from "@/lib/teams/permissions";
import { assignableRoles, INVITE_DEFAULT_DAYS, INVITE_MAX_DAYS, type AssignableRole } from "@/lib/teams/schema";
import type { InviteStatus, InviteView } from "@/lib/teams/service";
import { ROLE_HELP } from "./roles";
import { writeClipboard } from "@/lib/client/clipboard";

function when(iso: string): string {
  return new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
}

const statusTone: Record<InviteStatus, "green" | "neutral" | "red" | "amber"> = {
  pending: "green",
  used: "neutral",
  revoked: "red",
  expired: "amber",
};
const statusLabel: Record<InviteStatus, string> = { pending: "Open", used: "Accepted", revoked: "Revoked", expired: "Expired" };

type Created = { url: string; email: string | null; mail: MailStatus | null };

/** Invite by link or by email (single use, expiring), see who was invited, revoke open invitations. */
export function InvitePanel({
  teamId,
  invites,
  mailReady,
  local,
}: {
  teamId: string;
  invites: InviteView[];
  mailReady: boolean;
  local: boolean;
}) {
  const router = useRouter();
  const confirm = useConfirm();
  const [role, setRole] = useState<AssignableRole>("member");
  const [email, setEmail] = useState("");
  const [days, setDays] = useState(String(INVITE_DEFAULT_DAYS));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<Created | null>(null);
  const [copied, setCopied] = useState(false);
  const [listError, setListError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent) {
    event.preventDefault();
    const n = Number(days);
    if (days.trim() === "" || !Number.isInteger(n))
      return setErrors({ expiresInDays: `Enter a whole number of days from 1 to ${INVITE_MAX_DAYS}.` });
    startTransition(async () => {
      const result = await callAction(
        createInviteAction(teamId, { role, expiresInDays: n, ...(email.trim() ? { email: email.trim() } : {}) }),
      );
      if (!result.ok) {
        const field = result.error.field;
        return setErrors({ [field === "email" || field === "role" || field === "expiresInDays" ? field : "form"]: result.error.message });
      }
      setErrors({});
      setCreated({ url: result.data.url, email: result.data.invite.email, mail: result.data.mail });
      setCopied(false);
      setEmail("");
      router.refresh();
    });
  }

  async function revoke(invite: InviteView) {
    const who = invite.email ? ` for ${invite.email}` : "";
    const ok = await confirm({
      title: `Revoke this invitation${who}?`,
      description: "Its link stops working at once.",
      confirmLabel: "Revoke",
    });
    if (!ok) return;
    startTransition(async () => {
      const result = await callAction(revokeInviteAction(teamId, invite.id));
      setListError(result.ok ? null : result.error.message);
      router.refresh();
    });
  }

  const showLink = created && (created.mail === null || created.mail !== "sent");
  const fieldProps = (name: string) => ({
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `invite-${name}-error` : undefined,
  });

  return (
    <section aria-labelledby="invite-heading" className="mt-8">
      <h2 id="invite-heading" className="mb-1 text-sm font-semibold">
        Invite people
      </h2>
      <p className="mb-3 text-xs text-zinc-600 dark:text-zinc-400">
        An invitation link works once and expires. With an email address, only someone signed in with that address can accept it
        {mailReady
          ? ", and the link is mailed to them."
          : "; no mail server is configured (EMAIL_SERVER), so you copy the link and send it yourself."}
        {local ? " In local mode nobody else can sign in to accept it." : ""}
      </p>
      <form
        onSubmit={submit}
        noValidate
        className="grid gap-3 rounded-xl border border-zinc-200 bg-white p-4 sm:grid-cols-[10rem_1fr_7rem_auto] sm:items-start dark:border-zinc-800 dark:bg-zinc-900"
      >
        <div className="grid gap-1">
          <label htmlFor="invite-role" className="text-xs font-medium">
            Role
          </label>
          <select
            id="invite-role"
            value={role}
            onChange={(e) => setRole(e.target.value as AssignableRole)}
            {...fieldProps("role")}
            className={`${inputClasses(Boolean(errors.role))} h-9 px-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500`}
          >
            {assignableRoles.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          <p className="text-[11px] leading-4 text-zinc-500 dark:text-zinc-400">{ROLE_HELP[role]}</p>
          {errors.role ? <FieldError id="invite-role-error">{errors.role}</FieldError> : null}
        </div>
        <div className="grid gap-1">
          <label htmlFor="invite-email" className="text-xs font-medium">
            Email <span className="font-normal text-zinc-500 dark:text-zinc-400">(optional: blank makes a link for anyone)</span>
          </label>
          <input
            id="invite-email"
            type="email"
            value={email}
            maxLength={320}
            onChange={(e) => {
              setEmail(e.target.value);
              setErrors(({ email: _, ...rest }) => rest);
            }}
            placeholder="name@example.com"
            {...fieldProps("email")}
            className={`${inputClasses(Boolean(errors.email))} h-9 px-3 text-sm`}
          />
          {errors.email ? <FieldError id="invite-email-error">{errors.email}</FieldError> : null}
        </div>
        <div className="grid gap-1">
          <label htmlFor="invite-days" className="text-xs font-medium">
            Expires in (days)
          </label>
          <input
            id="invite-days"
            type="number"
            inputMode="numeric"
            min={1}
            max={INVITE_MAX_DAYS}
            value={days}
            onChange={(e) => {
              setDays(e.target.value);
              setErrors(({ expiresInDays: _, ...rest }) => rest);
            }}
            {...fieldProps("expiresInDays")}
            className={`${inputClasses(Boolean(errors.expiresInDays))} h-9 px-3 text-sm tabular-nums`}
          />
          {errors.expiresInDays ? <FieldError id="invite-expiresInDays-error">{errors.expiresInDays}</FieldError> : null}
        </div>
        <div className="grid gap-1">
          <span aria-hidden="true" className="hidden text-xs sm:block">
            &nbsp;
          </span>
          <Button type="submit" variant="primary" disabled={pending}>
            {email.trim() ? (mailReady ? "Send invitation" : "Create invitation") : "Create link"}
          </Button>
        </div>
        {errors.form ? (
          <p role="alert" className="text-sm text-red-700 sm:col-span-4 dark:text-red-400">
            {errors.form}
          </p>
        ) : null}
      </form>

      {created ? (
        <div
          role="status"
          className="mt-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-800 dark:bg-emerald-950/50"
        >
          {created.mail === "sent" ? (
            <p className="font-medium">Invitation mailed to {created.email}. It works once, for that address only.</p>
          ) : (
            <>
              <p className="font-medium">
                {created.mail === "not_configured"
                  ? `No mail server is configured, so nothing was sent to ${created.email}. Copy the link and send it yourself; only ${created.email} can accept it.`
                  : created.mail === "failed"
                    ? `The mail server did not take the message for ${created.email}. Copy the link and send it yourself; only ${created.email} can accept it.`
                    : "Invitation link created. Copy it now: it is not shown again, and it works once."}
              </p>
              {showLink ? (
                <div className="mt-2 flex items-center gap-2">
                  <code
                    aria-label="New invitation link"
                    className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900"
                  >
                    {created.url}
                  </code>
                  <Button
                    size="sm"
                    onClick={() => {
                      void writeClipboard(created.url);
                      setCopied(true);
                    }}
                  >
                    {copied ? "Copied" : "Copy link"}
                  </Button>
                </div>
              ) : null}
            </>
          )}
        </div>
      ) : null}

      <h3 className="mt-6 mb-2 text-xs font-semibold text-zinc-700 dark:text-zinc-300">Invitations</h3>
      {listError ? (
        <p role="alert" className="mb-2 text-sm text-red-700 dark:text-red-400">
          {listError}
        </p>
      ) : null}
      {invites.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No invitations yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Invitations, newest first</caption>
            <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  For
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Role
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Expires
                </th>
                <th scope="col" className="px-4 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {invites.map((i) => (
                <tr key={i.id} className={i.status === "pending" ? "" : "text-zinc-500 dark:text-zinc-400"}>
                  <td className="px-4 py-2.5">
                    {i.email ?? "Anyone with the link"}
                    <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                      by {i.createdBy?.name ?? "someone"}, {when(i.createdAt)}
                      {i.usedBy ? ` · accepted by ${i.usedBy.name ?? "someone"}` : ""}
                    </span>
                  </td>
                  <td className="px-4 py-2.5">{ROLE_LABELS[i.role]}</td>
                  <td className="px-4 py-2.5">
                    <Badge tone={statusTone[i.status]}>{statusLabel[i.status]}</Badge>
                  </td>
                  <td className="px-4 py-2.5 tabular-nums">{when(i.expiresAt)}</td>
                  <td className="px-4 py-2.5 text-right">
                    {i.status === "pending" ? (
                      <Button
                        size="sm"
                        variant="danger"
                        disabled={pending}
                        onClick={() => revoke(i)}
                        aria-label={`Revoke the ${ROLE_LABELS[i.role].toLowerCase()} invitation for ${i.email ?? "anyone with the link"}`}
                      >
                        Revoke
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
