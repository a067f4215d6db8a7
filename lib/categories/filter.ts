// `category=`: which votes and evaluation items count when the board is filtered by tags, and which
// tags exist with their counts (the filter's choices). A prompt "has" a tag when it is one of its
// rule tags or one of its own tags (a comparison's own tags are on every turn's prompt); with
// several categories a prompt must have every one of them.
import "server-only";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { getDb } from "@/lib/db";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { backfillRuleTags } from "./backfill";
import { isRuleTag, RULE_TAGS, type CategoryCount } from "./schema";

/** Votes on a turn whose prompt has every tag in `category` (no filter without one). */
export function voteCategoryWhere(category: readonly string[] | undefined): Prisma.VoteWhereInput {
  if (!category?.length) return {};
  return { turn: turnCategoryWhere(category) };
}

/** Turns whose prompt has every tag in `category` (its own rule tags, or its comparison's tags). */
export function turnCategoryWhere(category: readonly string[]): Prisma.TurnWhereInput {
  return { AND: category.map((tag) => ({ OR: [{ ruleTags: { has: tag } }, { comparison: { tags: { has: tag } } }] })) };
}

/** Evaluation items whose prompt has every tag in `category` (no filter without one). */
export function evalItemCategoryWhere(category: readonly string[] | undefined): Prisma.EvalItemWhereInput {
  if (!category?.length) return {};
  return { prompt: { AND: category.map((tag) => ({ OR: [{ ruleTags: { has: tag } }, { tags: { has: tag } }] })) } };
}

const byCount = (a: CategoryCount, b: CategoryCount) => b.count - a.count || a.tag.localeCompare(b.tag);

/**
 * The tags on voted prompts with how many votes carry each (blind / named / all as `mode`, one
 * team's or every comparison's). Rule tags are listed always (count 0 when none); own tags only
 * from comparisons the viewer may read, so another person's tag names never show.
 */
export async function leaderboardCategories(
  { mode, team }: { mode: "blind" | "named" | "all"; team?: string | null },
  viewerId: string,
  db: PrismaClient = getDb(),
): Promise<CategoryCount[]> {
  await backfillRuleTags(db);
  const modeSql = mode === "all" ? Prisma.empty : Prisma.sql`AND v.blind = ${mode === "blind"}`;
  const teamSql = team ? Prisma.sql`AND c."teamId" = ${team}` : Prisma.empty;
  const rows = await db.$queryRaw<{ tag: string; rule: boolean; count: number }[]>`
    SELECT x.tag, bool_or(x.rule) AS rule, count(DISTINCT v.id)::int AS count
    FROM "Vote" v
    JOIN "Turn" t ON t.id = v."turnId"
    JOIN "Comparison" c ON c.id = v."comparisonId"
    CROSS JOIN LATERAL (
      SELECT unnest(t."ruleTags") AS tag, true AS rule
      UNION ALL
      SELECT unnest(c.tags), false
      WHERE (c."teamId" IS NULL AND (c."ownerId" = ${viewerId} OR (${viewerId} = ${LOCAL_USER_ID} AND c."ownerId" IS NULL)))
         OR c."teamId" IN (SELECT m."teamId" FROM "TeamMember" m WHERE m."userId" = ${viewerId})
    ) x
    WHERE c."deletedAt" IS NULL ${modeSql} ${teamSql}
    GROUP BY x.tag`;
  const counts = new Map(rows.map((r) => [r.tag, { tag: r.tag, rule: r.rule, count: r.count }]));
  for (const tag of RULE_TAGS) if (!counts.has(tag)) counts.set(tag, { tag, rule: true, count: 0 });
  return [...counts.values()].sort(byCount);
}

/** The tags on a session's prompts (gold ones left out) with how many prompts carry each. */
export async function sessionCategories(sessionId: string, db: PrismaClient = getDb()): Promise<CategoryCount[]> {
  await backfillRuleTags(db);
  const prompts = await db.evalPrompt.findMany({ where: { sessionId, gold: false }, select: { tags: true, ruleTags: true } });
  const counts = new Map<string, CategoryCount>(RULE_TAGS.map((tag) => [tag, { tag, rule: true, count: 0 }]));
  for (const p of prompts)
    for (const tag of new Set([...p.ruleTags, ...p.tags])) {
      const c = counts.get(tag) ?? { tag, rule: isRuleTag(tag), count: 0 };
      c.count++;
      counts.set(tag, c);
    }
  return [...counts.values()].sort(byCount);
}

/**
 * The note shown with a board filtered by `category` when a listed tag is on no prompt of the
 * selection (the board is then empty, not an error); null when every tag is known.
 */
export function unknownCategoryNote(category: readonly string[] | undefined, known: readonly CategoryCount[]): string | null {
  if (!category?.length) return null;
  const unknown = category.filter((t) => !known.some((k) => k.tag === t && (k.rule || k.count > 0)));
  if (unknown.length === 0) return null;
  const list = unknown.map((t) => `"${t}"`).join(", ");
  return `No prompt here is tagged ${list}${unknown.length > 1 ? " (unknown categories)" : " (an unknown category)"}: the board is empty.`;
}
