"use client";

import { useState, useTransition } from "react";
import { setOverrideAction, updateAccountAction } from "@/app/admin/actions";

const button =
  "rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** Approve / disable / make admin buttons of one account. */
export function AccountButtons({ id, status, isAdmin, self }: { id: string; status: string; isAdmin: boolean; self: boolean }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const act = (patch: { status?: "active" | "disabled"; isAdmin?: boolean }) =>
    start(async () => {
      const r = await updateAccountAction(id, patch);
      setError(r.ok ? null : r.error.message);
    });
  return (
    <div className="flex flex-wrap items-center gap-1">
      {status !== "active" && (
        <button type="button" className={button} disabled={pending} onClick={() => act({ status: "active" })}>
          {status === "pending" ? "Approve" : "Enable"}
        </button>
      )}
      {status !== "disabled" && !self && (
        <button type="button" className={button} disabled={pending} onClick={() => act({ status: "disabled" })}>
          Disable
        </button>
      )}
      {!self && (
        <button type="button" className={button} disabled={pending} onClick={() => act({ isAdmin: !isAdmin })}>
          {isAdmin ? "Remove admin" : "Make admin"}
        </button>
      )}
      {error && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
    </div>
  );
}

type Fields = { requestsPerMinute: number | null; concurrentPanes: number | null; dailyUsd: number | null; monthlyUsd: number | null };

const input =
  "h-8 w-24 rounded-md border border-zinc-300 bg-white px-2 text-sm tabular-nums focus-visible:outline-2 focus-visible:outline-indigo-600 dark:border-zinc-700 dark:bg-zinc-900";

/** The override editor of one person or team: empty = the instance default. */
export function OverrideForm({ scope, id, label, current }: { scope: "user" | "team"; id: string; label: string; current: Fields | null }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const num = (v: FormDataEntryValue | null) => (typeof v === "string" && v.trim() !== "" ? Number(v) : null);
  return (
    <form
      aria-label={`Limits of ${label}`}
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        start(async () => {
          const r = await setOverrideAction({
            scope,
            id,
            requestsPerMinute: num(f.get("requestsPerMinute")),
            concurrentPanes: num(f.get("concurrentPanes")),
            dailyUsd: num(f.get("dailyUsd")),
            monthlyUsd: num(f.get("monthlyUsd")),
          });
          setMessage(r.ok ? { ok: true, text: "Saved." } : { ok: false, text: r.error.message });
        });
      }}
    >
      {(
        [
          ["requestsPerMinute", "Requests / min"],
          ["concurrentPanes", "Panes at once"],
          ["dailyUsd", "Daily USD"],
          ["monthlyUsd", "Monthly USD"],
        ] as const
      ).map(([name, text]) => (
        <label key={name} className="flex flex-col text-xs text-zinc-600 dark:text-zinc-400">
          {text}
          <input
            name={name}
            type="number"
            min={0}
            step="any"
            placeholder="default"
            defaultValue={current?.[name] ?? ""}
            className={input}
          />
        </label>
      ))}
      <button type="submit" className={button} disabled={pending}>
        Save
      </button>
      {message && (
        <span
          role={message.ok ? "status" : "alert"}
          className={`text-xs ${message.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}
        >
          {message.text}
        </span>
      )}
    </form>
  );
}
