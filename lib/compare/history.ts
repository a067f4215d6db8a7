// The history page's rows: the comparisons one person may read, newest first, filtered (search,
// model, days, team) and paged both ways by a (createdAt, id) position, with what each row's
// badges need: blind, the viewer's votes, the winner and the cost.
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { roleIn } from "@/lib/teams/access";
import { can } from "@/lib/teams/permissions";
import { ownedBy, readableBy } from "./access";
import { blindLabel } from "./blind";
import { formatCursor, utcDayAfter, utcDayStart, type HistoryCursor, type HistoryFilters } from "./history-params";

/** Who won a comparison's votes: a model (its label), a tie, "both bad", or hidden (blind, not revealed). */
export type HistoryWinner = { kind: "model"; label: string } | { kind: "tie" } | { kind: "both_bad" } | { kind: "hidden" };

export type HistoryItem = {
  id: string;
  title: string;
  createdAt: string;
  turns: number;
  blind: boolean;
  /** blind and not revealed yet: models, winner and cost are withheld */
  sealed: boolean;
  /** model labels; "Model A", ... while sealed */
  models: string[];
  team: { id: string; name: string } | null;
  /** turns the viewer voted on */
  votedTurns: number;
  /** from every vote on it (each pairwise outcome a point, a tie half); null without votes */
  winner: HistoryWinner | null;
  /** USD over every answer with a known cost; null when none is known or while sealed */
  costUsd: number | null;
  /** its own tags, then its prompts' rule tags (lib/categories) */
  tags: string[];
};

export type HistoryPage = {
  items: HistoryItem[];
  /** the `before` cursor of the next older page, or null at the oldest */
  older: string | null;
  /** the `after` cursor of the next newer page, or null at the newest */
  newer: string | null;
};

type Deps = { db?: PrismaClient };

const sealedWhere: Prisma.ComparisonWhereInput = { blind: true, revealedAt: null };

function olderThan(c: HistoryCursor): Prisma.ComparisonWhereInput {
  return { OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] };
}
function newerThan(c: HistoryCursor): Prisma.ComparisonWhereInput {
  return { OR: [{ createdAt: { gt: c.createdAt } }, { createdAt: c.createdAt, id: { gt: c.id } }] };
}

/**
 * Which comparisons a list shows (the history page and GET /api/v1/comparisons): those the viewer
 * may read; `team` one of the viewer's teams whose role reads comparisons (404 naming `team`
 * otherwise) or "personal" (their own); `q` searched in titles and prompts.
 */
export async function listScope(
  viewer: Pick<Viewer, "id" | "local">,
  { team, q }: { team?: string | null; q?: string | null },
  db: PrismaClient,
): Promise<Prisma.ComparisonWhereInput[]> {
  if (team && team !== "personal") {
    const role = await roleIn(team, viewer, db);
    if (!role || !can(role, "comparisons:read")) throw new AppError("not_found", "This team does not exist.", "team");
  }
  const search = q?.trim();
  return [
    readableBy(viewer),
    team === "personal" ? ownedBy(viewer) : team ? { teamId: team } : {},
    search
      ? {
          OR: [
            { title: { contains: search, mode: "insensitive" } },
            { turns: { some: { prompt: { contains: search, mode: "insensitive" } } } },
          ],
        }
      : {},
  ];
}

/**
 * One page of the viewer's history. `team` must be one the viewer reads comparisons of (404
 * naming `team` otherwise) or "personal". A model filter matches revealed comparisons only: which
 * models a sealed blind comparison holds is not told, not even by a filter.
 */
export async function listHistory(
  { viewer, filters, limit = 30 }: { viewer: Pick<Viewer, "id" | "local">; filters: HistoryFilters; limit?: number },
  deps: Deps = {},
): Promise<HistoryPage> {
  const db = deps.db ?? getDb();
  const { team, model, from, to, before, after, tag } = filters;
  const base: Prisma.ComparisonWhereInput[] = [
    ...(await listScope(viewer, { team, q: filters.q }, db)),
    model ? { panes: { some: { modelId: model } }, NOT: sealedWhere } : {},
    tag ? { OR: [{ tags: { has: tag } }, { turns: { some: { ruleTags: { has: tag } } } }] } : {},
    from || to ? { createdAt: { ...(from ? { gte: utcDayStart(from) } : {}), ...(to ? { lt: utcDayAfter(to) } : {}) } } : {},
  ];
  const rows = await db.comparison.findMany({
    where: { AND: [...base, before ? olderThan(before) : after ? newerThan(after) : {}] },
    orderBy: after ? [{ createdAt: "asc" }, { id: "asc" }] : [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      title: true,
      createdAt: true,
      blind: true,
      revealedAt: true,
      _count: { select: { turns: true } },
      panes: { select: { modelLabel: true }, orderBy: { index: "asc" } },
      team: { select: { id: true, name: true } },
      tags: true,
      turns: { select: { ruleTags: true } },
      votes: { select: { voterId: true, outcomes: { select: { paneA: true, paneB: true, outcome: true } } } },
    },
  });
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (after) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const exists = async (where: Prisma.ComparisonWhereInput) =>
    (await db.comparison.findFirst({ where: { AND: [...base, where] }, select: { id: true } })) !== null;
  const [hasOlder, hasNewer] = await Promise.all([
    after ? (last ? exists(olderThan(last)) : Promise.resolve(false)) : Promise.resolve(more),
    after ? Promise.resolve(more) : before && first ? exists(newerThan(first)) : Promise.resolve(false),
  ]);
  const costs = await costsOf(
    db,
    page.filter((r) => !(r.blind && !r.revealedAt)).map((r) => r.id),
  );
  const items = page.map((r): HistoryItem => {
    const sealed = r.blind && !r.revealedAt;
    const models = r.panes.map((p, i) => (sealed ? blindLabel(i) : p.modelLabel));
    return {
      id: r.id,
      title: r.title,
      createdAt: r.createdAt.toISOString(),
      turns: r._count.turns,
      blind: r.blind,
      sealed,
      models,
      team: r.team,
      votedTurns: r.votes.filter((v) => v.voterId === viewer.id).length,
      winner: sealed
        ? { kind: "hidden" }
        : winnerOf(
            r.votes.flatMap((v) => v.outcomes),
            models,
          ),
      costUsd: sealed ? null : (costs.get(r.id) ?? null),
      tags: [...new Set([...r.tags, ...r.turns.flatMap((t) => t.ruleTags)])],
    };
  });
  const cursorOf = (r: { id: string; createdAt: Date } | undefined) => (r ? formatCursor({ createdAt: r.createdAt, id: r.id }) : null);
  return { items, older: hasOlder ? cursorOf(last) : null, newer: hasNewer ? cursorOf(first) : null };
}

/** The pane with the most points over these outcomes (a win 1, a tie ½ each), by label. */
export function winnerOf(outcomes: { paneA: number; paneB: number; outcome: string }[], labels: string[]): HistoryWinner | null {
  if (outcomes.length === 0) return null;
  if (outcomes.every((o) => o.outcome === "both_bad")) return { kind: "both_bad" };
  const points = new Map<number, number>();
  const add = (pane: number, p: number) => points.set(pane, (points.get(pane) ?? 0) + p);
  for (const o of outcomes) {
    if (o.outcome === "a") add(o.paneA, 1);
    else if (o.outcome === "b") add(o.paneB, 1);
    else if (o.outcome === "tie") {
      add(o.paneA, 0.5);
      add(o.paneB, 0.5);
    }
  }
  const best = Math.max(...points.values());
  const top = [...points].filter(([, p]) => p === best);
  if (top.length !== 1) return { kind: "tie" };
  return { kind: "model", label: labels[top[0]![0]] ?? blindLabel(top[0]![0]) };
}

/** Each comparison's summed answer cost (answers without a known cost left out; none known: absent). */
async function costsOf(db: PrismaClient, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<{ id: string; cost: number | null }[]>`
    SELECT t."comparisonId" AS id, sum(a."costUsd")::float8 AS cost
    FROM "Answer" a JOIN "Turn" t ON t.id = a."turnId"
    WHERE t."comparisonId" IN (${Prisma.join(ids)}) AND a."costUsd" IS NOT NULL
    GROUP BY t."comparisonId"`;
  return new Map(rows.filter((r) => r.cost !== null).map((r) => [r.id, r.cost!]));
}

/** The models in the viewer's revealed comparisons, for the model filter: id and latest label. */
export async function listHistoryModels(
  { viewer }: { viewer: Pick<Viewer, "id" | "local"> },
  deps: Deps = {},
): Promise<{ id: string; label: string }[]> {
  const db = deps.db ?? getDb();
  const rows = await db.pane.findMany({
    where: { comparison: { AND: [readableBy(viewer), { NOT: sealedWhere }] } },
    distinct: ["modelId"],
    orderBy: [{ modelId: "asc" }],
    select: { modelId: true, modelLabel: true },
    take: 500,
  });
  return rows.map((r) => ({ id: r.modelId, label: r.modelLabel })).sort((a, b) => a.label.localeCompare(b.label));
}
