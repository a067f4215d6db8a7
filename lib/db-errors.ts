// Which errors mean "the database is away" (not "this query was wrong"). Pure: the error envelope
// (lib/errors.ts) and the health check (lib/db-health.ts) both ask.

/** Prisma's codes for "cannot reach / lost / timed out waiting for a connection". */
const CONNECTION_CODES = new Set(["P1001", "P1002", "P1008", "P1011", "P1017", "P2024"]);
/** The driver adapter's kinds for the same (Prisma 6 with @prisma/adapter-pg). */
const CONNECTION_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TlsConnectionError", "TooManyConnections"]);
const CONNECTION_MESSAGES =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Connection terminated|Can't reach database server|Server has closed the connection|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|terminating connection/i;

/** True when `error` says the database could not be reached (not that a query was wrong). */
export function isDatabaseDown(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth += 1) {
    const x = e as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } }; message?: unknown; cause?: unknown };
    if (
      typeof x.code === "string" &&
      (CONNECTION_CODES.has(x.code) || /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|57P0[123])$/.test(x.code))
    )
      return true;
    const kind = x.meta?.driverAdapterError?.cause?.kind;
    if (typeof kind === "string" && CONNECTION_KINDS.has(kind)) return true;
    if (typeof x.message === "string" && CONNECTION_MESSAGES.test(x.message)) return true;
    e = x.cause;
  }
  return false;
}
