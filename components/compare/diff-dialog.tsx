"use client";

import { useId, useMemo, useState } from "react";
import { inputClasses } from "@/components/ui/field";
import { formatCount } from "@/lib/format";
import type { TurnState } from "./comparison-state";
import { Modal } from "@/components/ui/modal";
import type { PaneIdentity } from "./pane";
import { paneLetter } from "./vote-draft";
import { wordDiff, type WordDiff } from "./word-diff";

/** How a pane is named in the pickers: its letter and label, or only "Model A" while blind. */
function paneChoice(pane: PaneIdentity): string {
  return pane.sealed ? pane.name : `${paneLetter(pane.index)} · ${pane.name}`;
}

/**
 * The text of a word diff, as text (never HTML): removed words in <del> (struck through), added
 * words in <ins> (underlined), each also announced ("removed:", "added:") to screen readers, so
 * neither colour nor the line alone carries the meaning.
 */
export function DiffText({ diff }: { diff: NonNullable<WordDiff> }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2.5 text-sm leading-relaxed break-words whitespace-pre-wrap dark:border-zinc-700 dark:bg-zinc-950">
      {diff.parts.map((p, i) =>
        p.removed ? (
          <del
            key={i}
            className="rounded-sm bg-red-100 text-red-900 decoration-red-700/70 decoration-2 dark:bg-red-950 dark:text-red-200 dark:decoration-red-400/80"
          >
            <span className="sr-only">[removed: </span>
            {p.value}
            <span className="sr-only">]</span>
          </del>
        ) : p.added ? (
          <ins
            key={i}
            className="rounded-sm bg-emerald-100 text-emerald-900 underline decoration-emerald-700/70 decoration-2 underline-offset-2 dark:bg-emerald-950 dark:text-emerald-200 dark:decoration-emerald-400/80"
          >
            <span className="sr-only">[added: </span>
            {p.value}
            <span className="sr-only">]</span>
          </ins>
        ) : (
          <span key={i}>{p.value}</span>
        ),
      )}
    </div>
  );
}

/**
 * "Compare answers": pick two panes (and a turn) and see, word by word, what the second answer has
 * that the first has not (added) and the reverse (removed). Panes are named as on screen; in a
 * blind comparison before the vote only by letter.
 */
export function DiffDialog({
  open,
  onClose,
  panes,
  turns,
}: {
  open: boolean;
  onClose: () => void;
  panes: PaneIdentity[];
  turns: TurnState[];
}) {
  const id = useId();
  const lastTurn = turns.at(-1)?.index ?? 0;
  const [turnChoice, setTurnChoice] = useState<number | null>(null);
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(Math.min(1, panes.length - 1));
  const turnIndex = turnChoice ?? lastTurn;
  const turn = turns.find((t) => t.index === turnIndex) ?? turns.at(-1);
  const fromText = turn?.answers[from]?.text ?? "";
  const toText = turn?.answers[to]?.text ?? "";
  const same = from === to;
  const diff = useMemo(() => (open && !same && fromText && toText ? wordDiff(fromText, toText) : null), [open, same, fromText, toText]);
  const selectClasses = `${inputClasses()} mt-1 h-9 w-full px-2 text-sm`;
  const fromName = panes[from] ? paneChoice(panes[from]) : "";
  const toName = panes[to] ? paneChoice(panes[to]) : "";

  return (
    <Modal
      open={open}
      onClose={onClose}
      title="Compare answers"
      description="Word by word: what the second answer adds, and what it leaves out of the first."
      width="56rem"
      initialFocus={`${id}-from`}
    >
      <div className="grid gap-3 sm:grid-cols-[1fr_1fr_auto]">
        <div>
          <label htmlFor={`${id}-from`} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
            First answer
          </label>
          <select id={`${id}-from`} value={from} onChange={(e) => setFrom(Number(e.target.value))} className={selectClasses}>
            {panes.map((p) => (
              <option key={p.index} value={p.index}>
                {paneChoice(p)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-to`} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
            Second answer
          </label>
          <select id={`${id}-to`} value={to} onChange={(e) => setTo(Number(e.target.value))} className={selectClasses}>
            {panes.map((p) => (
              <option key={p.index} value={p.index}>
                {paneChoice(p)}
              </option>
            ))}
          </select>
        </div>
        {turns.length > 1 ? (
          <div>
            <label htmlFor={`${id}-turn`} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
              Turn
            </label>
            <select id={`${id}-turn`} value={turnIndex} onChange={(e) => setTurnChoice(Number(e.target.value))} className={selectClasses}>
              {turns.map((t) => (
                <option key={t.index} value={t.index}>
                  {t.index === 0 ? "1 (first prompt)" : `${t.index + 1} (follow-up ${t.index})`}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>

      <div className="mt-4" aria-live="polite">
        {same ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Choose two different answers.</p>
        ) : !fromText || !toText ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {!fromText ? fromName : toName} has no answer{turns.length > 1 ? " in this turn" : ""} yet.
          </p>
        ) : !diff ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">These answers are too long and too different to compare word by word.</p>
        ) : (
          <>
            <p className="mb-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
              <span>
                From <span className="font-medium text-zinc-800 dark:text-zinc-200">{fromName}</span> to{" "}
                <span className="font-medium text-zinc-800 dark:text-zinc-200">{toName}</span>:
              </span>
              <span>
                {formatCount(diff.added)} {diff.added === 1 ? "word" : "words"}{" "}
                <span className="rounded-sm bg-emerald-100 px-1 text-emerald-900 underline decoration-2 underline-offset-2 dark:bg-emerald-950 dark:text-emerald-200">
                  added
                </span>
              </span>
              <span>
                {formatCount(diff.removed)} {diff.removed === 1 ? "word" : "words"}{" "}
                <span className="rounded-sm bg-red-100 px-1 text-red-900 line-through decoration-2 dark:bg-red-950 dark:text-red-200">
                  removed
                </span>
              </span>
            </p>
            {diff.added === 0 && diff.removed === 0 ? (
              <p className="mb-2 text-sm text-zinc-700 dark:text-zinc-300">The two answers have the same words.</p>
            ) : null}
            <DiffText diff={diff} />
          </>
        )}
      </div>
    </Modal>
  );
}
