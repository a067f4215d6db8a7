// Fairness between people on the shared provider queues. pg-boss fetches the waiting job with the
// highest priority first (then the oldest). Each new job gets a priority one below the lowest its
// owner already has waiting in that queue (starting at 0), so a person's jobs are ranked in their
// own backlog: first jobs of everyone come before second jobs of anyone. A person with 40,000
// answers waiting holds priorities down to -39,999; another person's 4-answer run gets 0..-3 and
// is served next, whatever was queued before it. Jobs without an owner (older jobs) rank as
// "nobody's" and are ranked in that backlog.
import "server-only";
import type PgBoss from "pg-boss";

/** The owner key of jobs queued without one. */
const NOBODY = "";

export type Ranked<T> = { item: T; priority: number };

/**
 * Priorities for new jobs of one queue: per owner, continuing below the lowest priority that
 * owner has waiting (created or retry) in the queue. One query per call, whatever the count.
 */
export async function rankByOwner<T extends { owner?: string | null }>(
  boss: Pick<PgBoss, "getDb">,
  schema: string,
  queue: string,
  items: T[],
): Promise<Ranked<T>[]> {
  if (!items.length) return [];
  const owners = [...new Set(items.map((i) => i.owner ?? NOBODY))];
  const { rows } = await boss.getDb().executeSql(
    `SELECT COALESCE(data->>'owner', '') AS owner, min(priority)::int AS lowest
       FROM ${schema}.job
      WHERE name = $1 AND state < 'active' AND COALESCE(data->>'owner', '') = ANY($2::text[])
      GROUP BY 1`,
    [queue, owners],
  );
  const next = new Map<string, number>(owners.map((o) => [o, 0]));
  for (const row of rows as { owner: string; lowest: number }[]) next.set(row.owner, Math.min(0, row.lowest - 1));
  return items.map((item) => {
    const owner = item.owner ?? NOBODY;
    const priority = next.get(owner)!;
    next.set(owner, priority - 1);
    return { item, priority };
  });
}
