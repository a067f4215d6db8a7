import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { AnswersGrid, type GridFilters } from "@/components/evals/answers-grid";
import { StatusBadge } from "@/components/evals/status-badge";
import { buttonClasses } from "@/components/ui/button";
import { listAnswers } from "@/lib/evals/answers";
import { answersQuerySchema, FILTER_STATUSES, MAX_QUERY_CHARS, type FilterStatus } from "@/lib/evals/answers-schema";
import { loadSessionPage } from "@/lib/evals/page";
import { getSession } from "@/lib/evals/sessions";

const load = cache(async (id: string) => {
  const { session: access } = await loadSessionPage(id, "evals:read", "/answers");
  if (!access) notFound();
  return { access, session: await getSession(access) };
});

export async function generateMetadata({ params }: PageProps<"/evals/[id]/answers">): Promise<Metadata> {
  const { session } = await load((await params).id);
  return { title: `Answers · ${session.name}` };
}

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : Array.isArray(v) ? v.join(",") : "");
const listOf = (v: string | string[] | undefined) =>
  one(v)
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

// GET /evals/<id>/answers(?q=&hide=&status=): the session's answers as a grid of prompts by models (evals:read; blind while the viewer still has items to rate)
export default async function AnswersPage({ params, searchParams }: PageProps<"/evals/[id]/answers">) {
  await connection();
  const { access, session: s } = await load((await params).id);
  const sp = await searchParams;
  // the address's filters, as the grid writes them; anything unknown is left out rather than an error page
  const statuses = listOf(sp.status).filter((x): x is FilterStatus => (FILTER_STATUSES as readonly string[]).includes(x));
  const q = one(sp.q).slice(0, MAX_QUERY_CHARS);
  const base = { ...(statuses.length ? { status: statuses.join(",") } : {}), ...(q.trim() ? { q } : {}) };
  let page = await listAnswers(access, answersQuerySchema.parse(base));
  const hidden = listOf(sp.hide).filter((k) => page.columns.some((c) => c.key === k));
  const shownKeys = page.columns.filter((c) => !hidden.includes(c.key)).map((c) => c.key);
  if (hidden.length && shownKeys.length)
    page = await listAnswers(access, answersQuerySchema.parse({ ...base, model: shownKeys.join(",") }));
  const filters: GridFilters = { q, hidden, statuses };

  return (
    <main id="main" className="mx-auto max-w-[1600px] px-4 py-6 sm:px-6">
      <p className="mb-1 text-xs text-zinc-500 dark:text-zinc-400">
        <Link href="/evals" className="hover:underline">
          Evaluations
        </Link>{" "}
        /{" "}
        <Link href={`/evals/${s.id}`} className="hover:underline">
          {s.name}
        </Link>
      </p>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div className="flex min-w-0 flex-wrap items-center gap-3">
          <h1 className="text-lg font-semibold tracking-tight">Answers</h1>
          <StatusBadge status={s.status} />
        </div>
        <Link href={`/evals/${s.id}/results`} className={buttonClasses({ variant: "secondary", size: "md" })}>
          Results
        </Link>
      </div>
      <AnswersGrid sessionId={s.id} initial={page} filters={filters} />
    </main>
  );
}
