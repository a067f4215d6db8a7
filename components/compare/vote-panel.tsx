"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, inputClasses } from "@/components/ui/field";
import { CheckIcon, ThumbDownIcon, ThumbUpIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { formatCount } from "@/lib/format";
import { MAX_COMMENT_CHARS, REASONS, type VoteInput } from "@/lib/votes/schema";
import type { FeedbackSaveStatus } from "./use-feedback-save";
import { crownedPane, paneLetter, rankedMissing, type FeedbackDraft } from "./vote-draft";

const reasonLabels: Record<string, string> = {
  accurate: "Accurate",
  helpful: "Helpful",
  clear: "Clear",
  concise: "Concise",
  well_formatted: "Well formatted",
  inaccurate: "Inaccurate",
  unhelpful: "Unhelpful",
  incomplete: "Incomplete",
  too_long: "Too long",
  off_topic: "Off topic",
  refused: "Refused",
  unsafe: "Unsafe",
  badly_formatted: "Badly formatted",
};

/** The choices of the vote bar, in keyboard order (1, 2, ...). */
export function voteChoices(paneCount: number): { key: string; label: string; input: VoteInput }[] {
  if (paneCount === 2)
    return [
      { key: "1", label: "A is better", input: { outcome: "a" } },
      { key: "2", label: "B is better", input: { outcome: "b" } },
      { key: "3", label: "Tie", input: { outcome: "tie" } },
      { key: "4", label: "Both are bad", input: { outcome: "both_bad" } },
    ];
  return Array.from({ length: paneCount }, (_, i) => ({ key: String(i + 1), label: `${paneLetter(i)} is best`, input: { best: i } }));
}

const sameInput = (a: VoteInput | null, b: VoteInput) => a !== null && JSON.stringify(a) === JSON.stringify(b);

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || Boolean(target.closest('[role="dialog"]'));
}

function Kbd({ children }: { children: string }) {
  return (
    <kbd aria-hidden="true" className="hidden rounded border border-current/30 px-1 font-sans text-[10px] leading-4 opacity-80 sm:inline">
      {children}
    </kbd>
  );
}

/** What to choose instead of a pane that has no answer. */
function instead(paneCount: number, missing: readonly (string | null)[]): string {
  const others = Array.from({ length: paneCount }, (_, i) => i).filter((i) => !missing[i]);
  const names = others.map(paneLetter).join(" or ");
  if (paneCount === 2) return `Choose Tie or Both are bad${names ? `, or ${names}` : ""}.`;
  return names ? `Choose ${names}.` : "No answer can win this turn.";
}

/**
 * The sticky vote bar's place: just above what else sticks to the bottom after it (the follow-up
 * composer), and the page's scroll padding kept to their height, so what the browser scrolls into
 * view (Tab, find in page) is never hidden under them.
 */
function useStickyDock(ref: React.RefObject<HTMLElement | null>) {
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const root = document.documentElement;
    const below: HTMLElement[] = [];
    for (let n = el.nextElementSibling; n; n = n.nextElementSibling)
      if (n instanceof HTMLElement && getComputedStyle(n).position === "sticky") below.push(n);
    const place = () => {
      const under = below.reduce((h, n) => h + n.offsetHeight, 0);
      el.style.bottom = `${under + 8}px`;
      root.style.scrollPaddingBottom = `${under + el.offsetHeight + 16}px`;
    };
    const observer = new ResizeObserver(place);
    for (const n of [el, ...below]) observer.observe(n);
    place();
    return () => {
      observer.disconnect();
      root.style.scrollPaddingBottom = "";
    };
  }, [ref]);
}

/**
 * Which answer is better: two panes get A / B / Tie / Both bad, more get "best" (and an optional
 * full ranking). Keys 1 to 4 (1 to N) vote when no text field has focus. Voting while answers
 * still stream stops them; a blind comparison is revealed by the vote. A choice that would make a
 * pane without an answer win is disabled, with the reason shown (its key shows it too). The bar
 * sticks to the bottom of the viewport while the comparison is on screen.
 */
export function VoteBar({
  paneCount,
  turn,
  current,
  sealed,
  running,
  busy,
  error,
  missing = [],
  onVote,
}: {
  paneCount: number;
  turn: number;
  /** the viewer's vote on this turn, if any */
  current: VoteInput | null;
  sealed: boolean;
  running: boolean;
  busy: boolean;
  error: string | null;
  /** per pane: why it has no answer ("failed", ...), or null; its winning choices are disabled */
  missing?: readonly (string | null)[];
  onVote: (input: VoteInput) => void;
}) {
  const choices = voteChoices(paneCount);
  const [ranking, setRanking] = useState<string[]>(() => Array.from({ length: paneCount }, () => ""));
  const [rankError, setRankError] = useState<string | null>(null);
  /** why the last number key pressed did not vote */
  const [keyNotice, setKeyNotice] = useState<string | null>(null);
  const rankId = useId();
  const noteId = `vote-missing-${turn}`;
  const barRef = useRef<HTMLElement>(null);
  useStickyDock(barRef);
  const blockedBy = (input: VoteInput) => {
    const pane = crownedPane(input);
    return pane !== null && missing[pane] ? pane : null;
  };
  const why = (pane: number) => `${paneLetter(pane)} has no answer (${missing[pane]})`;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (busy || e.repeat || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const choice = choices.find((c) => c.key === e.key);
      if (!choice) return;
      e.preventDefault();
      const pane = blockedBy(choice.input);
      if (pane !== null) return setKeyNotice(`${why(pane)}: “${choice.label}” is off. ${instead(paneCount, missing)}`);
      setKeyNotice(null);
      onVote(choice.input);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  function submitRanking() {
    const ranks = ranking.map((r) => Number(r));
    if (ranks.some((r) => !r)) return setRankError("Give every answer a rank.");
    if (new Set(ranks).size !== ranks.length) return setRankError("Each rank can be used once.");
    const order = ranks.map((_, i) => ranks.indexOf(i + 1));
    const above = rankedMissing(order, missing);
    if (above !== null) return setRankError(`${why(above)}: rank it last.`);
    setRankError(null);
    onVote({ ranking: order });
  }

  const missingPanes = missing.flatMap((m, i) => (m ? [i] : []));

  const voted = current !== null;
  return (
    <section
      ref={barRef}
      aria-labelledby={`vote-heading-${turn}`}
      className="sticky bottom-2 z-20 mt-4 max-h-[60vh] overflow-y-auto rounded-xl border border-indigo-200 bg-indigo-50/95 p-3 shadow-lg shadow-zinc-900/10 backdrop-blur supports-[backdrop-filter]:bg-indigo-50/85 sm:p-3.5 dark:border-indigo-900 dark:bg-indigo-950/95 dark:shadow-black/40 dark:supports-[backdrop-filter]:bg-indigo-950/85"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id={`vote-heading-${turn}`} className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
          {paneCount === 2 ? "Which answer is better?" : "Which answer is best?"}
        </h2>
        <p className={`text-xs text-zinc-600 dark:text-zinc-400 ${voted || sealed || running ? "" : "hidden sm:block"}`}>
          {voted
            ? "Your vote is saved; choosing again replaces it."
            : sealed
              ? "Model names, clouds and metrics are revealed after you vote."
              : "Press a number key to vote."}
          {running ? " Voting now stops the answers still streaming." : ""}
        </p>
      </div>
      <div role="group" aria-label="Vote" className="mt-2.5 flex flex-wrap items-center gap-2">
        {choices.map((c) => {
          const pressed = sameInput(current, c.input);
          const blocked = blockedBy(c.input) !== null;
          return (
            <Button
              key={c.key}
              variant={pressed ? "primary" : "secondary"}
              aria-pressed={pressed}
              aria-keyshortcuts={c.key}
              aria-describedby={blocked ? noteId : undefined}
              disabled={busy || blocked}
              title={blocked ? why(blockedBy(c.input)!) : undefined}
              // one row of four on a phone: no key hints there (kbd is hidden), a little tighter
              className="max-sm:gap-1 max-sm:px-2.5 max-sm:text-[13px]"
              onClick={() => {
                setKeyNotice(null);
                onVote(c.input);
              }}
            >
              {c.label}
              <Kbd>{c.key}</Kbd>
            </Button>
          );
        })}
        {busy ? <Spinner /> : null}
      </div>
      {/* why a choice is off; after its key was pressed, the same in that choice's words (announced) */}
      <p
        id={noteId}
        role="status"
        className={`mt-2 text-xs text-amber-800 empty:hidden dark:text-amber-300 ${keyNotice ? "font-medium" : ""}`}
      >
        {keyNotice ??
          (missingPanes.length > 0 ? `${missingPanes.map(why).join("; ")}: it cannot win this vote. ${instead(paneCount, missing)}` : "")}
      </p>
      {paneCount > 2 ? (
        <details className="mt-2.5 text-sm" open={current !== null && "ranking" in current}>
          <summary className="cursor-pointer text-xs font-medium text-indigo-800 dark:text-indigo-300">Rank them all (optional)</summary>
          <fieldset className="mt-2 flex flex-wrap items-end gap-3" aria-describedby={rankError ? `${rankId}-error` : undefined}>
            <legend className="sr-only">Rank every answer, 1 = best</legend>
            {Array.from({ length: paneCount }, (_, i) => (
              <label key={i} className="grid gap-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
                Rank of {paneLetter(i)}
                <select
                  value={ranking[i]}
                  onChange={(e) => {
                    const value = e.target.value;
                    setRanking((r) => r.map((x, j) => (j === i ? value : x)));
                    setRankError(null);
                  }}
                  className={`${inputClasses(Boolean(rankError))} h-8 px-2 text-sm`}
                >
                  <option value="">–</option>
                  {Array.from({ length: paneCount }, (_, r) => (
                    <option key={r} value={String(r + 1)}>
                      {r + 1}
                    </option>
                  ))}
                </select>
              </label>
            ))}
            <Button size="sm" onClick={submitRanking} disabled={busy}>
              Save ranking
            </Button>
          </fieldset>
          {rankError ? <FieldError id={`${rankId}-error`}>{rankError}</FieldError> : null}
        </details>
      ) : null}
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/** "Saving…", "Saved" or why it was not saved, beside one answer's feedback. */
function SaveState({ status, id }: { status: FeedbackSaveStatus | undefined; id: string }) {
  if (status?.state === "error")
    return (
      <p id={id} role="alert" className="text-[11px] text-red-700 dark:text-red-300">
        Not saved: {status.message}
      </p>
    );
  return (
    <span id={id} role="status" className="inline-flex items-center gap-1 text-[11px] text-zinc-500 dark:text-zinc-400">
      {status?.state === "saving" ? "Saving…" : null}
      {status?.state === "saved" ? (
        <>
          <CheckIcon className="size-3" />
          Saved
        </>
      ) : null}
    </span>
  );
}

/** Thumbs, reason chips and a comment on one answer; saved as they are given (lib/votes/feedback.ts). */
export function AnswerFeedback({
  paneName,
  pane,
  value,
  status,
  onChange,
}: {
  paneName: string;
  pane: number;
  value: FeedbackDraft;
  /** where saving this pane's feedback stands */
  status?: FeedbackSaveStatus;
  onChange: (next: FeedbackDraft) => void;
}) {
  const [commenting, setCommenting] = useState(value.comment !== "");
  const commentId = `feedback-${pane}-comment`;
  const setThumb = (thumb: "up" | "down") => {
    const next = value.thumb === thumb ? null : thumb;
    const allowed: readonly string[] = next ? REASONS[next] : [];
    onChange({ ...value, thumb: next, reasons: value.reasons.filter((r) => allowed.includes(r)) });
  };
  const toggleReason = (r: string) =>
    onChange({ ...value, reasons: value.reasons.includes(r) ? value.reasons.filter((x) => x !== r) : [...value.reasons, r] });
  const tooLong = value.comment.length > MAX_COMMENT_CHARS;
  return (
    <div role="group" aria-label={`Feedback on ${paneName}`} className="flex flex-col gap-1.5">
      <div className="flex flex-wrap items-center gap-1">
        <Button
          size="sm"
          variant={value.thumb === "up" ? "primary" : "ghost"}
          aria-pressed={value.thumb === "up"}
          aria-label={`Good answer (${paneName})`}
          onClick={() => setThumb("up")}
        >
          <ThumbUpIcon className="size-3.5" />
        </Button>
        <Button
          size="sm"
          variant={value.thumb === "down" ? "primary" : "ghost"}
          aria-pressed={value.thumb === "down"}
          aria-label={`Bad answer (${paneName})`}
          onClick={() => setThumb("down")}
        >
          <ThumbDownIcon className="size-3.5" />
        </Button>
        <Button size="sm" variant="ghost" aria-expanded={commenting} aria-controls={commentId} onClick={() => setCommenting((c) => !c)}>
          {value.comment ? "Comment ✓" : "Comment"}
        </Button>
        {status?.state === "error" ? null : <SaveState status={status} id={`feedback-${pane}-saved`} />}
      </div>
      {status?.state === "error" ? <SaveState status={status} id={`feedback-${pane}-saved`} /> : null}
      {value.thumb ? (
        <div className="flex flex-wrap gap-1" aria-label="Reasons">
          {REASONS[value.thumb].map((r) => {
            const on = value.reasons.includes(r);
            return (
              <button
                key={r}
                type="button"
                aria-pressed={on}
                onClick={() => toggleReason(r)}
                className={`rounded-full border px-2 py-0.5 text-[11px] font-medium transition-colors focus-visible:outline-2 focus-visible:outline-indigo-500 ${
                  on
                    ? "border-indigo-600 bg-indigo-600 text-white dark:border-indigo-400 dark:bg-indigo-500"
                    : "border-zinc-300 text-zinc-700 hover:bg-zinc-100 dark:border-zinc-600 dark:text-zinc-300 dark:hover:bg-zinc-800"
                }`}
              >
                {reasonLabels[r] ?? r}
              </button>
            );
          })}
        </div>
      ) : null}
      {commenting ? (
        <div>
          <label htmlFor={commentId} className="sr-only">
            Comment on {paneName}
          </label>
          <textarea
            id={commentId}
            value={value.comment}
            onChange={(e) => onChange({ ...value, comment: e.target.value })}
            rows={2}
            placeholder="What stood out? (saved as you type)"
            aria-invalid={tooLong ? true : undefined}
            aria-describedby={tooLong ? `${commentId}-error` : undefined}
            className={`${inputClasses(tooLong)} block w-full resize-y px-2 py-1.5 text-xs`}
          />
          {tooLong ? (
            <FieldError id={`${commentId}-error`}>A comment is at most {formatCount(MAX_COMMENT_CHARS)} characters.</FieldError>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
