import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { RateQueue } from "@/components/evals/rate-queue";
import { loadSessionPage } from "@/lib/evals/page";
import { assignmentIdSchema, nextItem, openAssignment, rateContext, type QueueState } from "@/lib/evals/queue";

export const metadata: Metadata = { title: "Rate answers" };

// GET /evals/<id>/rate(?item=<assignmentId>): the viewer's blind rating queue (evals:rate; 404 without access, a message for a team role without it)
export default async function RatePage({ params, searchParams }: PageProps<"/evals/[id]/rate">) {
  await connection();
  const { id: rawId } = await params;
  const { session: access, forbidden } = await loadSessionPage(rawId, "evals:rate", "/rate");
  if (!access) return <Forbidden id={rawId} message={forbidden} />;
  const { id } = access;
  const session = await rateContext(access);
  const { design, goldPrompts: gold } = session;

  // ?item= reopens one of the viewer's own items (after a reload); anything else starts from the queue
  const item = (await searchParams).item;
  let initial: QueueState;
  if (typeof item === "string" && assignmentIdSchema.safeParse(item).success) {
    initial = await openAssignment(access, item).then(
      (opened) => ({ state: "item" as const, ...opened }),
      () => nextItem(access),
    );
  } else initial = await nextItem(access);

  return (
    <main id="main" className="mx-auto max-w-[1400px] px-4 py-6 sm:px-6">
      <p className="mb-1 text-xs text-zinc-500 dark:text-zinc-400">
        <Link href="/evals" className="hover:underline">
          Evaluations
        </Link>{" "}
        /{" "}
        <Link href={`/evals/${id}`} className="hover:underline">
          {session.name}
        </Link>
      </p>
      <h1 className="mb-3 text-lg font-semibold tracking-tight">Rate answers</h1>
      <details open className="mb-4 rounded-xl border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        <summary className="cursor-pointer font-medium text-zinc-900 dark:text-zinc-100">Instructions</summary>
        <div className="mt-2 grid gap-2 text-zinc-700 dark:text-zinc-300">
          {session.instructions.trim() ? <p className="whitespace-pre-wrap">{session.instructions}</p> : null}
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            The answers are blind: model names, clouds, timings and reasoning are hidden and the formatting is normalised, so judge what
            each answer says. Sides are shuffled for every item.
            {gold > 0 ? " Some items are attention checks with a known right answer." : ""}
          </p>
        </div>
      </details>
      <RateQueue sessionId={id} pairwise={design.pairwise} criteria={design.criteria} initial={initial} />
    </main>
  );
}

function Forbidden({ id, message }: { id: string; message: string }) {
  return (
    <main id="main" className="mx-auto flex max-w-xl flex-col items-start gap-3 px-6 py-20">
      <p className="text-sm font-medium text-indigo-600 dark:text-indigo-400">403</p>
      <h1 className="text-2xl font-semibold tracking-tight">You cannot rate in this session</h1>
      <p role="alert" className="text-zinc-600 dark:text-zinc-400">
        {message}
      </p>
      <Link
        href={`/evals/${encodeURIComponent(id)}`}
        className="text-sm font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
      >
        Back to the session
      </Link>
    </main>
  );
}
