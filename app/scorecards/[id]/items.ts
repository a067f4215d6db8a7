// The items of a scorecard run for the side-by-side picker: key, family and how many calls failed.
// Reads the stored calls of a run of a scorecard the caller was checked for (ScorecardAccess); one
// item's calls come from GET /api/v1/scorecards/<id>/runs/<runId>/calls?item=.
import "server-only";
import type { ItemOption } from "@/components/scorecards/item-compare";
import { getDb } from "@/lib/db";
import type { ScorecardAccess } from "@/lib/scorecards/access";

const MAX_ITEMS = 1000;

/** The items of a run, in key order, with how many of their calls failed the checker or errored. */
export async function listRunItems(access: ScorecardAccess, runId: string): Promise<ItemOption[]> {
  const db = getDb();
  const rows = await db.scorecardCall.groupBy({
    by: ["itemKey", "family"],
    where: { runId, run: { scorecardId: access.id } },
    _count: { _all: true },
    orderBy: { itemKey: "asc" },
    take: MAX_ITEMS,
  });
  const failed = await db.scorecardCall.groupBy({
    by: ["itemKey"],
    where: { runId, run: { scorecardId: access.id }, OR: [{ pass: false }, { status: "failed" }] },
    _count: { _all: true },
  });
  const failures = new Map(failed.map((f) => [f.itemKey, f._count._all]));
  return rows.map((r) => ({ key: r.itemKey, family: r.family, failures: failures.get(r.itemKey) ?? 0 }));
}
