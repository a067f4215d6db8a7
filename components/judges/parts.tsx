import type { ReactNode } from "react";

// Card and table markup of the judges' figures, in the results page's look (components/evals/results-view.tsx).

export const th = "px-3 py-2 text-left text-xs font-semibold text-zinc-700 dark:text-zinc-300";
export const thr = `${th} text-right`;
export const td = "px-3 py-2 text-right tabular-nums text-zinc-700 dark:text-zinc-300";

export function Card({ id, title, caption, children }: { id: string; title: string; caption?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h3 id={id} className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
        {title}
      </h3>
      {caption ? <p className="mt-0.5 mb-2 text-xs text-zinc-600 dark:text-zinc-400">{caption}</p> : <div className="mb-2" />}
      {children}
    </section>
  );
}

export function Table({ caption, head, children }: { caption: string; head: ReactNode; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-y border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950/40">
          <tr>{head}</tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">{children}</tbody>
      </table>
    </div>
  );
}
