// The items of a suite version by key, cached per process (a run's thousands of calls read the
// same suite; a custom suite's items never change under one version).
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { builtinSuite } from "./probes";
import { suiteVersionOf } from "./suites";
import type { ProbeItem } from "./types";

const cache = new Map<string, Map<string, ProbeItem>>();
const MAX_CACHED = 20;

/** The items of `suiteVersion` by key, or null when that version is gone (the built-in suite was upgraded, the suite deleted). */
export async function suiteItems(db: PrismaClient, suiteId: string, suiteVersion: string): Promise<Map<string, ProbeItem> | null> {
  const hit = cache.get(suiteVersion);
  if (hit) return hit;
  let items: ProbeItem[] | null = null;
  if (suiteId === "builtin") {
    const suite = builtinSuite();
    if (suite.version === suiteVersion) items = suite.items;
  } else {
    const row = await db.probeSuite.findUnique({ where: { id: suiteId }, select: { id: true, version: true, items: true } });
    if (row && suiteVersionOf(row) === suiteVersion) items = row.items as ProbeItem[];
  }
  if (!items) return null;
  const map = new Map(items.map((i) => [i.key, i]));
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(suiteVersion, map);
  return map;
}
