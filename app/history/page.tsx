import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { HistoryRowActions } from "@/components/history-row-actions";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { AlertIcon } from "@/components/ui/icons";
import { requirePageViewer } from "@/lib/auth/viewer";
import { listHistory, listHistoryModels, type HistoryItem } from "@/lib/compare/history";
import { historyHref, parseHistoryParams, type HistoryNote } from "@/lib/compare/history-params";
import { purgeDeletedComparisons } from "@/lib/compare/trash";
import { formatUsd } from "@/lib/format";
import { myTeams } from "@/lib/teams/list";
import { HistoryFilters } from "./history-filters";
import { log } from "@/lib/observability/log";

export const metadata: Metadata = { title: "History" };

const PAGE_SIZE = 30;

function when(iso: string): string {
  return new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

function Badges({ c }: { c: HistoryItem }) {
  const winner = c.winner;
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      {c.blind ? (
        <Badge tone="indigo" title={c.sealed ? "Blind: models stay hidden until the first vote" : "Blind comparison, revealed by a vote"}>
          Blind
        </Badge>
      ) : null}
      {c.votedTurns > 0 ? (
        <Badge tone="green" title={`You voted on ${c.votedTurns} of ${c.turns} ${c.turns === 1 ? "turn" : "turns"}`}>
          Voted{c.turns > 1 ? ` ${c.votedTurns}/${c.turns}` : ""}
        </Badge>
      ) : null}
      {winner?.kind === "hidden" ? (
        <Badge title="The winner is hidden until a vote reveals the models">Winner hidden</Badge>
      ) : winner?.kind === "model" ? (
        <Badge tone="amber" title="The model with the most points over every vote on it">
          Winner: {winner.label}
        </Badge>
      ) : winner?.kind === "tie" ? (
        <Badge title="The votes put two or more models level">Winner: tie</Badge>
      ) : winner?.kind === "both_bad" ? (
        <Badge tone="red" title="Every vote said no answer was good">
          No winner: all bad
        </Badge>
      ) : null}
      {c.costUsd !== null ? <Badge title="What every answer in it cost, as priced when it ran">{formatUsd(c.costUsd)}</Badge> : null}
    </span>
  );
}

// GET /history: past comparisons (the viewer's own and their teams'), newest first, with
// ?q=<search>&model=<model id>&from=&to=<YYYY-MM-DD>&team=<team id>|personal&tag=<tag> and a page
// position ?before=|after=<cursor> (see lib/compare/history-params.ts); bad values are ignored
// with a note on the page
export default async function HistoryPage({ searchParams }: PageProps<"/history">) {
  await connection();
  const viewer = await requirePageViewer("/history");
  // deleted comparisons whose Undo has long passed go for good now (lib/compare/trash.ts)
  await purgeDeletedComparisons().catch((error: unknown) => log.error("purging deleted comparisons failed", { error }));
  const { filters, notes } = parseHistoryParams(await searchParams);
  const teams = await myTeams(viewer);
  const readable = teams.filter((t) => t.can.includes("comparisons:read"));
  const writable = new Set(teams.filter((t) => t.can.includes("comparisons:write")).map((t) => t.id));
  const allNotes: HistoryNote[] = [...notes];
  // a team the viewer is not in reads like one that does not exist
  if (filters.team && filters.team !== "personal" && !readable.some((t) => t.id === filters.team)) {
    allNotes.push({ field: "team", message: "Team: this team does not exist, or you are not in it. Ignored." });
    delete filters.team;
  }
  const [{ items, older, newer }, models] = await Promise.all([
    listHistory({ viewer, filters, limit: PAGE_SIZE }),
    listHistoryModels({ viewer }),
  ]);
  const { before, after, ...rest } = filters;
  const paged = Boolean(before || after);
  const filtered = Boolean(rest.q || rest.model || rest.team || rest.from || rest.to || rest.tag);
  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-6 sm:px-6">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-lg font-semibold tracking-tight">History</h1>
        <Link href="/" className={buttonClasses({ variant: "primary", size: "sm" })}>
          New comparison
        </Link>
      </div>
      <HistoryFilters
        filters={rest}
        models={models}
        teams={readable.length > 0 ? readable.map((t) => ({ id: t.id, name: t.name })) : null}
      />
      {rest.tag ? (
        <p className="mb-4 flex flex-wrap items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
          Tagged{" "}
          <span className="rounded-full bg-indigo-50 px-2.5 py-0.5 text-xs text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200">
            {rest.tag}
          </span>
          <Link
            href={historyHref({ ...rest, tag: undefined })}
            className="text-xs font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
          >
            Show every tag
          </Link>
        </p>
      ) : null}
      {allNotes.length > 0 ? (
        <div
          role="status"
          className="mb-4 flex gap-2 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200"
        >
          <AlertIcon className="mt-0.5 size-4 shrink-0" />
          <ul className="grid gap-0.5">
            {allNotes.map((n) => (
              <li key={`${n.field}-${n.message}`}>{n.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {items.length === 0 ? (
        <div className="rounded-xl border border-dashed border-zinc-300 px-6 py-12 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          {paged ? (
            <p>
              Nothing on this page any more.{" "}
              <Link href={historyHref(rest)} className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
                Back to the newest
              </Link>
              .
            </p>
          ) : filtered ? (
            <p>{rest.q ? <>No comparison matches &ldquo;{rest.q}&rdquo; with these filters.</> : "No comparison matches these filters."}</p>
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
                  className="max-w-full min-w-0 truncate font-medium text-zinc-900 decoration-zinc-400 underline-offset-2 after:absolute after:inset-0 hover:underline dark:text-zinc-100"
                >
                  {c.title || "Untitled comparison"}
                </Link>
                <time dateTime={c.createdAt} className="shrink-0 text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
                  {when(c.createdAt)}
                </time>
              </div>
              <p className="mt-1 text-xs break-words text-zinc-600 dark:text-zinc-400">
                {c.team ? (
                  <span className="mr-1.5 rounded bg-indigo-50 px-1.5 py-0.5 font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200">
                    {c.team.name}
                  </span>
                ) : null}
                {c.models.join(" · ")}
                <span className="text-zinc-500 dark:text-zinc-400"> — {c.turns === 1 ? "1 turn" : `${c.turns} turns`}</span>
              </p>
              {c.tags.length > 0 ? (
                <ul aria-label="Tags" className="relative z-10 mt-1.5 flex w-fit flex-wrap gap-1">
                  {c.tags.map((t) => (
                    <li key={t}>
                      <Link
                        href={historyHref({ ...rest, tag: t })}
                        title={`Only comparisons tagged ${t}`}
                        className="rounded-full border border-zinc-200 px-2 py-0.5 text-xs text-zinc-700 hover:border-indigo-300 hover:text-indigo-800 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:text-zinc-300 dark:hover:text-indigo-200"
                      >
                        {t}
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : null}
              <div className="mt-1.5 flex flex-wrap items-center justify-between gap-2">
                <Badges c={c} />
                {/* a team comparison the viewer may only read has no rename / delete */}
                {!c.team || writable.has(c.team.id) ? <HistoryRowActions id={c.id} title={c.title || "Untitled comparison"} /> : null}
              </div>
            </li>
          ))}
        </ol>
      )}
      {newer || older ? (
        <nav aria-label="Pages" className="mt-4 flex flex-wrap justify-between gap-2">
          {newer ? (
            <span className="flex gap-2">
              <Link href={historyHref(rest)} className={buttonClasses({ size: "sm" })}>
                Newest
              </Link>
              <Link href={historyHref(rest, { after: newer })} className={buttonClasses({ size: "sm" })} rel="prev">
                ← Newer
              </Link>
            </span>
          ) : (
            <span />
          )}
          {older ? (
            <Link href={historyHref(rest, { before: older })} className={buttonClasses({ size: "sm" })} rel="next">
              Older →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </main>
  );
}
