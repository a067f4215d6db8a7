// A fix for @electric-sql/pglite-socket (0.2.17, the latest): its server runs the protocol
// messages of all connections through one PGlite session, one message at a time. It keeps a
// transaction's messages together, but not an extended-protocol batch (Parse, Bind, Describe,
// Execute ... Sync), so two connections busy at once can interleave: connection B's Parse replaces
// the unnamed statement between A's Parse and Bind, and A gets "bind message supplies 3
// parameters, but prepared statement "" requires 1" or B's rows. This happens as soon as two
// connections work at once (the app's Prisma pool and the evaluation queue, or two processes).
// The fix: a connection that has sent Parse/Bind/Describe/Execute/Close/Flush keeps the session
// until its Sync, exactly like an open transaction. It also un-sticks the queue after a failed
// message (the original leaves `processing` set and stops serving everyone).
//
// It patches the server's query queue instance (internal API); it checks the shape it relies on
// and throws at start-up if a new pglite-socket version changed it.

const STARTUP_PROTOCOL = 196608;
// extended-protocol messages after which the session stays with their connection until Sync
const OPENS_BATCH = new Set(["P", "B", "D", "E", "C", "H"]);
// messages that end a batch (Sync, simple Query, Terminate)
const ENDS_BATCH = new Set(["S", "Q", "X"]);

/** @param {import("@electric-sql/pglite-socket").PGLiteSocketServer} server */
export function keepProtocolBatchesTogether(server) {
  const q = /** @type {any} */ (server).queryQueue;
  if (
    !q ||
    !Array.isArray(q.queue) ||
    typeof q.processQueue !== "function" ||
    typeof q.clearQueueForHandler !== "function" ||
    typeof q.clearTransactionIfNeeded !== "function"
  )
    throw new Error("@electric-sql/pglite-socket changed its internals: scripts/pglite-protocol-batches.mjs needs updating.");
  /** handler id of the connection in the middle of an extended-protocol batch */
  let owner = null;

  q.processQueue = async function processQueue() {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const sticky = owner ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        let item;
        if (sticky != null) {
          const i = this.queue.findIndex((x) => x.handlerId === sticky);
          if (i === -1) break; // wait for that connection's next message
          item = this.queue.splice(i, 1)[0];
        } else item = this.queue.shift();
        const m = item.message;
        const startup = m.length >= 8 && ((m[4] << 24) | (m[5] << 16) | (m[6] << 8) | m[7]) === STARTUP_PROTOCOL;
        const type = startup ? "" : String.fromCharCode(m[0]);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(m, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          if (owner === item.handlerId) owner = null;
          item.reject(error);
          continue;
        }
        this.lastHandlerId = item.handlerId;
        if (OPENS_BATCH.has(type)) owner = item.handlerId;
        else if (ENDS_BATCH.has(type) && owner === item.handlerId) owner = null;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  // a connection that goes away in the middle of a batch must not hold the session
  const clearQueue = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = function clearQueueForHandler(id) {
    clearQueue(id);
    if (owner === id) owner = null;
  };
  const clearTransaction = q.clearTransactionIfNeeded.bind(q);
  q.clearTransactionIfNeeded = async function clearTransactionIfNeeded(id) {
    await clearTransaction(id);
    await this.processQueue();
  };
  return server;
}
