import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { ExportLinks } from "@/components/leaderboard/export-links";
import { FilterForm, type FilterValues } from "@/components/leaderboard/filter-form";
import { HeadToHead } from "@/components/leaderboard/head-to-head";
import { LeaderboardTable } from "@/components/leaderboard/leaderboard-table";
import { ScoreChart } from "@/components/leaderboard/score-chart";
import { SpeedBoard } from "@/components/leaderboard/speed-board";
import { StyleCoefficientsTable } from "@/components/leaderboard/style-coefficients";
import { FieldError } from "@/components/ui/field";
import { requirePageViewer, type Viewer } from "@/lib/auth/viewer";
import { leaderboardCategories } from "@/lib/categories/filter";
import { teamsWhere } from "@/lib/teams/list";
import { getEnv } from "@/lib/env";
import { formatCount } from "@/lib/format";
import { getCatalog } from "@/lib/providers/catalog";
import { providerIds } from "@/lib/providers/types";
import { computeLeaderboard, leaderboardQuerySchema, type LeaderboardQuery } from "@/lib/votes";

export const metadata: Metadata = { title: "Leaderboard" };

type Params = Record<string, string | string[] | undefined>;

/** searchParams -> schema input: empty fields (an untouched date input) are left out; repeats are an error. */
function parseQuery(params: Params): { query: LeaderboardQuery; errors: null } | { query: null; errors: string[] } {
  const input: Record<string, string> = {};
  const errors: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) errors.push(`${key} is given more than once.`);
    else if (value) input[key] = value;
  }
  const parsed = leaderboardQuerySchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.join(".");
      errors.push(
        issue.code === "unrecognized_keys"
          ? `Unknown filter: ${issue.keys.join(", ")}.`
          : field && !issue.message.includes(field)
            ? `${field}: ${issue.message}`
            : issue.message,
      );
    }
  }
  return errors.length || !parsed.success ? { query: null, errors } : { query: parsed.data, errors: null };
}

function formValues(params: Params): FilterValues {
  const one = (k: string) => (typeof params[k] === "string" ? (params[k] as string) : "");
  const day = (s: string) => (/^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : "");
  const pick = (v: string, allowed: readonly string[], dflt: string) => (allowed.includes(v) ? v : dflt);
  return {
    groupBy: pick(one("groupBy"), ["model", "deployment"], "model"),
    mode: pick(one("mode"), ["blind", "named", "all"], "blind"),
    source: pick(one("source"), ["human", "judge", "all"], "human"),
    provider: pick(one("provider"), providerIds, ""),
    team: one("team"),
    from: day(one("from")),
    to: day(one("to")),
    rounds: /^\d{1,15}$/.test(one("rounds")) ? one("rounds") : undefined,
    minBattles: /^\d{1,4}$/.test(one("minBattles")) ? one("minBattles") : "",
    seed: /^-?\d{1,15}$/.test(one("seed")) ? one("seed") : undefined,
    style: pick(one("style"), ["none", "control"], "none"),
    category: one("category"),
  };
}

/** Display names: catalog label per logical model, or "label · provider" per deployment. */
function labelMap(groupBy: LeaderboardQuery["groupBy"]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const m of getCatalog(getEnv())) {
    if (groupBy === "deployment") labels.set(m.id, `${m.label} · ${m.providerLabel}`);
    else if (!labels.has(m.logicalModel)) labels.set(m.logicalModel, m.label);
  }
  return labels;
}

const modeText = { blind: "blind votes", named: "named votes", all: "all votes (blind and named)" } as const;

// GET /leaderboard?groupBy=model|deployment&mode=blind|named|all&from&to&minBattles&style=control|none&category(&rounds&seed): the same numbers as GET /api/v1/leaderboard
export default async function LeaderboardPage({ searchParams }: PageProps<"/leaderboard">) {
  await connection();
  const viewer = await requirePageViewer("/leaderboard");
  const params = await searchParams;
  const parsed = parseQuery(params);
  const teams = await teamsWhere(viewer, "comparisons:read");
  // a team the viewer is not in reads like one that does not exist
  const { query, errors } =
    parsed.query?.team && !teams.some((t) => t.id === parsed.query!.team)
      ? { query: null, errors: ["team: This team does not exist."] }
      : parsed;
  const values = formValues(params);
  // the category filter's choices, counted over the votes of this mode and team
  const categories = await leaderboardCategories({ mode: query?.mode ?? "blind", team: query?.team }, viewer.id);

  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-6 sm:px-6">
      <h1 className="mb-1 text-lg font-semibold tracking-tight">Leaderboard</h1>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
        Pairwise votes from everyone on this instance, fitted into one score per model.{" "}
        <Link href="/judges" className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
          How far to trust model judges
        </Link>
      </p>
      <FilterForm values={values} teams={teams} categories={categories} />
      <ExportLinks />
      {errors ? (
        <div
          role="alert"
          className="rounded-xl border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          <p className="font-medium">This filter can&rsquo;t be applied:</p>
          <ul className="mt-1">
            {errors.map((e, i) => (
              <li key={e}>
                <FieldError id={`lb-err-${i}`} className="text-sm">
                  {e}
                </FieldError>
              </li>
            ))}
          </ul>
          <p className="mt-2">
            <Link
              href="/leaderboard"
              className="font-medium underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-indigo-500"
            >
              Reset the filter
            </Link>
          </p>
        </div>
      ) : (
        <Results query={query} viewer={viewer} />
      )}
    </main>
  );
}

async function Results({ query, viewer }: { query: LeaderboardQuery; viewer: Viewer }) {
  const board = await computeLeaderboard(query, viewer);
  const labels = labelMap(board.groupBy);
  const noun = board.groupBy === "model" ? "models" : "deployments";
  const range =
    board.from || board.to
      ? ` cast ${board.from ? `from ${board.from}` : ""}${board.from && board.to ? " " : ""}${board.to ? `to ${board.to}` : ""}`
      : "";
  return (
    <div className="grid grid-cols-1 gap-6">
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Method: Bradley-Terry maximum-likelihood fit on the Elo-like scale (400 points = 10× the odds, mean 1000), ties and both-bad as half
        a win each; 95% intervals from {formatCount(board.rounds)} bootstrap rounds that resample whole votes (a vote on several answers is
        one piece of evidence, not one per pair), seed {board.seed}. Using {modeText[board.mode]}
        {board.source === "judge" ? " of model judges only" : board.source === "all" ? " of people and model judges" : ""}
        {range}: {formatCount(board.votes)} {board.votes === 1 ? "vote" : "votes"}, {formatCount(board.outcomes)} pairwise{" "}
        {board.outcomes === 1 ? "outcome" : "outcomes"}
        {board.category ? ` on prompts tagged ${board.category.join(" and ")}` : ""}.
        {board.style ? (
          <>
            {" "}
            Style control: the fit also takes the normalised, standardised differences in length, headers, lists and bold between the two
            answers of each vote (Chatbot Arena&rsquo;s method), so the scores are what remains with style held equal.
          </>
        ) : null}
      </p>
      {board.categoryNote ? (
        <p
          role="status"
          className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          {board.categoryNote}
        </p>
      ) : null}
      {board.rows.length === 0 ? (
        <div className="rounded-xl border border-dashed border-zinc-300 px-6 py-12 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          <p className="font-medium text-zinc-800 dark:text-zinc-200">No votes for this filter yet.</p>
          <p className="mt-1">
            Vote on a comparison&rsquo;s answers, or with the API:{" "}
            <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
              POST /api/v1/comparisons/&lt;id&gt;/votes
            </code>
            {board.mode === "blind" ? (
              <>
                . Only blind votes count here;{" "}
                <Link
                  href="/leaderboard?mode=all"
                  className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
                >
                  include named votes
                </Link>
              </>
            ) : null}
            .
          </p>
        </div>
      ) : (
        <>
          <section aria-label="Ranking" id="lb-table">
            <LeaderboardTable rows={board.rows} labels={labels} groupBy={board.groupBy} minBattles={board.minBattles} />
          </section>
          {board.style && board.styleFit ? <StyleCoefficientsTable style={board.style} fit={board.styleFit} /> : null}
          <ScoreChart rows={board.rows} labels={labels} tableId="lb-table" />
          <HeadToHead query={query} viewer={viewer} models={board.rows.map((r) => r.id)} labels={labels} />
        </>
      )}
      <section aria-labelledby="lb-speed" className="grid gap-2">
        <h2 id="lb-speed" className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
          Speed and cost
        </h2>
        <SpeedBoard from={query.from} to={query.to} provider={query.provider} />
      </section>
      {board.unrated.length > 0 ? (
        <section
          aria-labelledby="lb-unrated"
          className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
        >
          <h2 id="lb-unrated" className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
            {board.groupBy === "model" ? "Models" : "Deployments"} with no votes
          </h2>
          <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
            Available {noun} without a rated battle in this selection; they get no score.
          </p>
          <ul className="mt-2 flex flex-wrap gap-1.5">
            {board.unrated.map((id) => (
              <li
                key={id}
                className="rounded-md bg-zinc-100 px-2 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
                title={id}
              >
                {labels.get(id) ?? id}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
