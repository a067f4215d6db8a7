import { connection } from "next/server";
import { getPickerData } from "@/components/compare/catalog-data";
import { Playground } from "@/components/compare/playground";
import { requirePageViewer } from "@/lib/auth/viewer";
import { teamsWhere } from "@/lib/teams/list";

// GET /: the playground, empty
export default async function Home() {
  await connection(); // models and credentials come from the runtime environment
  const viewer = await requirePageViewer("/");
  const { models, hints } = getPickerData();
  // the "Team" select: teams where the viewer may make comparisons
  const teams = await teamsWhere(viewer, "comparisons:write");
  return (
    <main id="main" className="mx-auto max-w-[1600px] px-4 py-5 sm:px-6">
      <Playground models={models} hints={hints} initial={null} teams={teams} />
    </main>
  );
}
