import type { ReactNode } from "react";

export type HeatmapProps = {
  id: string;
  title: string;
  caption: ReactNode;
  models: string[];
  labels: Map<string, string>;
  values: (number | null)[][];
  format: (v: number) => string;
  /** background for a value; null = no colour */
  colour: (v: number) => string | null;
  /** the diagonal (a model against itself) */
  diagonal?: string;
  legend: ReactNode;
};

/** A win rate's colour: green when the row mostly wins, red when it mostly loses, grey when even. */
export function winColour(v: number): string {
  const d = Math.abs(v - 0.5) * 2; // 0 at an even record, 1 at all-or-nothing
  if (d < 0.01) return "rgba(113, 113, 122, 0.18)";
  const a = (0.15 + 0.5 * d).toFixed(2);
  return v > 0.5 ? `rgba(16, 185, 129, ${a})` : `rgba(239, 68, 68, ${a})`;
}

/** A count's colour: darker with more, relative to the largest count `max`; none at 0. */
export function countColour(max: number): (v: number) => string | null {
  return (v) => (v > 0 ? `rgba(99, 102, 241, ${(0.12 + (0.5 * v) / max).toFixed(2)})` : null);
}

const short = (s: string, n = 22) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A square table, row = model, column = opponent, the value printed in each colour-scaled cell. */
export function Heatmap({ id, title, caption, models, labels, values, format, colour, diagonal = "—", legend }: HeatmapProps) {
  return (
    <section
      aria-labelledby={`${id}-title`}
      className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id={`${id}-title`} className="mb-1 text-sm font-medium text-zinc-900 dark:text-zinc-100">
        {title}
      </h2>
      <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400">{caption}</p>
      <div className="relative overflow-x-auto">
        <table className="border-separate border-spacing-0.5 text-xs">
          <caption className="sr-only">
            {title}: {caption}
          </caption>
          <thead>
            <tr>
              <td className="p-1" />
              {models.map((m) => (
                <th
                  key={m}
                  scope="col"
                  title={labels.get(m) ?? m}
                  className="max-w-24 p-1 align-bottom text-[11px] font-medium break-words text-zinc-700 dark:text-zinc-300"
                >
                  {short(labels.get(m) ?? m)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {models.map((row, r) => (
              <tr key={row}>
                <th
                  scope="row"
                  title={labels.get(row) ?? row}
                  className="p-1 pr-2 text-right whitespace-nowrap text-[11px] font-medium text-zinc-700 dark:text-zinc-300"
                >
                  {short(labels.get(row) ?? row, 44)}
                </th>
                {models.map((col, c) => {
                  const v = values[r][c];
                  if (r === c) {
                    return (
                      <td
                        key={col}
                        className="h-9 min-w-14 rounded bg-zinc-100 text-center text-zinc-400 dark:bg-zinc-800 dark:text-zinc-500"
                      >
                        <span aria-label="same model">{diagonal}</span>
                      </td>
                    );
                  }
                  const bg = v == null ? null : colour(v);
                  return (
                    <td
                      key={col}
                      style={bg ? { backgroundColor: bg } : undefined}
                      className={`h-9 min-w-14 rounded px-2 text-center font-medium tabular-nums ${
                        v == null ? "bg-zinc-50 text-zinc-400 dark:bg-zinc-950/40 dark:text-zinc-500" : "text-zinc-900 dark:text-zinc-50"
                      }`}
                    >
                      {v == null ? <span aria-label="never met">·</span> : format(v)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">{legend}</div>
    </section>
  );
}
