"use client";

import { useCallback, useEffect, useId, useState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { FieldError, inputClasses } from "@/components/ui/field";
import { CheckIcon, CopyIcon, DownloadIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { callApi, sendJson, type ApiResult } from "@/lib/client/call-server";
import { writeClipboard } from "@/lib/client/clipboard";

type Share = { id: string; createdAt: string; expiresAt: string | null; status: "active" | "expired" | "revoked" };

const listShares = (base: string) => callApi<{ shares: Share[] }>(base, { cache: "no-store" }, "load the links");

const day = (iso: string) => new Date(iso).toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric" });

/**
 * Read-only links to a scorecard (POST/GET/DELETE /api/v1/scorecards/<id>/shares), as for the
 * results of an evaluation; and the evidence export (JSON). A new link's address is shown once;
 * the list shows each link's status, never its token.
 */
export function ScorecardShare({ scorecardId, runId, canShare }: { scorecardId: string; runId: string | null; canShare: boolean }) {
  const base = `/api/v1/scorecards/${encodeURIComponent(scorecardId)}/shares`;
  const [shares, setShares] = useState<Share[] | null>(null);
  const [days, setDays] = useState("30");
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field: string | null } | null>(null);
  const id = useId();

  const show = useCallback((result: ApiResult<{ shares: Share[] }>) => {
    if (result.ok) setShares(result.data.shares);
    else setError({ message: result.error.message, field: null });
  }, []);
  const load = useCallback(async () => show(await listShares(base)), [base, show]);
  useEffect(() => {
    if (!canShare) return;
    let live = true;
    void listShares(base).then((result) => live && show(result));
    return () => {
      live = false;
    };
  }, [base, show, canShare]);

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setCopied(false);
    const body = days === "never" ? {} : { expiresInDays: Number(days) };
    const result = await sendJson<{ url?: string }>(base, "POST", body, "make the link");
    setBusy(false);
    if (!result.ok) return setError({ message: result.error.message, field: result.error.field });
    if (!result.data?.url) return setError({ message: "The link could not be made.", field: null });
    setCreated(result.data.url);
    void load();
  }

  async function revoke(shareId: string) {
    setBusy(true);
    const result = await callApi(`${base}/${encodeURIComponent(shareId)}`, { method: "DELETE" }, "revoke the link");
    setBusy(false);
    if (!result.ok) setError({ message: result.error.message, field: null });
    void load();
  }

  return (
    <section
      aria-labelledby={`${id}-title`}
      className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id={`${id}-title`} className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
        Evidence and sharing
      </h2>
      <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
        The evidence of every run: exact request parameters, provider request ids, timings, raw outputs and checker results.
      </p>
      {runId ? (
        <p className="mt-2">
          <a
            href={`/api/v1/scorecards/${encodeURIComponent(scorecardId)}/runs/${encodeURIComponent(runId)}/export`}
            download
            className={buttonClasses({ variant: "secondary", size: "sm" })}
          >
            <DownloadIcon className="size-3.5" />
            Export the latest run&rsquo;s evidence (JSON)
          </a>
        </p>
      ) : (
        <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">The evidence can be exported once a run has made calls.</p>
      )}
      {canShare ? (
        <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-400">
          A read-only link anyone can open without signing in: the verdicts, intervals, history and drifts.
        </p>
      ) : null}
      {canShare ? (
        <form onSubmit={create} className="mt-3 flex flex-wrap items-end gap-2">
          <label className="grid gap-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
            Expires
            <select
              value={days}
              onChange={(e) => setDays(e.target.value)}
              aria-invalid={error?.field === "expiresInDays" || undefined}
              aria-describedby={error?.field === "expiresInDays" ? `${id}-error` : undefined}
              className={`${inputClasses(error?.field === "expiresInDays")} h-9 px-2 text-sm`}
            >
              <option value="7">in 7 days</option>
              <option value="30">in 30 days</option>
              <option value="365">in a year</option>
              <option value="never">never</option>
            </select>
          </label>
          <Button type="submit" variant="primary" disabled={busy}>
            Create link
          </Button>
          {busy ? <Spinner /> : null}
        </form>
      ) : null}
      {error ? <FieldError id={`${id}-error`}>{error.message}</FieldError> : null}
      {created ? (
        <div className="mt-3 flex flex-wrap items-center gap-2 rounded-lg bg-emerald-50 p-2 text-sm dark:bg-emerald-950/50">
          <label htmlFor={`${id}-url`} className="text-xs font-medium text-emerald-900 dark:text-emerald-200">
            New link (shown once):
          </label>
          <input
            id={`${id}-url`}
            readOnly
            value={created}
            onFocus={(e) => e.target.select()}
            className={`${inputClasses()} h-8 min-w-0 flex-1 px-2 font-mono text-xs`}
          />
          <Button
            size="sm"
            onClick={async () => {
              await writeClipboard(created);
              setCopied(true);
            }}
          >
            {copied ? <CheckIcon className="size-3.5" /> : <CopyIcon className="size-3.5" />}
            {copied ? "Copied" : "Copy"}
          </Button>
        </div>
      ) : null}
      {shares && shares.length > 0 ? (
        <ul className="mt-3 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          {shares.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="text-zinc-700 dark:text-zinc-300">
                Link made {day(s.createdAt)} ·{" "}
                {s.status === "active" ? (s.expiresAt ? `expires ${day(s.expiresAt)}` : "no expiry") : s.status}
              </span>
              {s.status === "active" ? (
                <Button
                  size="sm"
                  variant="danger"
                  disabled={busy}
                  onClick={() => revoke(s.id)}
                  aria-label={`Revoke the link made ${day(s.createdAt)}`}
                >
                  Revoke
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
