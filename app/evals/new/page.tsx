import type { Metadata } from "next";
import { connection } from "next/server";
import { getPickerData } from "@/components/compare/catalog-data";
import { SessionForm } from "@/components/evals/session-form";
import { requirePageViewer } from "@/lib/auth/viewer";
import { teamsWhere } from "@/lib/teams/list";

export const metadata: Metadata = { title: "New evaluation session" };

// GET /evals/new: create an evaluation session (prompt set, candidates, rating design)
export default async function NewSessionPage() {
  await connection();
  const viewer = await requirePageViewer("/evals/new");
  const { models } = getPickerData();
  const teams = await teamsWhere(viewer, "evals:create");
  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-6 sm:px-6">
      <h1 className="mb-1 text-lg font-semibold tracking-tight">New evaluation session</h1>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
        Run your own prompts across the candidate models in the background, then rate the answers blind, several people per item.
      </p>
      <SessionForm models={models} teams={teams} local={viewer.local} />
    </main>
  );
}
