import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getPickerData } from "@/components/compare/catalog-data";
import { Playground } from "@/components/compare/playground";
import { getComparisonById } from "@/lib/compare/queries";
import { comparisonIdSchema } from "@/lib/compare/schema";

const load = cache(async (id: string) => {
  const parsed = comparisonIdSchema.safeParse(id);
  return parsed.success ? getComparisonById({ id: parsed.data }) : null;
});

export async function generateMetadata({ params }: PageProps<"/c/[id]">): Promise<Metadata> {
  const comparison = await load((await params).id);
  return { title: comparison?.title ?? "Not found" };
}

// GET /c/<id>: a stored comparison in the playground; answers still streaming are followed live
export default async function ComparisonPage({ params }: PageProps<"/c/[id]">) {
  const comparison = await load((await params).id);
  if (!comparison) notFound();
  const { models, hints } = getPickerData();
  return (
    <main id="main" className="mx-auto max-w-[1600px] px-4 py-5 sm:px-6">
      {/* keyed by id: moving from one comparison to another starts a fresh playground */}
      <Playground key={comparison.id} models={models} hints={hints} initial={comparison} />
    </main>
  );
}
