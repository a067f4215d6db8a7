import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { HistoryRowActions } from "@/components/history-row-actions";
import { buttonClasses } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { requirePageViewer } from "@/lib/auth/viewer";
import { listComparisons } from "@/lib/compare/queries";
import { comparisonIdSchema } from "@/lib/compare/schema";

export const metadata: Metadata = { title: "History" };

const PAGE_SIZE = 30;

function when(iso: string): string {
  return new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
}

// GET /history: past comparisons, newest first (?cursor=<last id of the previous page>)
export default async function HistoryPage({ searchParams }: PageProps<"/history">) {
  await connection();
  const viewer = await requirePageViewer("/history");
  const params = await searchParams;
  const raw = params.cursor;
  const cursor = typeof raw === "string" && comparisonIdSchema.safeParse(raw).success ? raw : undefined;
  const q = typeof params.q === "string" ? params.q.slice(0, 500) : "";
  const { items, nextCursor } = await listComparisons({ viewer, limit: PAGE_SIZE, cursor, q });
  const withQ = (extra: string) => `/history?${q ? `q=${encodeURIComponent(q)}&` : ""}${extra}`;
  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-6 sm:px-6">
      <div className="mb-4 flex items-center justify-between gap-3">
        <h1 className="text-lg font-semibold tracking-tight">History</h1>
        <Link href="/" className={buttonClasses({ variant: "primary", size: "sm" })}>
          New comparison
        </Link>
      </div>
      <form role="search" action="/history" className="mb-4 flex gap-2">
        <label htmlFor="history-search" className="sr-only">
          Search prompts
        </label>
        <input id="history-search" name="q" type="search" defaultValue={q} placeholder="Search prompts…" className={`${inputClasses(false)} h-9 flex-1 px-3 text-sm`} />
        <button type="submit" className={buttonClasses({ size: "md" })}>
          Search
        </button>
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
        <ol aria-label="Past comparisons, newest first" className="divide-y divide-zinc-200 overflow-hidden rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
          {items.map((c) => (
            <li key={c.id} className="relative px-4 py-3 hover:bg-zinc-50 dark:hover:bg-zinc-800/60">
              <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                <Link href={`/c/${c.id}`} className="min-w-0 truncate font-medium text-zinc-900 decoration-zinc-400 underline-offset-2 after:absolute after:inset-0 hover:underline dark:text-zinc-100">
                  {c.title || "Untitled comparison"}
                </Link>
                <time dateTime={c.createdAt} className="shrink-0 text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
                  {when(c.createdAt)}
                </time>
              </div>
              <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
                {c.models.join(" · ")}
                <span className="text-zinc-500 dark:text-zinc-400"> — {c.turns === 1 ? "1 turn" : `${c.turns} turns`}</span>
              </p>
              <HistoryRowActions id={c.id} title={c.title || "Untitled comparison"} />
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
