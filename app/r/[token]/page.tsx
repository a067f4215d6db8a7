import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ResultsView, resultLabels } from "@/components/evals/results-view";
import { resultsQuerySchema } from "@/lib/evals/results";
import { sharedResults } from "@/lib/evals/shares";
import { DEFAULT_MIN_BATTLES } from "@/lib/votes/schema";

// Read on every request: a revoked or expired link stops working at once, and the results move as raters work.
export const dynamic = "force-dynamic";

const load = cache((token: string, seed = 1, rounds = 1000, minBattles = DEFAULT_MIN_BATTLES) =>
  sharedResults(token, { seed, rounds, minBattles }),
);

/** ?seed=&rounds=&minBattles= as on the team's page; anything unusable falls back to the defaults. */
async function queryOf(searchParams: Promise<Record<string, string | string[] | undefined>>) {
  const { seed, rounds, minBattles } = await searchParams;
  const parsed = resultsQuerySchema.safeParse({
    ...(typeof seed === "string" ? { seed } : {}),
    ...(typeof rounds === "string" ? { rounds } : {}),
    ...(typeof minBattles === "string" ? { minBattles } : {}),
  });
  return parsed.success ? parsed.data : { seed: 1, rounds: 1000, minBattles: DEFAULT_MIN_BATTLES };
}

// Not for search engines; the token must not travel in a Referer header.
const hidden = { robots: { index: false, follow: false }, referrer: "no-referrer" } satisfies Metadata;

export async function generateMetadata({ params, searchParams }: PageProps<"/r/[token]">): Promise<Metadata> {
  const { seed, rounds, minBattles } = await queryOf(searchParams);
  const results = await load((await params).token, seed, rounds, minBattles);
  return { ...hidden, title: results ? `Results · ${results.name}` : "Not found" };
}

// GET /r/<token>(?seed=&rounds=&minBattles=): shared evaluation results, read-only, no sign-in; raters as "Rater n", no emails or ids
export default async function SharedResultsPage({ params, searchParams }: PageProps<"/r/[token]">) {
  const { seed, rounds, minBattles } = await queryOf(searchParams);
  const results = await load((await params).token, seed, rounds, minBattles);
  // unknown, revoked, expired and malformed tokens: the same 404
  if (!results) notFound();
  const { modelLabels, raterLabels } = resultLabels(results);
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:px-6">
      <p className="mb-1 text-xs text-zinc-500 dark:text-zinc-400">Shared evaluation results · read-only</p>
      <h1 className="mb-4 text-lg font-semibold tracking-tight">{results.name}</h1>
      <ResultsView results={results} modelLabels={modelLabels} raterLabels={raterLabels} />
    </main>
  );
}
