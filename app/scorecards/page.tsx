import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { scheduleLabel } from "@/components/scorecards/format";
import { nextCronRun, untilText } from "@/components/scorecards/next-run";
import { RunStatusBadge } from "@/components/scorecards/runs-panel";
import { buttonClasses } from "@/components/ui/button";
import { requirePageViewer } from "@/lib/auth/viewer";
import { cronOf } from "@/lib/scorecards/schedule";
import { listScorecards } from "@/lib/scorecards/service";
import { verdictCounts, type VerdictCounts } from "./verdict-counts";

export const metadata: Metadata = { title: "Scorecards" };

function Counts({ counts }: { counts: VerdictCounts | null }) {
  if (!counts) return <span className="text-xs text-zinc-500 dark:text-zinc-400">No verdicts yet</span>;
  const item = (n: number, label: string, className: string) => (
    <span className={`rounded px-1.5 py-px text-[11px] font-medium ring-1 ring-inset ${className}`}>
      {n} {label}
    </span>
  );
  return (
    <span
      className="flex flex-wrap gap-1"
      aria-label={`Verdicts: ${counts.equivalent} equivalent, ${counts.different} different, ${counts.inconclusive} inconclusive`}
    >
      {item(
        counts.equivalent,
        "equivalent",
        "bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-900",
      )}
      {item(counts.different, "different", "bg-red-50 text-red-800 ring-red-200 dark:bg-red-950 dark:text-red-300 dark:ring-red-900")}
      {item(
        counts.inconclusive,
        "inconclusive",
        "bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-900",
      )}
    </span>
  );
}

// GET /scorecards: the scorecards the viewer may read (their own and their teams'), newest first
export default async function ScorecardsPage() {
  await connection();
  const viewer = await requirePageViewer("/scorecards");
  const scorecards = await listScorecards({ viewer });
  const counts = await verdictCounts(scorecards.map((s) => s.id));
  const now = new Date();
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-6 sm:px-6">
      <div className="mb-4 flex items-center justify-between gap-3">
        <h1 className="text-lg font-semibold tracking-tight">Scorecards</h1>
        <Link href="/scorecards/new" className={buttonClasses({ variant: "primary", size: "sm" })}>
          New scorecard
        </Link>
      </div>
      {scorecards.length === 0 ? (
        <div className="rounded-xl border border-dashed border-zinc-300 px-6 py-12 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          <p className="font-medium text-zinc-800 dark:text-zinc-200">No scorecards yet.</p>
          <p className="mt-1">
            A scorecard tests one model on several clouds against a reference (accuracy, tool calls, limits, speed, price) and keeps the
            history, with alerts when a deployment drifts.
          </p>
        </div>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
          {scorecards.map((s) => {
            const next = s.schedule ? nextCronRun(cronOf(s.id, s.schedule), now) : null;
            return (
              <li key={s.id} className="flex flex-wrap items-center gap-x-4 gap-y-1.5 px-4 py-3" data-scorecard={s.id}>
                <div className="min-w-0 flex-1 basis-64">
                  <Link href={`/scorecards/${s.id}`} className="font-medium text-zinc-900 hover:underline dark:text-zinc-100">
                    {s.name}
                  </Link>
                  <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">
                    {s.team ? `${s.team.name} · ` : "Personal · "}
                    {s.deployments.map((d) => `${d.providerLabel}${d.reference ? " (ref)" : ""}`).join(", ")}
                  </p>
                </div>
                <Counts counts={counts.get(s.id) ?? null} />
                <RunStatusBadge status={s.status} />
                <span className="text-xs text-zinc-500 dark:text-zinc-400">
                  {s.schedule && next ? (
                    <>
                      {scheduleLabel[s.schedule]} · next{" "}
                      <time dateTime={next.toISOString()} title={`${next.toISOString().slice(0, 16).replace("T", " ")} UTC`}>
                        {untilText(next, now)}
                      </time>
                    </>
                  ) : (
                    "No schedule"
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
