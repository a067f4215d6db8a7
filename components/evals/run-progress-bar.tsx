// The run's progress as one bar of segments: done, failed, cancelled, being generated, and what
// is left. Accessible as a progressbar (finished answers of the total, with the counts in words).
import { formatCount } from "@/lib/format";

type Counts = { total: number; done: number; failed: number; cancelled: number; running: number };

export function runProgressText(c: Counts): string {
  const finished = c.done + c.failed + c.cancelled;
  const remaining = Math.max(0, c.total - finished);
  const parts = [`${formatCount(c.done)} done`, `${formatCount(c.failed)} failed`];
  if (c.cancelled) parts.push(`${formatCount(c.cancelled)} not generated`);
  parts.push(`${formatCount(remaining)} remaining${c.running ? ` (${c.running} being generated)` : ""}`);
  return `${formatCount(finished)} of ${formatCount(c.total)} answers finished: ${parts.join(", ")}`;
}

export function RunProgressBar({ counts, label, size = "md" }: { counts: Counts; label: string; size?: "md" | "sm" }) {
  const { total } = counts;
  const finished = counts.done + counts.failed + counts.cancelled;
  const pct = (n: number) => (total > 0 ? `${(n / total) * 100}%` : "0%");
  const segments = [
    { n: counts.done, className: "bg-emerald-500 dark:bg-emerald-400" },
    { n: counts.failed, className: "bg-red-500 dark:bg-red-400" },
    { n: counts.cancelled, className: "bg-zinc-400 dark:bg-zinc-500" },
    { n: counts.running, className: "animate-pulse bg-sky-400 motion-reduce:animate-none dark:bg-sky-500" },
  ];
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={finished}
      aria-valuetext={runProgressText(counts)}
      className={`flex w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800 ${size === "sm" ? "h-1.5" : "h-3"}`}
    >
      {segments.map((s, i) =>
        s.n > 0 ? <div key={i} className={`h-full transition-[width] duration-500 ${s.className}`} style={{ width: pct(s.n) }} /> : null,
      )}
    </div>
  );
}

export function RunProgressLegend() {
  const item = (className: string, text: string) => (
    <span className="inline-flex items-center gap-1">
      <span aria-hidden className={`inline-block size-2.5 rounded-sm ${className}`} />
      {text}
    </span>
  );
  return (
    <div className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400" aria-hidden>
      {item("bg-emerald-500 dark:bg-emerald-400", "done")}
      {item("bg-red-500 dark:bg-red-400", "failed")}
      {item("bg-zinc-400 dark:bg-zinc-500", "not generated")}
      {item("bg-sky-400 dark:bg-sky-500", "being generated")}
      {item("bg-zinc-200 dark:bg-zinc-800", "remaining")}
    </div>
  );
}
