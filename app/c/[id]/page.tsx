import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getPickerData } from "@/components/compare/catalog-data";
import { Playground } from "@/components/compare/playground";
import { requirePageViewer } from "@/lib/auth/viewer";
import { canSee } from "@/lib/compare/access";
import { runs } from "@/lib/compare/hub";
import { getComparisonById } from "@/lib/compare/queries";
import { getDb } from "@/lib/db";
import { comparisonIdSchema } from "@/lib/compare/schema";
import { listVotes } from "@/lib/votes";

// Someone else's comparison is "not found", exactly like one that does not exist.
const load = cache(async (id: string) => {
  const viewer = await requirePageViewer(`/c/${encodeURIComponent(id)}`);
  const parsed = comparisonIdSchema.safeParse(id);
  if (!parsed.success) return null;
  const owner = runs.get(parsed.data)?.ownerId ?? (await getDb().comparison.findUnique({ where: { id: parsed.data }, select: { ownerId: true } }))?.ownerId;
  if (owner === undefined || !canSee(viewer, owner)) return null;
  const comparison = await getComparisonById({ id: parsed.data });
  return comparison ? { comparison, viewerId: viewer.id } : null;
});

export async function generateMetadata({ params }: PageProps<"/c/[id]">): Promise<Metadata> {
  const comparison = await load((await params).id);
  return { title: comparison?.comparison.title ?? "Not found" };
}

// GET /c/<id>: a stored comparison in the playground; answers still streaming are followed live
export default async function ComparisonPage({ params }: PageProps<"/c/[id]">) {
  const loaded = await load((await params).id);
  if (!loaded) notFound();
  const { comparison, viewerId } = loaded;
  const votes = (await listVotes({ comparisonId: comparison.id, voterId: viewerId })).map(({ turn, input, feedback }) => ({ turn, input, feedback }));
  const { models, hints } = getPickerData();
  return (
    <main id="main" className="mx-auto max-w-[1600px] px-4 py-5 sm:px-6">
      {/* keyed by id: moving from one comparison to another starts a fresh playground */}
      <Playground key={comparison.id} models={models} hints={hints} initial={comparison} votes={votes} />
    </main>
  );
}
