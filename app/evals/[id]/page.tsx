import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { JudgePassPanel } from "@/components/evals/judge-pass-panel";
import { RunPanel } from "@/components/evals/run-panel";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { listEvalPasses } from "@/lib/judges/service";
import { getCatalog } from "@/lib/providers";
import { StatusBadge } from "@/components/evals/status-badge";
import { buttonClasses } from "@/components/ui/button";
import { paramPhrases } from "@/lib/compare/params";
import { estimateCost, getProgress } from "@/lib/evals/run/service";
import { formatCount } from "@/lib/format";
import { loadSessionPage } from "@/lib/evals/page";
import { getSession, samplePrompts } from "@/lib/evals/sessions";

// Someone without access gets the same 404 as for a session that does not exist (loadSessionPage).
// Every role may read a session, so `session` is never null here.
const load = cache(async (id: string) => {
  const { session: access } = await loadSessionPage(id, "evals:read");
  if (!access) notFound();
  return {
    access,
    session: await getSession(access),
    canRun: access.can.includes("evals:run"),
    canRate: access.can.includes("evals:rate"),
    // the running clock's first value, the same on the server and when the page hydrates
    renderedAt: Date.now(),
  };
});

export async function generateMetadata({ params }: PageProps<"/evals/[id]">): Promise<Metadata> {
  const loaded = await load((await params).id);
  return { title: loaded.session.name };
}

function Term({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{term}</dt>
      <dd className="mt-0.5 text-sm text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}

// GET /evals/<id>: a session: what it compares, the cost estimate and the run, then rating and results
export default async function SessionPage({ params }: PageProps<"/evals/[id]">) {
  await connection();
  const { access, session: s, canRate, canRun, renderedAt } = await load((await params).id);
  const answersReady = s.status === "completed" || s.status === "capped" || s.status === "cancelled";
  const paramText = paramPhrases(s.params).join(" · ");
  const sample = await samplePrompts(access, 5);
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-6 sm:px-6">
      <p className="mb-1 text-xs text-zinc-500 dark:text-zinc-400">
        <Link href="/evals" className="hover:underline">
          Evaluations
        </Link>{" "}
        / {s.team ? s.team.name : "Personal"}
      </p>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          <h1 className="text-lg font-semibold tracking-tight">{s.name}</h1>
          <StatusBadge status={s.status} />
        </div>
        <div className="flex flex-wrap gap-2">
          {canRate && answersReady && s.design ? (
            <Link href={`/evals/${s.id}/rate`} className={buttonClasses({ variant: "primary", size: "md" })}>
              Rate answers
            </Link>
          ) : null}
          {s.status !== "draft" ? (
            <Link href={`/evals/${s.id}/answers`} className={buttonClasses({ variant: "secondary", size: "md" })}>
              Answers grid
            </Link>
          ) : null}
          <Link href={`/evals/${s.id}/results`} className={buttonClasses({ variant: "secondary", size: "md" })}>
            Results
          </Link>
        </div>
      </div>

      <section
        aria-labelledby="session-setup"
        className="mb-4 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <h2 id="session-setup" className="sr-only">
          Set-up
        </h2>
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Term term="Candidates">
            <ul>
              {s.models.map((m) => (
                <li key={m.id}>
                  {m.label}{" "}
                  <span className="text-xs text-zinc-500 dark:text-zinc-400">
                    · {m.providerLabel}
                    {m.location ? ` · ${m.location}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          </Term>
          <Term term="Rating design">
            {s.design.pairwise ? "Pairwise blind votes" : "No pairwise votes"}
            {s.design.criteria.length > 0
              ? `; scores on ${s.design.criteria.map((c) => `${c.name} (${c.scale === "likert" ? "1–5" : "pass/fail"})`).join(", ")}`
              : ""}
            <br />
            {s.design.raters} {s.design.raters === 1 ? "rater" : "raters"} per item
          </Term>
          <Term term="Prompts">
            {formatCount(s.prompts)}
            {s.goldPrompts ? ` (${s.goldPrompts} gold)` : ""}
          </Term>
          <Term term="Parameters">{paramText || "Provider defaults"}</Term>
        </dl>
        {s.instructions ? (
          <div className="mt-4 border-t border-zinc-100 pt-3 dark:border-zinc-800">
            <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Instructions for raters</p>
            <p className="mt-0.5 text-sm whitespace-pre-wrap">{s.instructions}</p>
          </div>
        ) : null}
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-xs font-medium text-indigo-700 dark:text-indigo-300">First prompts</summary>
          <ol className="mt-2 grid gap-1.5">
            {sample.map((q) => (
              <li key={q.index} className="truncate text-zinc-700 dark:text-zinc-300">
                <span className="text-xs text-zinc-500 tabular-nums">{q.index + 1}.</span> {q.prompt}
                {q.gold ? (
                  <span className="ml-1 rounded bg-amber-100 px-1 text-[10px] text-amber-800 dark:bg-amber-950 dark:text-amber-300">
                    gold
                  </span>
                ) : null}
              </li>
            ))}
          </ol>
        </details>
      </section>
      <RunPanel
        sessionId={s.id}
        initialProgress={await getProgress(s.id, access)}
        initialEstimate={s.status === "draft" ? await estimateCost(s.id, access) : null}
        canRun={canRun}
        renderedAt={renderedAt}
        pausedAt={s.pausedAt}
      />
      <JudgePassPanel
        sessionId={s.id}
        judges={getCatalog(getEnv())
          .filter((m) => m.available)
          .map((m) => ({ id: m.id, label: m.label, providerLabel: m.providerLabel }))}
        initialPasses={await listEvalPasses(access)}
        canRun={canRun}
        hasItems={(await getDb().evalItem.count({ where: { sessionId: s.id } })) > 0}
      />
    </main>
  );
}
