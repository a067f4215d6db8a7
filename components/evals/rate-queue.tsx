"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import { nextItemAction, openItemAction, submitRatingAction } from "@/app/evals/[id]/rate/actions";
import { Button, buttonClasses } from "@/components/ui/button";
import { ChevronIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import type { QueueState, RateItem, Scores, Side, SideScores } from "@/lib/evals/queue";
import type { Criterion } from "@/lib/evals/schema";
import { formatCount } from "@/lib/format";
import type { PairOutcome } from "@/lib/ratings";
import { AnswerCard, CriteriaInputs, Kbd, RateProgress } from "./rate-parts";

const CHOICES: { key: string; label: string; outcome: PairOutcome }[] = [
  { key: "1", label: "A is better", outcome: "a" },
  { key: "2", label: "B is better", outcome: "b" },
  { key: "3", label: "Tie", outcome: "tie" },
  { key: "4", label: "Both are bad", outcome: "both_bad" },
];

/** Keys go to the page unless the focus is in a text field (radios and buttons keep 1-4 working). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
  return target.tagName === "INPUT" && !["radio", "checkbox", "button"].includes((target as HTMLInputElement).type);
}

const sidesOf = (item: RateItem): Side[] => item.answers.map((a) => a.side);
const titleOf = (item: RateItem, side: Side) => (item.kind === "single" ? "Answer" : side === "a" ? "Answer A" : "Answer B");

function missingScores(item: RateItem, criteria: Criterion[], scores: Scores): Record<Side, string[]> {
  const out: Record<Side, string[]> = { a: [], b: [] };
  for (const side of sidesOf(item)) for (const c of criteria) if (typeof scores[side]?.[c.key] !== "number") out[side].push(c.key);
  return out;
}

/**
 * The rating queue: the prompt, the answers side by side (blind, "Answer A" / "Answer B"), the
 * vote (keys 1-4) and the criteria; ← / → move through the rater's items, so an earlier rating
 * can be changed. Pairwise without criteria: a vote saves and moves on. With criteria: the vote
 * and every score, then "Save and next" (Enter).
 */
export function RateQueue({
  sessionId,
  pairwise,
  criteria,
  initial,
}: {
  sessionId: string;
  pairwise: boolean;
  criteria: Criterion[];
  initial: QueueState;
}) {
  const [state, setState] = useState<QueueState>(initial);
  const [outcome, setOutcome] = useState<PairOutcome | null>(initial.state === "item" ? initial.item.outcome : null);
  const [scores, setScores] = useState<Scores>(initial.state === "item" ? (initial.item.scores ?? {}) : {});
  const [showMissing, setShowMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const barRef = useRef<HTMLElement>(null);
  const item = state.state === "item" ? state.item : null;

  // The vote bar sticks to the bottom of the window: the page's scroll padding is its height, so
  // whatever gets the focus or is scrolled into view (a score, its error) stops above the bar
  // instead of under it, at any window size.
  const hasItem = item !== null;
  useEffect(() => {
    const bar = barRef.current;
    if (!bar) return;
    const html = document.documentElement;
    const before = html.style.scrollPaddingBottom;
    const fit = () => {
      html.style.scrollPaddingBottom = `${Math.ceil(bar.getBoundingClientRect().height) + 16}px`;
    };
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(bar);
    return () => {
      ro.disconnect();
      html.style.scrollPaddingBottom = before;
    };
  }, [hasItem]);

  const show = useCallback((next: QueueState) => {
    setState(next);
    setOutcome(next.state === "item" ? next.item.outcome : null);
    setScores(next.state === "item" ? (next.item.scores ?? {}) : {});
    setShowMissing(false);
    setError(null);
    const url = new URL(window.location.href);
    if (next.state === "item") url.searchParams.set("item", next.item.assignmentId);
    else url.searchParams.delete("item");
    window.history.replaceState(null, "", url);
    // move focus to the new item, so screen readers announce it and Tab starts from the top
    requestAnimationFrame(() => headingRef.current?.focus());
  }, []);

  const go = useCallback(
    (where: "next" | { id: string }) =>
      startTransition(async () => {
        const result = where === "next" ? await nextItemAction(sessionId) : await openItemAction(sessionId, where.id);
        if (result.ok) show(result.data);
        else setError(result.error.message);
      }),
    [sessionId, show],
  );

  const save = useCallback(
    (vote: PairOutcome | null, values: Scores) => {
      if (!item) return;
      const needsVote = item.kind === "pairwise";
      const missing = missingScores(item, criteria, values);
      if ((needsVote && !vote) || missing.a.length + missing.b.length > 0) {
        setShowMissing(true);
        const noVote = needsVote && !vote;
        setError(noVote ? "Choose which answer is better (keys 1-4)." : "Score every criterion for each answer.");
        // show the first thing missing (above the vote bar, by the page's scroll padding) and put the focus on it
        requestAnimationFrame(() => {
          const root = rootRef.current;
          const target = noVote
            ? root?.querySelector<HTMLElement>('[aria-label="Vote"] button')
            : root?.querySelector<HTMLElement>('fieldset[aria-invalid="true"]');
          if (!target) return;
          target.scrollIntoView({ block: "nearest", behavior: "smooth" });
          (target.matches("button") ? target : target.querySelector<HTMLElement>("input"))?.focus({ preventScroll: true });
        });
        return;
      }
      startTransition(async () => {
        const body = {
          assignmentId: item.assignmentId,
          ...(needsVote ? { outcome: vote } : {}),
          ...(criteria.length ? { scores: values } : {}),
        };
        const result = await submitRatingAction(sessionId, body);
        if (!result.ok) {
          setError(result.error.message);
          return;
        }
        const next = result.data.nextId ? await openItemAction(sessionId, result.data.nextId) : await nextItemAction(sessionId);
        if (next.ok) show(next.data);
        else setError(next.error.message);
      });
    },
    [criteria, item, sessionId, show],
  );

  const choose = useCallback(
    (vote: PairOutcome) => {
      setOutcome(vote);
      setError(null);
      // a vote alone is the whole rating when there are no criteria
      if (criteria.length === 0) save(vote, scores);
    },
    [criteria.length, save, scores],
  );

  const canGoNext = Boolean(item && (item.nextId || item.ratedAt));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (pending || e.repeat || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (!item) {
        // from "all done", ← reopens the latest item to review
        if (e.key === "ArrowLeft" && state.state === "done" && state.lastId) {
          e.preventDefault();
          go({ id: state.lastId });
        }
        return;
      }
      const onRadio = e.target instanceof HTMLInputElement && e.target.type === "radio";
      const choice = item.kind === "pairwise" ? CHOICES.find((c) => c.key === e.key) : undefined;
      if (choice) {
        e.preventDefault();
        choose(choice.outcome);
      } else if (e.key === "ArrowLeft" && !onRadio && item.prevId) {
        e.preventDefault();
        go({ id: item.prevId });
      } else if (e.key === "ArrowRight" && !onRadio && canGoNext) {
        e.preventDefault();
        go(item.nextId ? { id: item.nextId } : "next");
      } else if (
        e.key === "Enter" &&
        criteria.length > 0 &&
        !(e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement)
      ) {
        e.preventDefault();
        save(outcome, scores);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [canGoNext, choose, criteria.length, go, item, outcome, pending, save, scores, state]);

  const progress = <RateProgress progress={state.progress} />;

  if (state.state === "not_ready")
    return (
      <div className="grid gap-4">
        {progress}
        <Notice title="Rating opens when the run has finished">
          The answers are still being generated. Come back when the session is completed (or stopped), then every rater gets a queue.
        </Notice>
      </div>
    );
  if (state.state === "done")
    return (
      <div className="grid gap-4">
        {progress}
        <Notice title="All done">
          {state.progress.rated > 0
            ? `You have rated every item available to you (${formatCount(state.progress.rated)}). Thank you!`
            : "There is nothing for you to rate: every item already has enough raters."}
          <span className="mt-3 flex flex-wrap gap-2">
            {state.lastId ? (
              <Button size="sm" disabled={pending} onClick={() => state.lastId && go({ id: state.lastId })} aria-keyshortcuts="ArrowLeft">
                Review your ratings <Kbd>←</Kbd>
              </Button>
            ) : null}
            <Link href={`/evals/${sessionId}/results`} className={buttonClasses({ variant: "primary", size: "sm" })}>
              See the results
            </Link>
          </span>
        </Notice>
        {error ? (
          <p role="alert" className="text-center text-sm text-red-700 dark:text-red-300">
            {error}
          </p>
        ) : null}
      </div>
    );

  const current = item!;
  const missing = showMissing ? missingScores(current, criteria, scores) : { a: [], b: [] };
  const setScore = (side: Side, key: string, v: number) =>
    setScores((s) => ({ ...s, [side]: { ...(s[side] ?? {}), [key]: v } as SideScores }));

  return (
    <div ref={rootRef} className="grid gap-4" aria-busy={pending}>
      {progress}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 ref={headingRef} tabIndex={-1} className="text-sm font-semibold text-zinc-900 outline-none dark:text-zinc-100">
          Item {current.position + 1}
          {current.ratedAt ? (
            <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
              rated
            </span>
          ) : null}
        </h2>
        <nav aria-label="Your items" className="flex items-center gap-1.5">
          <Button
            size="sm"
            variant="ghost"
            disabled={!current.prevId || pending}
            onClick={() => current.prevId && go({ id: current.prevId })}
            aria-keyshortcuts="ArrowLeft"
          >
            <ChevronIcon className="size-3.5 rotate-180" /> Previous <Kbd>←</Kbd>
          </Button>
          <Button
            size="sm"
            variant="ghost"
            disabled={!canGoNext || pending}
            onClick={() => go(current.nextId ? { id: current.nextId } : "next")}
            aria-keyshortcuts="ArrowRight"
          >
            Next <Kbd>→</Kbd> <ChevronIcon className="size-3.5" />
          </Button>
          {pending ? <Spinner /> : null}
        </nav>
      </div>

      <section
        aria-labelledby="rate-prompt"
        className="rounded-xl border border-zinc-200 bg-zinc-50 p-4 dark:border-zinc-800 dark:bg-zinc-950/40"
      >
        <h3 id="rate-prompt" className="mb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
          Prompt
        </h3>
        {current.system ? (
          <details className="mb-2 text-sm">
            <summary className="cursor-pointer text-xs font-medium text-zinc-600 dark:text-zinc-400">System prompt</summary>
            <p className="mt-1 whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">{current.system}</p>
          </details>
        ) : null}
        <p className="text-sm whitespace-pre-wrap text-zinc-900 dark:text-zinc-100">{current.prompt}</p>
      </section>

      <div className={`grid gap-4 ${current.answers.length === 2 ? "lg:grid-cols-2" : ""}`}>
        {current.answers.map((a) => (
          <div key={a.side} className="grid content-start gap-3">
            <AnswerCard title={titleOf(current, a.side)} text={a.text} />
            {criteria.length > 0 ? (
              <div className="rounded-xl border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
                <CriteriaInputs
                  side={a.side}
                  title={titleOf(current, a.side)}
                  criteria={criteria}
                  value={scores[a.side] ?? {}}
                  missing={missing[a.side]}
                  onChange={(key, v) => setScore(a.side, key, v)}
                />
              </div>
            ) : null}
          </div>
        ))}
      </div>

      <section
        ref={barRef}
        aria-labelledby="rate-vote"
        className="sticky bottom-0 z-10 rounded-xl border border-indigo-200 bg-indigo-50/95 p-3.5 backdrop-blur dark:border-indigo-900 dark:bg-indigo-950/90"
      >
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <h3 id="rate-vote" className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
            {current.kind === "pairwise" ? "Which answer is better?" : "Score the answer"}
          </h3>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            {current.kind === "pairwise"
              ? criteria.length
                ? "Vote with 1-4, score each answer, then save (Enter)."
                : "Press 1-4 to vote and move on."
              : "Score every criterion, then save (Enter)."}{" "}
            ← / → move between your items.
          </p>
        </div>
        <div className="mt-2.5 flex flex-wrap items-center gap-2">
          {current.kind === "pairwise" ? (
            <div role="group" aria-label="Vote" className="flex flex-wrap items-center gap-2">
              {CHOICES.map((c) => (
                <Button
                  key={c.key}
                  variant={outcome === c.outcome ? "primary" : "secondary"}
                  aria-pressed={outcome === c.outcome}
                  aria-keyshortcuts={c.key}
                  disabled={pending}
                  onClick={() => choose(c.outcome)}
                >
                  {c.label}
                  <Kbd>{c.key}</Kbd>
                </Button>
              ))}
            </div>
          ) : null}
          {criteria.length > 0 ? (
            <Button variant="primary" disabled={pending} onClick={() => save(outcome, scores)} aria-keyshortcuts="Enter">
              {current.ratedAt ? "Save change and next" : "Save and next"} <Kbd>Enter</Kbd>
            </Button>
          ) : null}
          {pending ? <Spinner /> : null}
        </div>
        {error ? (
          <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
            {error}
          </p>
        ) : null}
      </section>
      {pairwise ? null : <p className="sr-only">This session scores answers one at a time.</p>}
    </div>
  );
}

function Notice({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="rounded-xl border border-dashed border-zinc-300 px-6 py-10 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
      <p className="text-base font-medium text-zinc-900 dark:text-zinc-100">{title}</p>
      <p className="mt-1 flex flex-col items-center">{children}</p>
    </div>
  );
}
