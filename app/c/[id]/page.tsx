import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getPickerData } from "@/components/compare/catalog-data";
import { Playground } from "@/components/compare/playground";
import { TagEditor } from "@/components/compare/tag-editor";
import { getComparisonTags } from "@/lib/categories/tags";
import { requirePageViewer } from "@/lib/auth/viewer";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { getComparisonById } from "@/lib/compare/queries";
import { AppError } from "@/lib/errors";
import { teamsWhere } from "@/lib/teams/list";
import { listFeedback, listVotes } from "@/lib/votes";

// Someone else's comparison is "not found", exactly like one that does not exist; a team's
// comparison opens for its members by role (read-only without comparisons:write).
const load = cache(async (id: string) => {
  const viewer = await requirePageViewer(`/c/${encodeURIComponent(id)}`);
  const access = await authorizeComparisonOrThrow(id, viewer, "read").catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  });
  if (!access) return null;
  const comparison = await getComparisonById(access);
  if (!comparison) return null;
  return { access, comparison, viewer, team: access.team, readOnly: !access.canWrite };
});

export async function generateMetadata({ params }: PageProps<"/c/[id]">): Promise<Metadata> {
  const comparison = await load((await params).id);
  return { title: comparison?.comparison.title ?? "Not found" };
}

// GET /c/<id>: a stored comparison in the playground; answers still streaming are followed live
export default async function ComparisonPage({ params }: PageProps<"/c/[id]">) {
  const loaded = await load((await params).id);
  if (!loaded) notFound();
  const { access, comparison, viewer, team, readOnly } = loaded;
  const votes = (await listVotes(access)).map(({ turn, input, feedback }) => ({ turn, input, feedback }));
  // thumbs, reasons and comments are saved as they are given, with or without a vote
  const feedback = (await listFeedback(access)).map(({ turn, pane, thumb, reasons, comment }) => ({ turn, pane, thumb, reasons, comment }));
  const teams = await teamsWhere(viewer, "comparisons:write");
  const { models, hints } = getPickerData();
  const tags = await getComparisonTags(access);
  return (
    <main id="main" className="mx-auto max-w-[1600px] px-4 py-5 sm:px-6">
      <TagEditor
        key={`tags-${comparison.id}`}
        comparisonId={comparison.id}
        initialTags={tags.tags}
        ruleTags={[...new Set(tags.turns.flatMap((t) => t.ruleTags))]}
        readOnly={readOnly}
      />
      {/* keyed by id: moving from one comparison to another starts a fresh playground */}
      <Playground
        key={comparison.id}
        models={models}
        hints={hints}
        initial={comparison}
        votes={votes}
        feedback={feedback}
        teams={teams}
        team={team}
        readOnly={readOnly}
      />
    </main>
  );
}
