import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { noteDatabaseError } from "@/lib/db-health";
import { PrismaClient } from "@/lib/generated/prisma/client";

// One Prisma client per process, kept on globalThis so Next's dev reloads do not open a new
// pool on every edit. The engine-free client talks to Postgres through the `pg` driver adapter.
const globalForDb = globalThis as unknown as { juxtaDb?: PrismaClient };

export function createDb(connectionString: string): PrismaClient {
  // a pooled connection that breaks (the server went away) tells the health check at once
  const broke = (error: Error) => noteDatabaseError(error, { connection: true });
  const adapter = new PrismaPg({ connectionString, max: poolSize(connectionString) }, { onPoolError: broke, onConnectionError: broke });
  return new PrismaClient({ adapter });
}

function poolSize(url: string): number {
  const limit = Number(new URL(url).searchParams.get("connection_limit"));
  return Number.isInteger(limit) && limit > 0 ? limit : 10;
}

export function getDb(): PrismaClient {
  if (!globalForDb.juxtaDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Juxta with `npm start`, which provides one.");
    globalForDb.juxtaDb = createDb(url);
  }
  return globalForDb.juxtaDb;
}
