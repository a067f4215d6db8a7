"use client";
// One cell of the answers grid read whole: the prompt, the answer (sanitised Markdown), its status,
// metrics, error and reasoning. A native modal <dialog>: focus moves in and is trapped, Escape
// closes it and focus returns to the cell. ← / → (or the buttons) go to the prompt's other models.
import { useEffect, useRef, useState } from "react";
import { Markdown } from "@/components/compare/markdown";
import { Button } from "@/components/ui/button";
import { ChevronIcon, CloseIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { callApi } from "@/lib/client/call-server";
import type { AnswerColumn, AnswersPage } from "@/lib/evals/answers-schema";
import { formatCount } from "@/lib/format";
import { CellStatusPill, MetricsList, STATUS_HINTS } from "./answers-grid-parts";

export type OpenCell = { index: number; column: string };

type Loaded = { key: string; page: AnswersPage } | { key: string; error: string };

export function AnswerDialog({
  sessionId,
  open,
  columns,
  blind,
  onMove,
  onClose,
}: {
  sessionId: string;
  open: OpenCell | null;
  /** the columns shown in the grid, in order (← / → move through them) */
  columns: AnswerColumn[];
  blind: boolean;
  onMove: (cell: OpenCell) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const key = open ? `${open.index}|${open.column}` : null;

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  useEffect(() => {
    if (!open || !key) return;
    let live = true;
    const params = new URLSearchParams({ index: String(open.index), model: open.column, full: "true" });
    void callApi<AnswersPage>(
      `/api/v1/evals/${encodeURIComponent(sessionId)}/answers?${params}`,
      { cache: "no-store" },
      "load the answer",
    ).then((result) => {
      if (!live) return;
      setLoaded(result.ok ? { key, page: result.data } : { key, error: result.error.message });
    });
    return () => {
      live = false;
    };
  }, [key, open, sessionId]);

  const current = loaded && loaded.key === key ? loaded : null;
  const row = current && "page" in current ? current.page.rows[0] : undefined;
  const cell = row?.cells[0];
  const at = open ? columns.findIndex((c) => c.key === open.column) : -1;
  const column = at >= 0 ? columns[at] : undefined;
  const prev = at > 0 ? columns[at - 1] : undefined;
  const next = at >= 0 && at < columns.length - 1 ? columns[at + 1] : undefined;

  return (
    <dialog
      ref={ref}
      aria-labelledby="answer-dialog-title"
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => {
        if (!open || e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
        if (e.key === "ArrowLeft" && prev) {
          e.preventDefault();
          onMove({ index: open.index, column: prev.key });
        } else if (e.key === "ArrowRight" && next) {
          e.preventDefault();
          onMove({ index: open.index, column: next.key });
        }
      }}
      onClick={(e) => {
        // a click on the backdrop (outside the panel) closes
        if (e.target === ref.current) onClose();
      }}
      className="m-auto max-h-[92dvh] w-[min(56rem,calc(100vw-1rem))] max-w-none overflow-hidden rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/50 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {open ? (
        <div className="flex max-h-[92dvh] flex-col">
          <header className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
            <h2 id="answer-dialog-title" className="min-w-0 flex-1 text-sm font-semibold">
              Prompt {open.index + 1} · {column?.label ?? open.column}
              {column?.provider ? <span className="font-normal text-zinc-500 dark:text-zinc-400"> · {column.provider}</span> : null}
            </h2>
            <div className="flex items-center gap-1">
              <Button
                size="sm"
                variant="ghost"
                disabled={!prev}
                onClick={() => prev && onMove({ index: open.index, column: prev.key })}
                aria-keyshortcuts="ArrowLeft"
                aria-label={prev ? `Previous model: ${prev.label}` : "Previous model"}
              >
                <ChevronIcon className="size-3.5 rotate-180" />
              </Button>
              <Button
                size="sm"
                variant="ghost"
                disabled={!next}
                onClick={() => next && onMove({ index: open.index, column: next.key })}
                aria-keyshortcuts="ArrowRight"
                aria-label={next ? `Next model: ${next.label}` : "Next model"}
              >
                <ChevronIcon className="size-3.5" />
              </Button>
              <Button size="icon" variant="ghost" onClick={onClose} aria-label="Close" autoFocus>
                <CloseIcon className="size-4" />
              </Button>
            </div>
          </header>
          <div className="min-h-0 flex-1 overflow-y-auto px-4 py-3" aria-busy={!current}>
            {!current ? (
              <p className="flex items-center gap-2 text-sm text-zinc-500 dark:text-zinc-400" role="status">
                <Spinner /> Loading the answer…
              </p>
            ) : "error" in current ? (
              <p role="alert" className="text-sm text-red-700 dark:text-red-300">
                {current.error}
              </p>
            ) : row && cell ? (
              <div className="grid gap-4">
                <section aria-labelledby="answer-dialog-prompt" className="rounded-lg bg-zinc-50 p-3 dark:bg-zinc-950/50">
                  <h3
                    id="answer-dialog-prompt"
                    className="mb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400"
                  >
                    Prompt
                  </h3>
                  {row.system ? (
                    <details className="mb-2 text-sm">
                      <summary className="cursor-pointer text-xs font-medium text-zinc-600 dark:text-zinc-400">System prompt</summary>
                      <p className="mt-1 whitespace-pre-wrap">{row.system}</p>
                    </details>
                  ) : null}
                  <p className="max-h-60 overflow-y-auto text-sm break-words whitespace-pre-wrap">{row.prompt}</p>
                  {row.reference ? (
                    <details className="mt-2 text-sm">
                      <summary className="cursor-pointer text-xs font-medium text-zinc-600 dark:text-zinc-400">Reference answer</summary>
                      <p className="mt-1 whitespace-pre-wrap">{row.reference}</p>
                    </details>
                  ) : null}
                </section>
                <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
                  <CellStatusPill status={cell.status} />
                  <span>{STATUS_HINTS[cell.status]}</span>
                  {cell.chars ? <span>· {formatCount(cell.chars)} characters</span> : null}
                </div>
                {cell.error ? (
                  <p role="note" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
                    {cell.error}
                  </p>
                ) : null}
                <MetricsList cell={cell} />
                {cell.reasoning ? (
                  <details className="text-sm">
                    <summary className="cursor-pointer text-xs font-medium text-zinc-600 dark:text-zinc-400">Reasoning</summary>
                    <p className="mt-1 whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">{cell.reasoning}</p>
                  </details>
                ) : null}
                <section aria-label="Answer" className="min-w-0 overflow-x-auto">
                  {cell.text?.trim() ? (
                    <Markdown text={cell.text} streaming={false} />
                  ) : (
                    <p className="text-sm text-zinc-500 italic dark:text-zinc-400">
                      {cell.status === "done" ? "(empty answer)" : "No text yet."}
                    </p>
                  )}
                </section>
                {blind ? (
                  <p className="text-xs text-zinc-500 dark:text-zinc-400">
                    Shown blind and normalised, as on the rating page: you still have items to rate.
                  </p>
                ) : null}
              </div>
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">This answer is no longer there.</p>
            )}
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
