// Comparisons made in local mode go to the first account that signs in; later accounts start empty.
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createDb } from "@/lib/db";

let db: ReturnType<typeof createDb>;
beforeAll(async () => {
  process.env.DATABASE_URL = inject("databaseUrl");
  db = createDb(inject("databaseUrl"));
});
afterAll(async () => db?.$disconnect());

it("the first account adopts local comparisons, the second gets none", async () => {
  const { adoptLocalComparisons, LOCAL_USER_ID } = await import("@/lib/auth/viewer");
  // this test owns the users table of its database: start from local-only users
  await db.comparison.deleteMany({ where: { ownerId: { not: LOCAL_USER_ID } } });
  await db.user.deleteMany({ where: { id: { not: LOCAL_USER_ID } } });
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
  await db.comparison.create({ data: { id: "adoptLocalOne01", title: "made locally", ownerId: LOCAL_USER_ID } });
  await db.comparison.create({ data: { id: "adoptLegacy0001", title: "made before owners existed", ownerId: null } });

  const first = await db.user.create({ data: { email: "first@example.test" } });
  await adoptLocalComparisons(first.id);
  const owned = await db.comparison.findMany({ where: { id: { in: ["adoptLocalOne01", "adoptLegacy0001"] } }, select: { ownerId: true } });
  expect(owned.map((c) => c.ownerId)).toEqual([first.id, first.id]);

  await db.comparison.create({ data: { id: "adoptLocalTwo02", title: "made locally later", ownerId: LOCAL_USER_ID } });
  const second = await db.user.create({ data: { email: "second@example.test" } });
  await adoptLocalComparisons(second.id);
  expect(await db.comparison.count({ where: { ownerId: second.id } })).toBe(0);
  expect((await db.comparison.findUnique({ where: { id: "adoptLocalTwo02" } }))!.ownerId).toBe(LOCAL_USER_ID);
});
