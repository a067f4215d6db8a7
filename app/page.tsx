import { connection } from "next/server";
import { getPickerData } from "@/components/compare/catalog-data";
import { Playground } from "@/components/compare/playground";
import { requirePageViewer } from "@/lib/auth/viewer";

// GET /: the playground, empty
export default async function Home() {
  await connection(); // models and credentials come from the runtime environment
  await requirePageViewer("/");
  const { models, hints } = getPickerData();
  return (
    <main id="main" className="mx-auto max-w-[1600px] px-4 py-5 sm:px-6">
      <Playground models={models} hints={hints} initial={null} />
    </main>
  );
}
