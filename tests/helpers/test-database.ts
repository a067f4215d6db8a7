// A database of a run's own, for the integration tests, the end-to-end servers
// (scripts/e2e-server.mjs, scripts/e2e-auth-server.mjs, through tsx) and the benchmarks: a fresh,
// uniquely named database on a real PostgreSQL (TEST_DATABASE_URL in CI and on this machine), else
// an embedded PGlite. Never touches data it did not create, and refuses anything but a loopback server.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "../../scripts/embedded-db.mjs";
import { runPrisma } from "../../scripts/prisma.mjs";

export type TestDatabase = {
  url: string;
  kind: "postgres" | "pglite";
  /** the database's name on the server, or "pglite" */
  name: string;
  /** drops the database (or stops PGlite): only what this created */
  drop(): Promise<void>;
};

/** The machine's PostgreSQL (trust auth), for the benchmarks that try it when TEST_DATABASE_URL is unset. */
export const LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres";

export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host))
    throw new Error(`Refusing to run tests against ${host}: TEST_DATABASE_URL must point at 127.0.0.1.`);
}

export type PostgresDatabaseOptions = {
  /** PostgreSQL servers (admin URLs) to try in order; unset entries are skipped. Default: TEST_DATABASE_URL */
  servers?: (string | undefined)[];
  /** the new database's name starts with this (`juxta_test`, `juxta_e2e`, `juxta_bench`...) */
  prefix?: string;
  /** try the next server when one does not answer (within 2 s) instead of failing */
  skipUnreachable?: boolean;
};

/** A fresh, empty database on the first server that answers; null when no server is given (or none answers). */
export async function createPostgresDatabase({
  servers = [process.env.TEST_DATABASE_URL],
  prefix = "juxta_test",
  skipUnreachable = false,
}: PostgresDatabaseOptions = {}): Promise<TestDatabase | null> {
  for (const admin of servers.filter((u): u is string => Boolean(u))) {
    assertLoopback(admin);
    const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: skipUnreachable ? 2000 : undefined });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      if (skipUnreachable) continue;
      throw error;
    }
    const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      kind: "postgres",
      name,
      async drop() {
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await c.end();
        }
      },
    };
  }
  return null;
}

export type TestDatabaseOptions = PostgresDatabaseOptions & {
  /** the embedded PGlite even when a server is given */
  preferPglite?: boolean;
  /** PGlite's data directory; default in memory */
  pgliteDir?: string | null;
  /** apply the migrations (default true; false when `npm start`/`demo` will apply them) */
  migrate?: boolean;
};

/** A database on a real PostgreSQL when one is given (see createPostgresDatabase), else an embedded PGlite; migrated. */
export async function createTestDatabase({
  preferPglite = false,
  pgliteDir = null,
  migrate = true,
  ...server
}: TestDatabaseOptions = {}): Promise<TestDatabase> {
  let db = preferPglite ? null : await createPostgresDatabase(server);
  if (!db) {
    const embedded = await startEmbeddedPostgres({ dataDir: pgliteDir });
    db = { url: embedded.url, kind: "pglite", name: "pglite", drop: embedded.stop };
  }
  if (migrate) {
    try {
      await runPrisma(["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: db.url }, quiet: true });
    } catch (error) {
      await db.drop().catch(() => {});
      throw error;
    }
  }
  return db;
}
