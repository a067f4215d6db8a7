"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { createTokenAction, revokeTokenAction } from "@/app/settings/token-actions";
import { Button } from "@/components/ui/button";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { FieldError, inputClasses } from "@/components/ui/field";
import type { ApiTokenSummary } from "@/lib/auth/api-tokens";
import { writeClipboard } from "@/lib/client/clipboard";

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" }) : "never";
}

/** Create (the secret is shown once), list and revoke personal API tokens. */
export function ApiTokens({ tokens }: { tokens: ApiTokenSummary[] }) {
  const router = useRouter();
  const confirm = useConfirm();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [pending, startTransition] = useTransition();

  function create(event: FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await createTokenAction({ name });
      if (!result.ok) return setError(result.error.message);
      setError(null);
      setName("");
      setCreated(result.data);
      setCopied(false);
      router.refresh();
    });
  }

  async function revoke(t: ApiTokenSummary) {
    const ok = await confirm({
      title: `Revoke “${t.name}”?`,
      description: "Scripts using it will get 401 from now on. This cannot be undone: create a new token to replace it.",
      confirmLabel: "Revoke",
    });
    if (!ok) return;
    startTransition(async () => {
      const result = await revokeTokenAction(t.id);
      if (!result.ok) setError(result.error.message);
      router.refresh();
    });
  }

  return (
    <div className="grid gap-6">
      <form onSubmit={create} noValidate className="flex flex-wrap items-end gap-2">
        <div className="grid min-w-64 flex-1 gap-1">
          <label htmlFor="token-name" className="text-sm font-medium">
            Token name
          </label>
          <input
            id="token-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. CI nightly eval"
            maxLength={100}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "token-error" : undefined}
            className={`${inputClasses(Boolean(error))} block h-9 w-full px-3 text-sm`}
          />
        </div>
        <Button type="submit" variant="primary" disabled={pending}>
          Create token
        </Button>
        {error ? (
          <FieldError id="token-error" className="basis-full">
            {error}
          </FieldError>
        ) : null}
      </form>

      {created ? (
        <div
          role="status"
          className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-800 dark:bg-emerald-950/50"
        >
          <p className="font-medium">Token &ldquo;{created.name}&rdquo; created. Copy it now: it is not shown again.</p>
          <div className="mt-2 flex items-center gap-2">
            <code
              aria-label="New API token"
              className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900"
            >
              {created.token}
            </code>
            <Button
              size="sm"
              onClick={() => {
                void writeClipboard(created.token);
                setCopied(true);
              }}
            >
              {copied ? "Copied" : "Copy token"}
            </Button>
          </div>
          <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
            Use it as <code>Authorization: Bearer {created.token.slice(0, 7)}…</code> on <code>/api/v1</code>.
          </p>
        </div>
      ) : null}

      {tokens.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No tokens yet.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Your API tokens</caption>
          <thead className="text-xs text-zinc-500 dark:text-zinc-400">
            <tr>
              <th scope="col" className="py-1.5 font-medium">
                Name
              </th>
              <th scope="col" className="py-1.5 font-medium">
                Token
              </th>
              <th scope="col" className="py-1.5 font-medium">
                Created
              </th>
              <th scope="col" className="py-1.5 font-medium">
                Last used
              </th>
              <th scope="col" className="py-1.5">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {tokens.map((t) => (
              <tr key={t.id} className={t.revokedAt ? "text-zinc-400 dark:text-zinc-500" : ""}>
                <td className="py-2 font-medium">{t.name}</td>
                <td className="py-2 font-mono text-xs">{t.prefix}…</td>
                <td className="py-2">{when(t.createdAt)}</td>
                <td className="py-2">{when(t.lastUsedAt)}</td>
                <td className="py-2 text-right">
                  {t.revokedAt ? (
                    <span className="text-xs">Revoked {when(t.revokedAt)}</span>
                  ) : (
                    <Button size="sm" variant="danger" disabled={pending} onClick={() => revoke(t)} aria-label={`Revoke ${t.name}`}>
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
