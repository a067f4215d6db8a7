import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ResultsShare } from "@/components/evals/results-share";
import { ResultsView, resultLabels } from "@/components/evals/results-view";
import { DownloadIcon } from "@/components/ui/icons";
import { buttonClasses } from "@/components/ui/button";
import type { SessionAccess } from "@/lib/evals/access";
import { loadSessionPage } from "@/lib/evals/page";
import { ResultsCategoryFilter } from "@/components/evals/results-category-filter";
import { computeResults, resultsQuerySchema, type ResultsQuery } from "@/lib/evals/results";
import { getSession } from "@/lib/evals/sessions";

export const metadata: Metadata = { title: "Results" };

// GET /evals/<id>/results(?seed=&rounds=&category=): the session's results (evals:read); share links for evals:share
export default async function ResultsPage({ params, searchParams }: PageProps<"/evals/[id]/results">) {
  await connection();
  const { id: rawId } = await params;
  // every role may read results; who may share them is in the same check's `can`
  const { session } = await loadSessionPage(rawId, "evals:read", "/results");
  if (!session) notFound();
  const { id } = session;
  const canShare = session.can.includes("evals:share");
  const { name } = await getSession(session);

  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(await searchParams)) if (typeof v === "string" && v !== "") query[k] = v;
  const parsed = resultsQuerySchema.safeParse(query);

  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:px-6">
      <p className="mb-1 text-xs text-zinc-500 dark:text-zinc-400">
        <Link href="/evals" className="hover:underline">
          Evaluations
        </Link>{" "}
        /{" "}
        <Link href={`/evals/${id}`} className="hover:underline">
          {name}
        </Link>
      </p>
      {parsed.success ? (
        <Body session={session} query={parsed.data} canShare={canShare} keep={query} />
      ) : (
        <div
          role="alert"
          className="rounded-xl border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          <p className="font-medium">These results can&rsquo;t be computed with that address:</p>
          <p className="mt-1">
            {parsed.error.issues[0]?.code === "unrecognized_keys"
              ? "Only seed, rounds, minBattles and category can be set."
              : parsed.error.issues[0]?.message}
          </p>
          <Link href={`/evals/${id}/results`} className="mt-2 inline-block font-medium underline underline-offset-2">
            Show the default results
          </Link>
        </div>
      )}
    </main>
  );
}

async function Body({
  session,
  query,
  canShare,
  keep,
}: {
  session: SessionAccess;
  query: ResultsQuery;
  canShare: boolean;
  keep: Record<string, string>;
}) {
  const { id } = session;
  const results = await computeResults(session, query);
  const { modelLabels, raterLabels } = resultLabels(results);
  const exportBase = `/api/v1/evals/${encodeURIComponent(id)}/export`;
  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-lg font-semibold tracking-tight">Results · {results.name}</h1>
        <div className="flex flex-wrap gap-1">
          <Link href={`/evals/${id}/answers`} className={buttonClasses({ variant: "ghost" })}>
            Answers grid
          </Link>
          <a href={`${exportBase}?format=csv`} download className={buttonClasses({ variant: "ghost" })}>
            <DownloadIcon className="size-4" />
            Export CSV
          </a>
          <a href={`${exportBase}?format=jsonl`} download className={buttonClasses({ variant: "ghost" })}>
            <DownloadIcon className="size-4" />
            Export JSONL
          </a>
        </div>
      </div>
      <div className="grid grid-cols-1 gap-6">
        <ResultsCategoryFilter
          sessionId={id}
          categories={results.categories}
          category={results.category}
          note={results.categoryNote}
          keep={Object.fromEntries(Object.entries(keep).filter(([k]) => k !== "category"))}
        />
        <ResultsView results={results} modelLabels={modelLabels} raterLabels={raterLabels} />
        {canShare ? <ResultsShare sessionId={id} /> : null}
      </div>
    </>
  );
}
