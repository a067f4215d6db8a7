import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { StatusBadge } from "@/components/evals/status-badge";
import { buttonClasses } from "@/components/ui/button";
import { requirePageViewer } from "@/lib/auth/viewer";
import { listSessions } from "@/lib/evals/sessions";
import { formatCount } from "@/lib/format";

export const metadata: Metadata = { title: "Evaluations" };

// GET /evals: the evaluation sessions the viewer may read (their own and their teams'), newest first
export default async function EvalsPage() {
  await connection();
  const viewer = await requirePageViewer("/evals");
  const sessions = await listSessions({ viewer });
  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-6 sm:px-6">
      <div className="mb-4 flex items-center justify-between gap-3">
        <h1 className="text-lg font-semibold tracking-tight">Evaluations</h1>
        <Link href="/evals/new" className={buttonClasses({ variant: "primary", size: "sm" })}>
          New session
        </Link>
      </div>
      {sessions.length === 0 ? (
        <div className="rounded-xl border border-dashed border-zinc-300 px-6 py-12 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          <p className="font-medium text-zinc-800 dark:text-zinc-200">No evaluation sessions yet.</p>
          <p className="mt-1">A session runs a prompt set across 2 to 8 models, then several people rate the answers blind.</p>
        </div>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3">
              <div className="min-w-0 flex-1">
                <Link href={`/evals/${s.id}`} className="font-medium text-zinc-900 hover:underline dark:text-zinc-100">
                  {s.name}
                </Link>
                <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">
                  {s.team ? `${s.team.name} · ` : "Personal · "}
                  {formatCount(s.prompts)} prompts · {s.models.join(", ")}
                </p>
              </div>
              <StatusBadge status={s.status} />
              <time dateTime={s.createdAt} className="text-xs text-zinc-500 dark:text-zinc-400">
                {new Date(s.createdAt).toLocaleDateString("en-US", { dateStyle: "medium" })}
              </time>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
