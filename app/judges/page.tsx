import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { JudgeTrustList } from "@/components/judges/judge-trust-list";
import { buttonClasses } from "@/components/ui/button";
import { FieldError, inputClasses } from "@/components/ui/field";
import { requirePageViewer, type Viewer } from "@/lib/auth/viewer";
import { formatCount } from "@/lib/format";
import { computeJudgesTrust, judgesQuerySchema, type JudgesQuery } from "@/lib/judges/trust-data";
import { teamsWhere } from "@/lib/teams/list";

export const metadata: Metadata = { title: "Judges" };

type Params = Record<string, string | string[] | undefined>;

const selectClasses = `${inputClasses(false)} h-9 max-w-full px-2.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500`;
const labelClasses = "mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300";

function parseQuery(params: Params): { query: JudgesQuery; errors: null } | { query: null; errors: string[] } {
  const input: Record<string, string> = {};
  const errors: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) errors.push(`${key} is given more than once.`);
    else if (value) input[key] = value;
  }
  const parsed = judgesQuerySchema.safeParse(input);
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      errors.push(issue.code === "unrecognized_keys" ? `Unknown filter: ${issue.keys.join(", ")}.` : issue.message);
  return errors.length || !parsed.success ? { query: null, errors } : { query: parsed.data, errors: null };
}

const modeText = { blind: "blind votes", named: "named votes", all: "all votes (blind and named)" } as const;

// GET /judges?team&mode(&judge&rubric&seed&rounds): judges ranked by agreement with people; the same figures as GET /api/v1/judges
export default async function JudgesPage({ searchParams }: PageProps<"/judges">) {
  await connection();
  const viewer = await requirePageViewer("/judges");
  const params = await searchParams;
  const parsed = parseQuery(params);
  const teams = await teamsWhere(viewer, "evals:read");
  const { query, errors } =
    parsed.query?.team && !teams.some((t) => t.id === parsed.query!.team)
      ? { query: null, errors: ["team: This team does not exist."] }
      : parsed;
  const one = (k: string) => (typeof params[k] === "string" ? (params[k] as string) : "");

  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-6 sm:px-6">
      <h1 className="mb-1 text-lg font-semibold tracking-tight">Judges</h1>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
        How far to trust each model judge: its verdicts against the people who voted on the same answers.{" "}
        <Link href="/leaderboard" className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
          Leaderboard
        </Link>
      </p>
      <form
        method="get"
        action="/judges"
        aria-label="Judges filter"
        className="mb-6 flex flex-wrap items-end gap-3 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      >
        {teams.length > 0 ? (
          <div className="max-w-full min-w-0">
            <label htmlFor="jd-team" className={labelClasses}>
              Votes from
            </label>
            <select id="jd-team" name="team" defaultValue={one("team")} className={selectClasses}>
              <option value="">Everyone</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div>
          <label htmlFor="jd-mode" className={labelClasses}>
            Comparison votes
          </label>
          <select id="jd-mode" name="mode" defaultValue={one("mode") || "blind"} className={selectClasses}>
            <option value="blind">Blind only</option>
            <option value="named">Named only</option>
            <option value="all">All</option>
          </select>
        </div>
        <button type="submit" className={buttonClasses({ variant: "secondary" })}>
          Apply
        </button>
      </form>
      {errors ? (
        <div
          role="alert"
          className="rounded-xl border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          <p className="font-medium">This filter can&rsquo;t be applied:</p>
          <ul className="mt-1">
            {errors.map((e, i) => (
              <li key={e}>
                <FieldError id={`jd-err-${i}`} className="text-sm">
                  {e}
                </FieldError>
              </li>
            ))}
          </ul>
          <p className="mt-2">
            <Link href="/judges" className="font-medium underline underline-offset-2">
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

async function Results({ query, viewer }: { query: JudgesQuery; viewer: Viewer }) {
  const trust = await computeJudgesTrust(query, viewer);
  return (
    <div className="grid grid-cols-1 gap-4">
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Method: each judge&rsquo;s final pairwise verdict (a tie when its two orders disagreed) against the people&rsquo;s majority on the
        same comparison pair or evaluation item ({modeText[trust.mode]} on comparisons; evaluation ratings are always blind). Cohen&rsquo;s
        kappa over a, b, tie and both bad with a 95% bootstrap interval over items ({formatCount(trust.rounds)} rounds, seed {trust.seed});
        proportions with the 95% Wilson interval. Length and own-maker rates count the verdicts that picked a side, on the pairs people also
        decided. Ranked by kappa, then by the number of items compared.
      </p>
      {trust.judges.length === 0 ? (
        <div className="rounded-xl border border-dashed border-zinc-300 px-6 py-12 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          <p className="font-medium text-zinc-800 dark:text-zinc-200">No judge has given a verdict here yet.</p>
          <p className="mt-1">
            Ask a judge on a comparison turn, or start a judged pass on an evaluation session:{" "}
            <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
              POST /api/v1/evals/&lt;id&gt;/judgements
            </code>
            .
          </p>
        </div>
      ) : (
        <JudgeTrustList rows={trust.judges} />
      )}
    </div>
  );
}
