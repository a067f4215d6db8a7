import type { Metadata } from "next";
import { connection } from "next/server";
import { getPickerData } from "@/components/compare/catalog-data";
import { ScorecardForm } from "@/components/scorecards/scorecard-form";
import { requirePageViewer } from "@/lib/auth/viewer";
import { listSuites } from "@/lib/scorecards/suites";
import { teamsWhere } from "@/lib/teams/list";

export const metadata: Metadata = { title: "New scorecard" };

// GET /scorecards/new: deployments of one model on several clouds, a reference, a probe suite, a schedule
export default async function NewScorecardPage() {
  await connection();
  const viewer = await requirePageViewer("/scorecards/new");
  const { models } = getPickerData();
  const teams = await teamsWhere(viewer, "evals:create");
  const suites = (await listSuites(viewer)).filter((s) => s.id !== "builtin").map((s) => ({ id: s.id, name: s.name, items: s.items }));
  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-6 sm:px-6">
      <h1 className="mb-1 text-lg font-semibold tracking-tight">New scorecard</h1>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
        Is the same model really the same on every cloud? A scorecard asks each deployment the same probes, tests each against the reference
        and keeps the history.
      </p>
      <ScorecardForm models={models} teams={teams} suites={suites} />
    </main>
  );
}
