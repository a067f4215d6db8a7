"use client";
// The answers of a session as a grid of prompts (rows) by models (columns), like promptfoo's
// viewer: each cell shows its status, the start of the answer and its metrics; filters by model
// (show or hide columns), by status and by text (as you type); pages of prompts come from
// GET /api/v1/evals/<id>/answers as the grid scrolls. A cell opens whole in a dialog. Arrow keys
// move between cells. Only the grid's own box scrolls sideways, never the page.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { callApi } from "@/lib/client/call-server";
import {
  CELL_STATUS_LABELS,
  FILTER_STATUSES,
  type AnswerCell,
  type AnswerColumn,
  type AnswerRow,
  type AnswersPage,
  type FilterStatus,
} from "@/lib/evals/answers-schema";
import { formatCount } from "@/lib/format";
import { AnswerDialog, type OpenCell } from "./answer-dialog";
import { CellStatusPill, metricParts } from "./answers-grid-parts";

export type GridFilters = { q: string; hidden: string[]; statuses: FilterStatus[] };

const PAGE = 50;
const DEBOUNCE_MS = 250;
const REFRESH_MS = 4000;

function answersUrl(sessionId: string, f: GridFilters, columns: AnswerColumn[], extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  if (f.hidden.length)
    p.set(
      "model",
      columns
        .filter((c) => !f.hidden.includes(c.key))
        .map((c) => c.key)
        .join(",") || "none",
    );
  if (f.statuses.length) p.set("status", f.statuses.join(","));
  if (f.q.trim()) p.set("q", f.q.trim());
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return `/api/v1/evals/${encodeURIComponent(sessionId)}/answers?${p}`;
}

/** The filters as the page's own address (?q=&hide=&status=), so a reload or a shared link keeps them. */
function syncAddress(f: GridFilters) {
  const url = new URL(window.location.href);
  for (const [k, v] of [
    ["q", f.q.trim()],
    ["hide", f.hidden.join(",")],
    ["status", f.statuses.join(",")],
  ] as const) {
    if (v) url.searchParams.set(k, v);
    else url.searchParams.delete(k);
  }
  window.history.replaceState(window.history.state, "", url);
}

export function AnswersGrid({
  sessionId,
  initial,
  filters: initialFilters,
}: {
  sessionId: string;
  initial: AnswersPage;
  filters: GridFilters;
}) {
  const id = useId();
  const [filters, setFilters] = useState<GridFilters>(initialFilters);
  const [applied, setApplied] = useState<GridFilters>(initialFilters);
  const [page, setPage] = useState<AnswersPage>(initial);
  const [loading, setLoading] = useState<"filter" | "more" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<OpenCell | null>(null);
  const request = useRef(0);
  const gridRef = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const { columns, blind } = page;
  const shown = useMemo(() => columns.filter((c) => !applied.hidden.includes(c.key)), [columns, applied.hidden]);
  const live = page.session.status === "running" || page.session.status === "paused";

  const load = useCallback(
    async (f: GridFilters, how: "filter" | "more" | "refresh", cursor?: string | null, limit = PAGE) => {
      const mine = ++request.current;
      if (how !== "refresh") setLoading(how);
      const extra: Record<string, string> = { limit: String(limit) };
      if (cursor) extra.cursor = cursor;
      const result = await callApi<AnswersPage>(answersUrl(sessionId, f, columns, extra), { cache: "no-store" }, "load the answers");
      if (mine !== request.current) return; // a newer request (other filters) wins
      setLoading(null);
      if (!result.ok) {
        if (how !== "refresh") setError(result.error.message);
        return;
      }
      setError(null);
      const data = result.data;
      if (how === "more")
        setPage((p) => ({ ...data, rows: [...p.rows, ...data.rows.filter((r) => r.index > (p.rows.at(-1)?.index ?? -1))] }));
      else if (how === "refresh")
        // the first rows again (cells change while the run goes); rows loaded beyond them stay
        setPage((p) => {
          const last = data.rows.at(-1)?.index ?? -1;
          const rest = data.nextCursor ? p.rows.filter((r) => r.index > last) : [];
          return { ...data, rows: [...data.rows, ...rest], nextCursor: rest.length ? p.nextCursor : data.nextCursor };
        });
      else setPage(data);
    },
    [columns, sessionId],
  );

  // new filters: the first page again; the text filter a moment after the last key, the others at once
  useEffect(() => {
    if (filters === applied) return;
    const t = setTimeout(
      () => {
        setApplied(filters);
        syncAddress(filters);
        // every model hidden: nothing to ask for (the grid says so)
        if (columns.every((c) => filters.hidden.includes(c.key))) return;
        void load(filters, "filter");
      },
      filters.q !== applied.q ? DEBOUNCE_MS : 0,
    );
    return () => clearTimeout(t);
  }, [applied, columns, filters, load]);

  // the next page when the end of the grid comes into view (the button does the same)
  const more = page.nextCursor;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !more || loading) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void load(applied, "more", more);
    });
    io.observe(el);
    return () => io.disconnect();
  }, [applied, load, loading, more]);

  // while the run goes, the loaded cells are refreshed
  const loaded = page.rows.length;
  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => void load(applied, "refresh", null, Math.min(200, Math.max(PAGE, loaded))), REFRESH_MS);
    return () => clearInterval(t);
  }, [applied, live, load, loaded]);

  const toggle = <T extends string>(list: T[], value: T) => (list.includes(value) ? list.filter((x) => x !== value) : [...list, value]);

  // arrow keys move between cells (rows x columns); Home/End to the row's first/last cell
  const onGridKey = (e: React.KeyboardEvent) => {
    const t = e.target as HTMLElement;
    const r = Number(t.dataset.r);
    const c = Number(t.dataset.c);
    if (!t.dataset.r || Number.isNaN(r) || Number.isNaN(c)) return;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [r - 1, c],
      ArrowDown: [r + 1, c],
      ArrowLeft: [r, c - 1],
      ArrowRight: [r, c + 1],
      Home: [r, 0],
      End: [r, shown.length - 1],
    };
    const to = moves[e.key];
    if (!to) return;
    const target = gridRef.current?.querySelector<HTMLElement>(`[data-r="${to[0]}"][data-c="${to[1]}"]`);
    if (target) {
      e.preventDefault();
      target.focus();
    }
  };

  const reset = () => setFilters({ q: "", hidden: [], statuses: [] });
  const filtered = applied.q.trim() !== "" || applied.hidden.length > 0 || applied.statuses.length > 0;

  return (
    <div className="grid min-w-0 gap-3">
      {blind ? (
        <p className="rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-900 dark:border-indigo-900 dark:bg-indigo-950 dark:text-indigo-100">
          You still have items to rate, so the grid is blind as the rating page is: models are shown as “Model 1, 2…” in an order of your
          own, without clouds, timings, costs or error details, and answers are normalised.
        </p>
      ) : null}
      <div
        role="search"
        aria-label="Filter the answers"
        className="grid gap-2 rounded-xl border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor={`${id}-q`} className="sr-only">
            Search prompts and answers
          </label>
          <input
            id={`${id}-q`}
            type="search"
            value={filters.q}
            maxLength={200}
            placeholder="Search prompts and answers…"
            onChange={(e) => setFilters((f) => ({ ...f, q: e.target.value }))}
            className={`${inputClasses(false)} h-9 w-full min-w-0 px-3 text-sm sm:w-80`}
          />
          <p className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400" aria-live="polite" role="status">
            {loading === "filter" ? (
              <span className="inline-flex items-center gap-1.5">
                <Spinner /> Filtering…
              </span>
            ) : (
              `${formatCount(page.total)} ${page.total === 1 ? "prompt" : "prompts"}${filtered ? " match" : ""}`
            )}
          </p>
          {filtered ? (
            <Button size="sm" variant="ghost" onClick={reset}>
              Clear filters
            </Button>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-1.5" role="group" aria-labelledby={`${id}-models`}>
          <span id={`${id}-models`} className="mr-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Models
          </span>
          {columns.map((c) => {
            const on = !filters.hidden.includes(c.key);
            return (
              <button
                key={c.key}
                type="button"
                aria-pressed={on}
                onClick={() => setFilters((f) => ({ ...f, hidden: toggle(f.hidden, c.key) }))}
                className={`max-w-full truncate rounded-full border px-2.5 py-0.5 text-xs font-medium focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 ${
                  on
                    ? "border-indigo-300 bg-indigo-50 text-indigo-900 dark:border-indigo-700 dark:bg-indigo-950 dark:text-indigo-100"
                    : "border-zinc-300 bg-white text-zinc-500 line-through dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-500"
                }`}
              >
                {c.label}
              </button>
            );
          })}
        </div>
        <div className="flex flex-wrap items-center gap-1.5" role="group" aria-labelledby={`${id}-status`}>
          <span id={`${id}-status`} className="mr-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Status
          </span>
          {FILTER_STATUSES.map((s) => {
            const on = filters.statuses.includes(s);
            return (
              <button
                key={s}
                type="button"
                aria-pressed={on}
                onClick={() => setFilters((f) => ({ ...f, statuses: toggle(f.statuses, s) }))}
                className={`rounded-full border px-2.5 py-0.5 text-xs font-medium focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 ${
                  on
                    ? "border-indigo-600 bg-indigo-600 text-white dark:border-indigo-400 dark:bg-indigo-500"
                    : "border-zinc-300 bg-white text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800"
                }`}
              >
                {CELL_STATUS_LABELS[s]}
              </button>
            );
          })}
        </div>
      </div>

      {error ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      ) : null}

      {shown.length === 0 ? (
        <Empty>Every model is hidden: choose at least one above.</Empty>
      ) : page.rows.length === 0 && loading !== "filter" ? (
        <Empty>
          {filtered ? "No prompts match these filters." : "This session has no prompts."}
          {filtered ? (
            <Button size="sm" className="mt-2" onClick={reset}>
              Clear filters
            </Button>
          ) : null}
        </Empty>
      ) : (
        <div
          ref={gridRef}
          role="region"
          aria-label="Answers by prompt and model"
          aria-busy={loading !== null}
          tabIndex={-1}
          className="relative max-h-[75dvh] min-w-0 overflow-auto overscroll-x-contain rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
        >
          <table className="w-max min-w-full table-fixed border-separate border-spacing-0 text-sm" onKeyDown={onGridKey}>
            <caption className="sr-only">
              Answers: one row per prompt, one column per model. Arrow keys move between cells; Enter opens one.
            </caption>
            <thead>
              <tr>
                <th
                  scope="col"
                  className="sticky top-0 left-0 z-30 w-36 border-r border-b border-zinc-200 bg-zinc-50 px-3 py-2 text-left text-xs font-semibold text-zinc-600 sm:w-64 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-300"
                >
                  Prompt
                </th>
                {shown.map((c) => (
                  <th
                    key={c.key}
                    scope="col"
                    className="sticky top-0 z-20 w-64 border-b border-zinc-200 bg-zinc-50 px-3 py-2 text-left text-xs font-semibold text-zinc-900 sm:w-72 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-100"
                  >
                    <span className="block truncate">{c.label}</span>
                    {c.provider ? (
                      <span className="block truncate font-normal text-zinc-500 dark:text-zinc-400">
                        {c.provider}
                        {c.location ? ` · ${c.location}` : ""}
                      </span>
                    ) : null}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row, r) => (
                <GridRow key={row.index} row={row} r={r} columns={shown} onOpen={(column) => setOpen({ index: row.index, column })} />
              ))}
            </tbody>
          </table>
          <div
            ref={sentinel}
            className="sticky left-0 flex w-full max-w-[calc(100vw-2rem)] items-center gap-2 px-3 py-2 text-xs text-zinc-500"
          >
            {more ? (
              <Button size="sm" disabled={loading !== null} onClick={() => void load(applied, "more", more)}>
                {loading === "more" ? <Spinner /> : null}
                Load more prompts
              </Button>
            ) : (
              <span>
                {formatCount(page.rows.length)} of {formatCount(page.total)} shown
              </span>
            )}
          </div>
        </div>
      )}
      <AnswerDialog
        sessionId={sessionId}
        open={open}
        columns={shown}
        blind={blind}
        onMove={setOpen}
        onClose={() => closeDialog(open, setOpen, gridRef)}
      />
    </div>
  );
}

/** Closes the dialog and puts the focus back on the cell it was opened from. */
function closeDialog(open: OpenCell | null, setOpen: (o: null) => void, grid: React.RefObject<HTMLDivElement | null>) {
  setOpen(null);
  if (!open) return;
  requestAnimationFrame(() =>
    grid.current?.querySelector<HTMLElement>(`[data-index="${open.index}"][data-column="${CSS.escape(open.column)}"]`)?.focus(),
  );
}

function GridRow({ row, r, columns, onOpen }: { row: AnswerRow; r: number; columns: AnswerColumn[]; onOpen: (column: string) => void }) {
  return (
    <tr className="align-top">
      <th
        scope="row"
        className="sticky left-0 z-10 w-36 border-r border-b border-zinc-200 bg-white px-3 py-2 text-left font-normal sm:w-64 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">#{row.index + 1}</span>
        {row.gold ? (
          <span className="ml-1 rounded bg-amber-100 px-1 text-[10px] text-amber-800 dark:bg-amber-950 dark:text-amber-300">gold</span>
        ) : null}
        <span className="mt-0.5 line-clamp-5 text-xs break-words text-zinc-900 dark:text-zinc-100">{row.prompt}</span>
        {row.tags.length ? (
          <span className="mt-1 block truncate text-[11px] text-zinc-500 dark:text-zinc-400">{row.tags.join(" · ")}</span>
        ) : null}
      </th>
      {columns.map((c, ci) => {
        const cell = row.cells.find((x) => x.column === c.key);
        return (
          <td key={c.key} className="border-b border-zinc-200 p-0 dark:border-zinc-800">
            {cell ? (
              <Cell cell={cell} label={`${c.label}, prompt ${row.index + 1}`} r={r} c={ci} index={row.index} onOpen={() => onOpen(c.key)} />
            ) : null}
          </td>
        );
      })}
    </tr>
  );
}

function Cell({
  cell,
  label,
  r,
  c,
  index,
  onOpen,
}: {
  cell: AnswerCell;
  label: string;
  r: number;
  c: number;
  index: number;
  onOpen: () => void;
}) {
  const metrics = metricParts(cell.metrics);
  return (
    <button
      type="button"
      data-r={r}
      data-c={c}
      data-index={index}
      data-column={cell.column}
      onClick={onOpen}
      className="flex h-full min-h-24 w-full flex-col items-start gap-1 px-3 py-2 text-left hover:bg-zinc-50 focus-visible:bg-indigo-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800/60 dark:focus-visible:bg-indigo-950/50"
    >
      <span className="sr-only">{label}: </span>
      <CellStatusPill status={cell.status} />
      {cell.preview ? (
        <span className="line-clamp-4 text-xs break-words text-zinc-800 dark:text-zinc-200">{cell.preview}</span>
      ) : cell.error ? (
        <span className="line-clamp-3 text-xs text-red-700 dark:text-red-300">{cell.error}</span>
      ) : (
        <span className="text-xs text-zinc-400 italic dark:text-zinc-500">{cell.status === "done" ? "(empty answer)" : "No text yet"}</span>
      )}
      {metrics.length ? (
        <span className="mt-auto text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400">{metrics.join(" · ")}</span>
      ) : null}
    </button>
  );
}

function Empty({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex flex-col items-center rounded-xl border border-dashed border-zinc-300 px-6 py-10 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
      {children}
    </div>
  );
}
