// Embedded PostgreSQL (PGlite, Postgres compiled to WebAssembly) behind a loopback wire-protocol
// socket, so the app talks to it with the same `pg` driver it uses for a real server.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { keepProtocolBatchesTogether } from "./pglite-protocol-batches.mjs";

/** A free loopback port; never 5432, where a real PostgreSQL often listens. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts PGlite with its data in `dataDir` (or in memory when null) and serves it on 127.0.0.1.
 * Returns the DATABASE_URL and a stop function.
 * @param {{ dataDir?: string | null, port?: number, maxConnections?: number }} [options]
 */
export async function startEmbeddedPostgres({ dataDir, port, maxConnections = 16 } = {}) {
  if (dataDir) fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const db = await PGlite.create(dataDir ? path.resolve(dataDir) : undefined);
  const listenPort = port ?? (await freePort());
  // several connections (the app's pool, the evaluation queue, other processes) share one session:
  // keep each connection's extended-protocol batch together (see pglite-protocol-batches.mjs)
  const server = keepProtocolBatchesTogether(new PGLiteSocketServer({ db, port: listenPort, host: "127.0.0.1", maxConnections }));
  await server.start();
  const url = `postgresql://postgres:postgres@127.0.0.1:${listenPort}/postgres?sslmode=disable&connection_limit=1`;
  return {
    url,
    async stop() {
      await server.stop().catch(() => {});
      await db.close().catch(() => {});
    },
  };
}
