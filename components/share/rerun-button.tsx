"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { estimateRerunAction, estimateShareRerunAction, rerunComparisonAction, rerunShareAction } from "@/app/share-actions";
import { Modal } from "@/components/ui/modal";
import { Button } from "@/components/ui/button";
import { AlertIcon, RerunIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { callAction } from "@/lib/client/call-server";
import { formatUsd } from "@/lib/format";
import type { RerunEstimate } from "@/lib/shares/rerun";

export type RerunSource = { comparisonId: string } | { token: string };

type Step =
  | { kind: "closed" }
  | { kind: "estimating" }
  | { kind: "confirm"; estimate: RerunEstimate }
  | { kind: "starting"; estimate: RerunEstimate }
  | { kind: "failed"; message: string; estimate: RerunEstimate | null };

/** "up to $0.012" (every pane sets max output tokens) or "about $0.012". */
export function rerunCostPhrase(e: RerunEstimate): string {
  return `${e.upperBound ? "up to" : "about"} ${formatUsd(e.totalUsd)}`;
}

/**
 * "Re-run": after a confirmation that shows the estimated cost, a new comparison of the same
 * prompts (every turn, in order), system prompt, models and per-pane parameters, owned by whoever
 * clicks. The server sends the turns one after the other; `/c/<id>` follows them as they run.
 */
export function RerunButton({ source, className = "" }: { source: RerunSource; className?: string }) {
  const router = useRouter();
  const [step, setStep] = useState<Step>({ kind: "closed" });

  async function open() {
    setStep({ kind: "estimating" });
    const result = await callAction(
      "token" in source ? estimateShareRerunAction(source.token) : estimateRerunAction(source.comparisonId),
      "estimate the cost",
    );
    setStep((s) =>
      s.kind === "closed"
        ? s
        : result.ok
          ? { kind: "confirm", estimate: result.data }
          : { kind: "failed", message: result.error.message, estimate: null },
    );
  }

  async function confirm(estimate: RerunEstimate) {
    setStep({ kind: "starting", estimate });
    const result = await callAction("token" in source ? rerunShareAction(source.token) : rerunComparisonAction(source.comparisonId));
    if (!result.ok) {
      setStep({ kind: "failed", message: result.error.message, estimate });
      return;
    }
    router.push(`/c/${result.data.id}`);
  }

  const estimate = step.kind === "confirm" || step.kind === "starting" ? step.estimate : step.kind === "failed" ? step.estimate : null;
  const starting = step.kind === "starting";
  return (
    <span className={`inline-flex ${className}`}>
      <Button
        onClick={() => void open()}
        aria-haspopup="dialog"
        title="Run every prompt again, in order, with the same system prompt, models and parameters, as a new comparison"
      >
        <RerunIcon className="size-4" />
        Re-run
      </Button>
      <Modal
        open={step.kind !== "closed"}
        onClose={() => setStep({ kind: "closed" })}
        title="Re-run this comparison?"
        description="A new comparison of yours: the same prompts, system prompt, models and parameters."
        width="30rem"
        initialFocus="rerun-confirm"
        footer={
          <>
            <Button onClick={() => setStep({ kind: "closed" })}>Cancel</Button>
            <Button
              id="rerun-confirm"
              variant="primary"
              disabled={!estimate || starting}
              onClick={() => estimate && void confirm(estimate)}
              className="min-w-24 justify-center"
            >
              {starting ? <Spinner className="size-4" /> : <RerunIcon className="size-4" />}
              {starting ? "Starting…" : "Re-run"}
            </Button>
          </>
        }
      >
        {step.kind === "estimating" ? (
          <p className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-300" role="status">
            <Spinner className="size-4" /> Estimating the cost…
          </p>
        ) : null}
        {estimate ? (
          <div className="grid gap-3 text-sm">
            <p>
              {estimate.turns === 1 ? "The prompt is" : `All ${estimate.turns} prompts are`} sent again
              {estimate.turns > 1 ? ", in order: each turn starts when every answer of the one before has ended" : ""}. {estimate.answers}{" "}
              answers in all; it goes on if you close this tab.
            </p>
            <div className="rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-950">
              <p className="text-xs text-zinc-500 dark:text-zinc-400">Estimated cost</p>
              <p className="text-lg font-semibold tabular-nums" data-testid="rerun-cost">
                {estimate.unknownPrices.length === estimate.answers / estimate.turns ? "Unknown (no prices)" : rerunCostPhrase(estimate)}
              </p>
              <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{estimate.assumption}</p>
            </div>
          </div>
        ) : null}
        {step.kind === "failed" ? (
          <p
            role="alert"
            className="mt-3 flex items-start gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
          >
            <AlertIcon className="mt-0.5 size-4 shrink-0" />
            {step.message}
          </p>
        ) : null}
      </Modal>
    </span>
  );
}
