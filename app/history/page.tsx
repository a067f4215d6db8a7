import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { HistoryRowActions } from "@/components/history-row-actions";
import { buttonClasses } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { requirePageViewer } from "@/lib/auth/viewer";
import { listComparisons } from "@/lib/compare/queries";
import { comparisonIdSchema } from "@/lib/compare/schema";
import { myTeams } from "@/lib/teams/list";
import { comparisonTeamFilterSchema } from "@/lib/teams/schema";

export const metadata: Metadata = { title: "History" };

const PAGE_SIZE = 30;

function when(iso: string): string {
  return new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
}

// GET /history: past comparisons (the viewer's own and their teams'), newest first
// (?cursor=<last id of the previous page>, ?q=<search>, ?team=<team id>|personal)
export default async function HistoryPage({ searchParams }: PageProps<"/history">) {
  await connection();
  const viewer = await requirePageViewer("/history");
  const params = await searchParams;
  const raw = params.cursor;
  const cursor = typeof raw === "string" && comparisonIdSchema.safeParse(raw).success ? raw : undefined;
  const q = typeof params.q === "string" ? params.q.slice(0, 500) : "";
  const teams = await myTeams(viewer);
  const readable = teams.filter((t) => t.can.includes("comparisons:read"));
  const writable = new Set(teams.filter((t) => t.can.includes("comparisons:write")).map((t) => t.id));
  // a team the viewer is not in (or a malformed value) reads like one that does not exist
  const parsedTeam = comparisonTeamFilterSchema.safeParse(params.team);
  const team =
    parsedTeam.success && (parsedTeam.data === "personal" || readable.some((t) => t.id === parsedTeam.data)) ? parsedTeam.data : undefined;
  const teamError = params.team !== undefined && params.team !== "" && !team ? "This team does not exist, or you are not in it." : null;
  const { items, nextCursor } = teamError
    ? { items: [], nextCursor: null }
    : await listComparisons({ viewer, limit: PAGE_SIZE, cursor, q, team });
  const withQ = (extra: string) =>
    `/history?${q ? `q=${encodeURIComponent(q)}&` : ""}${team ? `team=${encodeURIComponent(team)}&` : ""}${extra}`;
  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-6 sm:px-6">
      <div className="mb-4 flex items-center justify-between gap-3">
        <h1 className="text-lg font-semibold tracking-tight">History</h1>
        <Link href="/" className={buttonClasses({ variant: "primary", size: "sm" })}>
          New comparison
        </Link>
      </div>
      <form role="search" action="/history" className="mb-4 flex flex-wrap gap-2">
        <label htmlFor="history-search" className="sr-only">
          Search prompts
        </label>
        <input
          id="history-search"
          name="q"
          type="search"
          defaultValue={q}
          placeholder="Search prompts…"
          className={`${inputClasses(false)} h-9 min-w-48 flex-1 px-3 text-sm`}
        />
        {readable.length > 0 ? (
          <>
            <label htmlFor="history-team" className="sr-only">
              Whose comparisons
            </label>
            <select
              id="history-team"
              name="team"
              defaultValue={team ?? ""}
              aria-invalid={teamError ? true : undefined}
              aria-describedby={teamError ? "history-team-error" : undefined}
              className={`${inputClasses(Boolean(teamError))} h-9 px-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500`}
            >
              <option value="">Mine and my teams&apos;</option>
              <option value="personal">Just mine</option>
              {readable.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <button type="submit" className={buttonClasses({ size: "md" })}>
          {readable.length > 0 ? "Show" : "Search"}
        </button>
        {teamError ? (
          <p id="history-team-error" role="alert" className="basis-full text-xs text-red-700 dark:text-red-400">
            team: {teamError}
          </p>
        ) : null}
      </form>
      {items.length === 0 && q ? (
        <p className="rounded-xl border border-dashed border-zinc-300 px-6 py-12 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          No comparison matches &ldquo;{q}&rdquo;.
        </p>
      ) : items.length === 0 ? (
        <div className="rounded-xl border border-dashed border-zinc-300 px-6 py-12 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          {cursor ? (
            <p>No older comparisons.</p>
          ) : (
            <p>
              No comparisons yet.{" "}
              <Link href="/" className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
                Start one
              </Link>
              .
            </p>
          )}
        </div>
      ) : (
        <ol
          aria-label="Past comparisons, newest first"
          className="divide-y divide-zinc-200 overflow-hidden rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
        >
          {items.map((c) => (
            <li key={c.id} className="relative px-4 py-3 hover:bg-zinc-50 dark:hover:bg-zinc-800/60">
              <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                <Link
                  href={`/c/${c.id}`}
                  className="min-w-0 truncate font-medium text-zinc-900 decoration-zinc-400 underline-offset-2 after:absolute after:inset-0 hover:underline dark:text-zinc-100"
                >
                  {c.title || "Untitled comparison"}
                </Link>
                <time dateTime={c.createdAt} className="shrink-0 text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
                  {when(c.createdAt)}
                </time>
              </div>
              <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
                {c.team ? (
                  <span className="mr-1.5 rounded bg-indigo-50 px-1.5 py-0.5 font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200">
                    {c.team.name}
                  </span>
                ) : null}
                {c.models.join(" · ")}
                <span className="text-zinc-500 dark:text-zinc-400"> — {c.turns === 1 ? "1 turn" : `${c.turns} turns`}</span>
              </p>
              {/* a team comparison the viewer may only read has no rename / delete */}
              {!c.team || writable.has(c.team.id) ? <HistoryRowActions id={c.id} title={c.title || "Untitled comparison"} /> : null}
            </li>
          ))}
        </ol>
      )}
      {nextCursor || cursor ? (
        <nav aria-label="Pages" className="mt-4 flex justify-between">
          {cursor ? (
            <Link href={withQ("")} className={buttonClasses({ size: "sm" })}>
              Newest
            </Link>
          ) : (
            <span />
          )}
          {nextCursor ? (
            <Link href={withQ(`cursor=${encodeURIComponent(nextCursor)}`)} className={buttonClasses({ size: "sm" })}>
              Older
            </Link>
          ) : null}
        </nav>
      ) : null}
    </main>
  );
}
