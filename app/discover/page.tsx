import type { Metadata } from "next";
import { connection } from "next/server";
import { DiscoverView } from "@/components/discover/discover-view";
import { requirePageViewer } from "@/lib/auth/viewer";
import { discoverAccounts } from "@/lib/providers/discover";

export const metadata: Metadata = { title: "Discover models" };

// GET /discover: what each configured account offers (its cloud's model list), marked against the catalog
export default async function DiscoverPage() {
  await connection(); // accounts come from the runtime environment
  await requirePageViewer("/discover");
  return (
    <main id="main" className="mx-auto grid w-full max-w-6xl gap-4 px-4 py-6 sm:px-6">
      <DiscoverView accounts={discoverAccounts()} />
    </main>
  );
}
