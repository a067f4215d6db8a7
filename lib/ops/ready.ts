import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isDatabaseDown, noteDatabaseError, noteDatabaseUp } from "@/lib/db-health";

/** How long the readiness query may take before the database counts as unreachable. */
export const READY_TIMEOUT_MS = 2_000;

export type Readiness =
  | { ready: true; database: "ok"; migrations: "ok" }
  | { ready: false; database: "unreachable"; migrations: "unknown"; missingMigrations: null }
  | { ready: false; database: "ok"; migrations: "pending"; missingMigrations: string[] };

let expected: string[] | null = null;

/** The migrations this build ships (prisma/migrations/<name>/migration.sql), read once per process. */
export function expectedMigrations(dir = path.join(process.cwd(), "prisma", "migrations")): string[] {
  if (expected) return expected;
  // read at run time from the app's folder: not a file of the build (turbopackIgnore keeps Next from tracing the project)
  expected = fs
    .readdirSync(/* turbopackIgnore: true */ dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(/* turbopackIgnore: true */ path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort();
  return expected;
}

/**
 * Ready to serve: the database answers and every migration of prisma/migrations is applied (in
 * `_prisma_migrations`, finished and not rolled back). One query, bounded by READY_TIMEOUT_MS.
 */
export async function readiness(db: PrismaClient, migrations: string[] = expectedMigrations()): Promise<Readiness> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout exceeded when trying to connect")), READY_TIMEOUT_MS);
  });
  let applied: Set<string>;
  const query = () =>
    db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  try {
    // a pooled connection left broken by an earlier blip fails once: the second try takes a fresh one
    const rows = await Promise.race([
      query().catch((error: unknown) => (isDatabaseDown(error) ? query() : Promise.reject(error))),
      timeout,
    ]);
    noteDatabaseUp();
    applied = new Set(rows.map((r) => r.migration_name));
  } catch (error) {
    // no _prisma_migrations table at all: reachable, nothing applied
    if ((error as { meta?: { code?: unknown } }).meta?.code === "42P01" || /_prisma_migrations.*does not exist/.test(String(error))) {
      noteDatabaseUp();
      applied = new Set();
    } else {
      if (!noteDatabaseError(error) && !isDatabaseDown(error)) console.error("[juxta] readiness check failed", error);
      return { ready: false, database: "unreachable", migrations: "unknown", missingMigrations: null };
    }
  } finally {
    clearTimeout(timer);
  }
  const missing = migrations.filter((m) => !applied.has(m));
  if (missing.length > 0) return { ready: false, database: "ok", migrations: "pending", missingMigrations: missing };
  return { ready: true, database: "ok", migrations: "ok" };
}
