import Link from "next/link";
import { Markdown } from "@/components/compare/markdown";
import { MetricsRow } from "@/components/compare/metrics-row";
import { EndedNote, PromptBubble, StatusIndicator } from "@/components/compare/pane-parts";
import { ProviderDot } from "@/components/compare/provider-dot";
import { SkippedNotice, StructuredLine, ToolCalls, ToolsDetails, TurnImages } from "@/components/compare/tool-calls";
import { EmulatedBadge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { AlertIcon } from "@/components/ui/icons";
import { formatPricePair } from "@/lib/format";
import { sharedImageUrl } from "@/lib/compare/image-urls";
import { endedEarly } from "@/lib/compare/metrics";
import { describeParams } from "@/lib/shares/export";
import type { ShareSnapshot } from "@/lib/shares/snapshot";
import { ExportLinks } from "./export-links";
import { formatUtcShort } from "./format";
import { RerunButton } from "./rerun-button";

type Pane = ShareSnapshot["panes"][number];
type Answer = ShareSnapshot["turns"][number]["answers"][number];

function When({ iso, prefix }: { iso: string; prefix: string }) {
  return (
    <>
      {prefix} <time dateTime={iso}>{formatUtcShort(iso)}</time>
    </>
  );
}

/** Unique accessible names for the panes' regions, as in the playground. */
function regionLabels(panes: Pane[]): string[] {
  const names = panes.map((p) => `${p.model.label} · ${p.model.providerLabel}`);
  return names.map((n, i) => (names.filter((x) => x === n).length > 1 ? `${n} #${i + 1}` : n));
}

/**
 * A shared comparison, read-only, rendered on the server from the link's snapshot (nothing else
 * is read): the prompts, system prompt, parameters and every pane's answers with their metrics.
 */
export function SharedComparison({
  snapshot,
  token,
  expiresAt,
  rerun,
}: {
  snapshot: ShareSnapshot;
  token: string;
  expiresAt: string | null;
  /** "run": a signed-in visitor; "sign-in": anonymous, sign-in exists; null: no re-run */
  rerun: "run" | "sign-in" | null;
}) {
  const shared = describeParams(snapshot.params);
  const labels = regionLabels(snapshot.panes);
  const base = `/s/${token}`;
  return (
    <>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs font-medium text-indigo-700 dark:text-indigo-300">Shared comparison · read-only</p>
          <h1 className="mt-0.5 text-lg font-semibold tracking-tight break-words">{snapshot.title}</h1>
          <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
            {snapshot.panes.length === 1 ? "1 model" : `${snapshot.panes.length} models`} ·{" "}
            {snapshot.turns.length === 1 ? "1 turn" : `${snapshot.turns.length} turns`}
            {shared ? ` · shared ${shared}` : ""} · <When prefix="created" iso={snapshot.createdAt} /> ·{" "}
            <When prefix="snapshot of" iso={snapshot.sharedAt} />
            {expiresAt ? (
              <>
                {" "}
                · <When prefix="link expires" iso={expiresAt} />
              </>
            ) : null}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2 sm:justify-end">
          <ExportLinks base={`${base}/export`} />
          {rerun === "run" ? <RerunButton source={{ token }} /> : null}
          {rerun === "sign-in" ? (
            <Link href={`/signin?callbackUrl=${encodeURIComponent(base)}`} className={buttonClasses()}>
              Sign in to re-run
            </Link>
          ) : null}
        </div>
      </div>
      {snapshot.system ? (
        <details open className="mb-4 rounded-lg border border-zinc-200 bg-white text-sm dark:border-zinc-800 dark:bg-zinc-900">
          <summary className="cursor-pointer px-3 py-2 text-xs font-medium text-zinc-600 dark:text-zinc-300">System prompt</summary>
          <p className="border-t border-zinc-200 px-3 py-2 break-words whitespace-pre-wrap text-zinc-700 dark:border-zinc-800 dark:text-zinc-300">
            {snapshot.system}
          </p>
        </details>
      ) : null}
      <ToolsDetails tools={snapshot.tools} maxSteps={snapshot.maxSteps} responseSchema={snapshot.responseSchema} />
      <div className="juxta-grid grid gap-4">
        {snapshot.panes.map((pane, i) => (
          <SharedPane key={pane.index} pane={pane} label={labels[i]!} turns={snapshot.turns} token={token} />
        ))}
      </div>
    </>
  );
}

function SharedPane({ pane, label, turns, token }: { pane: Pane; label: string; turns: ShareSnapshot["turns"]; token: string }) {
  const { model } = pane;
  const price = formatPricePair(pane.price);
  const params = describeParams(pane.params);
  return (
    <section
      role="region"
      aria-label={label}
      className="flex min-w-0 flex-col overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <header className="border-b border-zinc-100 px-3.5 pt-2.5 pb-2 dark:border-zinc-800">
        <h2 className="flex items-center gap-1.5 text-sm font-semibold">
          <ProviderDot provider={model.provider} />
          <span className="truncate" title={model.label}>
            {model.label}
          </span>
          {model.emulated ? <EmulatedBadge /> : null}
        </h2>
        <p className="mt-0.5 truncate text-xs text-zinc-500 dark:text-zinc-400">
          {model.providerLabel}
          {model.location ? ` · ${model.location}` : ""}
          {price ? <span title="USD per 1M input / output tokens"> · {price} per 1M</span> : null}
        </p>
        {params ? <p className="mt-1 text-[11px] text-zinc-500 dark:text-zinc-400">{params}</p> : null}
      </header>
      <div className="flex min-h-0 flex-1 flex-col gap-3 px-3.5 py-3">
        {turns.map((turn, t) => {
          const answer = turn.answers.find((a) => a.pane === pane.index);
          if (!answer) return null;
          const last = t === turns.length - 1;
          return (
            <div
              key={turn.index}
              data-turn={turn.index}
              className={`flex flex-col gap-2.5 ${last ? "" : "border-b border-zinc-100 pb-3 dark:border-zinc-800"}`}
            >
              <PromptBubble text={turn.prompt} turn={turn.index} />
              {turn.images.length > 0 ? (
                <TurnImages
                  turn={turn.index}
                  images={turn.images.map((i) => ({ src: sharedImageUrl(token, turn.index, i.index), mediaType: i.mediaType }))}
                />
              ) : null}
              <SharedAnswer answer={answer} paneName={label} />
            </div>
          );
        })}
      </div>
    </section>
  );
}

function SharedAnswer({ answer, paneName }: { answer: Answer; paneName: string }) {
  const unfinished = answer.status === "pending" || answer.status === "streaming";
  const cut = endedEarly(answer.status, answer.metrics.finishReason);
  if (answer.status === "skipped") return <SkippedNotice reason={answer.skipReason} />;
  return (
    <div className="flex flex-col gap-2">
      {answer.reasoning ? (
        <details className="rounded-lg border border-zinc-200 text-xs dark:border-zinc-700">
          <summary className="cursor-pointer rounded-lg px-2.5 py-1.5 font-medium text-zinc-600 select-none hover:bg-zinc-50 dark:text-zinc-300 dark:hover:bg-zinc-800">
            Reasoning
          </summary>
          <div className="border-t border-zinc-200 px-2.5 py-2 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
            <Markdown text={answer.reasoning} streaming={false} cut={cut && !answer.text} />
          </div>
        </details>
      ) : null}
      <ToolCalls calls={answer.toolCalls} waiting={null} paneName={paneName} />
      {answer.text ? (
        <div className="min-w-0 break-words">
          <Markdown text={answer.text} streaming={false} cut={cut || unfinished} />
        </div>
      ) : answer.status === "done" && answer.toolCalls.length === 0 ? (
        <p className="text-sm text-zinc-500 italic dark:text-zinc-400">The model returned an empty answer.</p>
      ) : null}
      <StructuredLine check={answer.structured} />
      {unfinished ? <p className="text-xs text-amber-700 dark:text-amber-400">Still answering when this snapshot was taken.</p> : null}
      {answer.error ? (
        <div className="flex items-start gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200">
          <AlertIcon className="mt-0.5 size-4 shrink-0" />
          <p>{answer.error.message}</p>
        </div>
      ) : null}
      <EndedNote status={answer.status} finishReason={answer.metrics.finishReason} />
      {answer.status === "stopped" ? (
        <p className="text-xs text-amber-700 dark:text-amber-400">
          Stopped{answer.text ? "; the partial answer was kept." : " before any text."}
        </p>
      ) : null}
      <div className="flex flex-col gap-1 border-t border-zinc-100 pt-2 dark:border-zinc-800">
        <MetricsRow metrics={answer.metrics} />
        <p className="flex flex-wrap items-center gap-x-2 text-[11px] text-zinc-500 dark:text-zinc-400">
          {unfinished ? null : <StatusIndicator status={answer.status} finishReason={answer.metrics.finishReason} startedAt={null} />}
          {answer.finishedAt ? <When prefix="Finished" iso={answer.finishedAt} /> : <When prefix="Started" iso={answer.startedAt} />}
        </p>
      </div>
    </div>
  );
}
