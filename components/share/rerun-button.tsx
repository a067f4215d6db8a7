"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { rerunComparisonAction, rerunShareAction } from "@/app/share-actions";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { callAction } from "@/lib/client/call-server";
import { RerunIcon } from "@/components/ui/icons";

export type RerunSource = { comparisonId: string } | { token: string };

/**
 * "Re-run": a new comparison of the same first prompt, system prompt, models and per-pane
 * parameters, owned by whoever clicks; then opens it at /c/<id>, where the answers stream in.
 */
export function RerunButton({ source, className = "" }: { source: RerunSource; className?: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();

  async function rerun() {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await callAction("token" in source ? rerunShareAction(source.token) : rerunComparisonAction(source.comparisonId));
    if (!result.ok) {
      setBusy(false);
      setError(result.error.message);
      return;
    }
    router.push(`/c/${result.data.id}`);
  }

  return (
    <span className={`relative inline-flex ${className}`}>
      <Button
        onClick={() => void rerun()}
        disabled={busy}
        aria-describedby={error ? errorId : undefined}
        title="Run the first prompt again with the same system prompt, models and parameters, as a new comparison"
      >
        {busy ? <Spinner className="size-4" /> : <RerunIcon className="size-4" />}
        {busy ? "Starting…" : "Re-run"}
      </Button>
      {error ? (
        <span
          id={errorId}
          role="alert"
          className="absolute top-full right-0 z-20 mt-1.5 w-72 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800 shadow-sm dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          {error}
          <button type="button" onClick={() => setError(null)} className="mt-1 block font-medium underline underline-offset-2">
            Dismiss
          </button>
        </span>
      ) : null}
    </span>
  );
}
