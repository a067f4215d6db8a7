import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { ROLE_TONES } from "@/components/teams/roles";
import { CreateTeamForm } from "@/components/teams/create-team-form";
import { Badge } from "@/components/ui/badge";
import { requirePageViewer } from "@/lib/auth/viewer";
import { ROLE_LABELS } from "@/lib/teams/permissions";
import { listTeams } from "@/lib/teams/service";

export const metadata: Metadata = { title: "Teams" };

// GET /teams: the viewer's teams with their role in each, and a form to create one
export default async function TeamsPage() {
  await connection();
  const viewer = await requirePageViewer("/teams");
  const teams = await listTeams(viewer);
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-6 sm:px-6">
      <h1 className="text-lg font-semibold tracking-tight">Teams</h1>
      <p className="mt-1 mb-5 text-sm text-zinc-600 dark:text-zinc-400">
        A team shares comparisons and evaluation sessions. Its members see them by role: owner, admin, member or viewer.
      </p>
      {viewer.local ? (
        <p className="mb-5 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200">
          Sign-in is off (local mode): only you use this Juxta, so nobody else can accept an invitation. Configure a sign-in provider to
          work as a team.
        </p>
      ) : null}
      <CreateTeamForm />
      <h2 className="mt-8 mb-2 text-sm font-semibold">Your teams</h2>
      {teams.length === 0 ? (
        <p className="rounded-xl border border-dashed border-zinc-300 px-6 py-10 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          You are not in a team yet. Create one, or open an invitation link someone sent you.
        </p>
      ) : (
        <ul
          aria-label="Your teams"
          className="divide-y divide-zinc-200 overflow-hidden rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
        >
          {teams.map((t) => (
            <li
              key={t.id}
              className="relative flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 hover:bg-zinc-50 dark:hover:bg-zinc-800/60"
            >
              <Link
                href={`/teams/${t.id}`}
                className="min-w-0 flex-1 truncate font-medium text-zinc-900 underline-offset-2 after:absolute after:inset-0 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:text-zinc-100"
              >
                {t.name}
              </Link>
              <Badge tone={ROLE_TONES[t.role]}>{ROLE_LABELS[t.role]}</Badge>
              <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
                {t.members === 1 ? "1 member" : `${t.members} members`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
