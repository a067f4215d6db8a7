// A database of the test run's own: a fresh, uniquely named database on the real PostgreSQL in
// TEST_DATABASE_URL (CI, and this machine), else an in-memory embedded PGlite. Never touches data
// it did not create, and refuses anything but a loopback server.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "../../scripts/embedded-db.mjs";
import { runPrisma } from "../../scripts/prisma.mjs";

export type TestDatabase = { url: string; kind: "postgres" | "pglite"; drop(): Promise<void> };

export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host))
    throw new Error(`Refusing to run tests against ${host}: TEST_DATABASE_URL must point at 127.0.0.1.`);
}

export async function createTestDatabase({ preferPglite = false } = {}): Promise<TestDatabase> {
  const admin = process.env.TEST_DATABASE_URL;
  if (admin && !preferPglite) {
    assertLoopback(admin);
    const name = `juxta_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE "${name}"`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    await runPrisma(["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url.toString() }, quiet: true });
    return {
      url: url.toString(),
      kind: "postgres",
      async drop() {
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const db = await startEmbeddedPostgres({ dataDir: null });
  await runPrisma(["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: db.url }, quiet: true });
  return { url: db.url, kind: "pglite", drop: db.stop };
}
