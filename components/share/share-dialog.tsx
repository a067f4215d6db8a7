"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { createShareAction, listSharesAction, refreshShareAction, revokeShareAction } from "@/app/share-actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { CheckIcon, CloseIcon, CopyIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { callAction } from "@/lib/client/call-server";
import type { ShareSummary } from "@/lib/shares/service";
import { formatLocal } from "./format";
import { LinkIcon } from "@/components/ui/icons";
import { writeClipboard } from "@/lib/client/clipboard";

const expiryOptions = [
  { value: "", label: "Never" },
  { value: "1", label: "In 1 day" },
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In 1 year" },
];

const statusTone = { active: "green", expired: "neutral", revoked: "red" } as const;
const statusLabel = { active: "Active", expired: "Expired", revoked: "Revoked" } as const;

/**
 * "Share comparison": make a read-only link (optionally expiring), show it once with a copy
 * button, and list the comparison's links with "Update" (to the current state) and "Revoke".
 */
export function ShareDialog({
  comparisonId,
  open,
  onClose,
  running,
}: {
  comparisonId: string;
  open: boolean;
  onClose: () => void;
  running: boolean;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const urlRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const [shares, setShares] = useState<ShareSummary[] | null>(null);
  const [expiry, setExpiry] = useState("");
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ url: string; shareId: string } | null>(null);
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState("");

  const load = useCallback(async () => {
    const result = await callAction(listSharesAction(comparisonId));
    if (!result.ok) {
      setError(result.error.message);
      setShares((s) => s ?? []);
      return;
    }
    setShares(result.data.shares);
  }, [comparisonId]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setCreated(null);
      setError(null);
      setNotice("");
      setCopied("idle");
      setShares(null);
      dialog.showModal();
      void load();
    } else if (!open && dialog.open) dialog.close();
  }, [open, load]);

  useEffect(() => {
    if (copied === "idle") return;
    const timer = setTimeout(() => setCopied("idle"), 1800);
    return () => clearTimeout(timer);
  }, [copied]);

  async function create() {
    if (creating) return;
    setCreating(true);
    setError(null);
    const input = expiry ? { expiresInDays: Number(expiry) } : {};
    const result = await callAction(createShareAction(comparisonId, input));
    setCreating(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    const url = new URL(result.data.path, window.location.origin).toString();
    setCreated({ url, shareId: result.data.share.id });
    setShares((s) => [result.data.share, ...(s ?? [])]);
    setNotice("Link created.");
    requestAnimationFrame(() => urlRef.current?.select());
  }

  async function change(share: ShareSummary, kind: "revoke" | "refresh") {
    if (pending) return;
    setPending(share.id);
    setError(null);
    const result = await callAction(
      kind === "revoke" ? revokeShareAction(comparisonId, share.id) : refreshShareAction(comparisonId, share.id),
    );
    setPending(null);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    const next = result.data.share;
    setShares((s) => (s ?? []).map((x) => (x.id === next.id ? next : x)));
    if (kind === "revoke" && created?.shareId === share.id) setCreated(null);
    setNotice(
      kind === "revoke"
        ? `Link created ${formatLocal(share.createdAt)} revoked.`
        : `Link created ${formatLocal(share.createdAt)} now shows the comparison as it is now.`,
    );
  }

  // "Nov 26, 2025, 4:34:12 PM", numbered when two links were made in the same second (the API
  // can), so every "Revoke link created ..." button keeps a name of its own
  const times = (shares ?? []).map((s) => formatLocal(s.createdAt));
  const linkNames = times.map((t, i) =>
    times.filter((x) => x === t).length > 1 ? `${t} (${times.slice(i).filter((x) => x === t).length})` : t,
  );

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-about`}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === dialogRef.current) dialogRef.current.close();
      }}
      className="m-auto max-h-[min(44rem,calc(100vh-2rem))] w-[min(36rem,calc(100vw-2rem))] overflow-hidden rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/40 backdrop:backdrop-blur-[1px] dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {open ? (
        <div className="flex max-h-[min(44rem,calc(100vh-2rem))] flex-col">
          <div className="flex items-center justify-between gap-4 border-b border-zinc-200 px-5 py-3 dark:border-zinc-800">
            <h2 id={`${id}-title`} className="text-base font-semibold">
              Share comparison
            </h2>
            <Button variant="ghost" size="icon" aria-label="Close" onClick={() => dialogRef.current?.close()}>
              <CloseIcon />
            </Button>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">
            <p id={`${id}-about`} className="text-sm text-zinc-600 dark:text-zinc-400">
              Anyone with the link can open a read-only copy of this comparison as it is now (prompts, system prompt, parameters, answers
              and metrics) without signing in. Later turns appear only if you update the link.
            </p>
            {running ? (
              <p className="mt-2 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
                Some answers are still streaming: a link made now shows them as far as they got. Update the link when they finish.
              </p>
            ) : null}
            <form
              className="mt-4 flex flex-wrap items-end gap-3"
              onSubmit={(e) => {
                e.preventDefault();
                void create();
              }}
            >
              <div>
                <label htmlFor={`${id}-expiry`} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
                  Link expires
                </label>
                <select
                  id={`${id}-expiry`}
                  value={expiry}
                  onChange={(e) => setExpiry(e.target.value)}
                  className={`${inputClasses()} mt-1 h-9 w-40 px-2.5 text-sm`}
                >
                  {expiryOptions.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </div>
              <Button type="submit" variant="primary" disabled={creating}>
                {creating ? <Spinner className="size-4" /> : <LinkIcon className="size-4" />}
                Create link
              </Button>
            </form>

            {created ? (
              <div className="mt-4 rounded-lg border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-800 dark:bg-emerald-950/50">
                <label htmlFor={`${id}-url`} className="block text-xs font-medium text-emerald-900 dark:text-emerald-200">
                  New link: copy it now, it is shown only once
                </label>
                <div className="mt-1.5 flex gap-2">
                  <input
                    ref={urlRef}
                    id={`${id}-url`}
                    readOnly
                    value={created.url}
                    onFocus={(e) => e.currentTarget.select()}
                    className={`${inputClasses()} h-9 min-w-0 flex-1 px-2.5 font-mono text-xs`}
                  />
                  <Button onClick={async () => setCopied((await writeClipboard(created.url)) ? "copied" : "failed")}>
                    {copied === "copied" ? <CheckIcon className="size-4 text-emerald-600" /> : <CopyIcon className="size-4" />}
                    {copied === "copied" ? "Copied" : copied === "failed" ? "Copy failed" : "Copy link"}
                  </Button>
                </div>
              </div>
            ) : null}

            {error ? (
              <p
                role="alert"
                className="mt-4 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
              >
                {error}
              </p>
            ) : null}
            <p className="sr-only" aria-live="polite">
              {copied === "copied" ? "Link copied" : copied === "failed" ? "Could not copy the link" : notice}
            </p>

            <h3 className="mt-5 text-sm font-semibold">Links to this comparison</h3>
            {shares === null ? (
              <p className="mt-2 flex items-center gap-2 text-sm text-zinc-500 dark:text-zinc-400">
                <Spinner /> Loading…
              </p>
            ) : shares.length === 0 ? (
              <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400">No links yet.</p>
            ) : (
              <ul className="mt-2 divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
                {shares.map((s, i) => {
                  const when = linkNames[i]!;
                  const updated = s.updatedAt !== s.createdAt && Date.parse(s.updatedAt) - Date.parse(s.createdAt) > 1000;
                  return (
                    <li key={s.id} className="flex flex-wrap items-center gap-x-3 gap-y-2 px-3 py-2.5">
                      <div className="min-w-0 flex-1 text-sm">
                        <p className="flex items-center gap-2">
                          <span className="font-medium">Created {when}</span>
                          <Badge tone={statusTone[s.status]}>{statusLabel[s.status]}</Badge>
                        </p>
                        <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                          {s.status === "revoked" && s.revokedAt
                            ? `Revoked ${formatLocal(s.revokedAt)}`
                            : s.expiresAt
                              ? `${s.status === "expired" ? "Expired" : "Expires"} ${formatLocal(s.expiresAt)}`
                              : "Never expires"}
                          {updated && s.status !== "revoked" ? ` · updated ${formatLocal(s.updatedAt)}` : ""}
                        </p>
                      </div>
                      {s.status === "active" ? (
                        <div className="flex items-center gap-1.5">
                          <Button
                            size="sm"
                            aria-label={`Update link created ${when}`}
                            title="Show the comparison as it is now (later turns included)"
                            disabled={pending !== null}
                            onClick={() => void change(s, "refresh")}
                          >
                            {pending === s.id ? <Spinner className="size-3" /> : null}
                            Update
                          </Button>
                          <Button
                            size="sm"
                            variant="danger"
                            aria-label={`Revoke link created ${when}`}
                            disabled={pending !== null}
                            onClick={() => void change(s, "revoke")}
                          >
                            Revoke
                          </Button>
                        </div>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
