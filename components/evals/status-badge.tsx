import type { EvalStatus } from "@/lib/generated/prisma/enums";

const styles: Record<EvalStatus, { label: string; className: string }> = {
  draft: { label: "Not started", className: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" },
  running: { label: "Running", className: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300" },
  paused: { label: "Paused", className: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300" },
  cancelled: { label: "Cancelled", className: "bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" },
  capped: { label: "Stopped at the spend cap", className: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300" },
  completed: { label: "Answers ready", className: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300" },
};

export function StatusBadge({ status }: { status: EvalStatus }) {
  const s = styles[status];
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${s.className}`}>{s.label}</span>;
}
