import "server-only";
import { getDb } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { CompareEvent } from "./events";
import { runs } from "./hub";
import type { ComparisonAccess } from "./access";
import { getComparisonById } from "./queries";
import { followSequence } from "./sequence";
import { getLive } from "@/lib/live";
import { followLive } from "@/lib/live/runs";
import { log } from "@/lib/observability/log";

const encoder = new TextEncoder();
export const NDJSON_HEADERS = {
  "content-type": "application/x-ndjson; charset=utf-8",
  "cache-control": "no-store, no-transform",
  "x-accel-buffering": "no",
};

/**
 * An NDJSON stream of comparison events. `attach` wires a source of events and returns an
 * unsubscribe; the stream ends after a `done` event. If the reader goes away only the
 * subscription ends: generation goes on and is stored.
 */
export function ndjsonStream(attach: (send: (e: CompareEvent) => void, close: () => void) => () => void): ReadableStream<Uint8Array> {
  let detach: (() => void) | null = null;
  let closed = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // Per-delta cost: the first event after a quiet moment is written at once (time to first
      // token); events that follow within the same turn of the event loop (several panes' deltas,
      // a burst) are joined into one chunk, written at setImmediate: one socket write, not one each.
      let batch: string | null = null;
      const flush = () => {
        const lines = batch;
        batch = null;
        if (lines && !closed) controller.enqueue(encoder.encode(lines));
      };
      const close = () => {
        if (closed) return;
        flush();
        closed = true;
        detach?.();
        controller.close();
      };
      const send = (event: CompareEvent) => {
        if (closed) return;
        const line = `${JSON.stringify(event)}\n`;
        if (batch !== null) batch += line;
        else {
          controller.enqueue(encoder.encode(line));
          batch = "";
          setImmediate(flush);
        }
        if (event.type === "done") queueMicrotask(close);
      };
      detach = attach(send, close);
      if (closed) detach();
    },
    cancel() {
      closed = true;
      detach?.();
    },
  });
}

/**
 * Follows a comparison's latest turn: with REDIS_URL, from the live transport wherever the run is
 * (lib/live/runs.ts: a snapshot of each pane, then each event within milliseconds of the instance
 * running it); else from the live run when this process runs it; else from the database (it has
 * finished, or runs where no event reaches us), polling until no pane is running.
 */
export function followComparison(access: ComparisonAccess, { db = getDb(), pollMs = 1000 }: { db?: PrismaClient; pollMs?: number } = {}) {
  const { id } = access;
  return ndjsonStream((send, close) => {
    // a re-run still sending its turns in order: follow it to its last turn
    const queued = followSequence(id, send);
    if (queued) return queued;
    const live = runs.get(id);
    if (!getLive().crossInstance) return live ? live.subscribe(send) : pollDatabase(access, db, pollMs, send, close);
    let stopped = false;
    let off: (() => void) | null = null;
    followLive(id)
      .then((followed) => {
        if (stopped) return followed?.release();
        // the transport's run is the latest unless this process has begun a newer turn since
        if (followed && !(live && live.turn > followed.run.turn)) {
          const unsubscribe = followed.run.subscribe(send);
          off = () => {
            unsubscribe();
            followed.release();
          };
          return;
        }
        followed?.release();
        const now = runs.get(id);
        off = now ? now.subscribe(send) : pollDatabase(access, db, pollMs, send, close);
      })
      .catch((error: unknown) => {
        log.error("could not follow a run through the live transport", { comparisonId: id, error });
        if (stopped) return;
        const now = runs.get(id);
        off = now ? now.subscribe(send) : pollDatabase(access, db, pollMs, send, close);
      });
    return () => {
      stopped = true;
      off?.();
    };
  });
}

/** The latest turn from the database: a snapshot of each pane, again every `pollMs` while any is running. */
function pollDatabase(
  access: ComparisonAccess,
  db: PrismaClient,
  pollMs: number,
  send: (e: CompareEvent) => void,
  close: () => void,
): () => void {
  const { id } = access;
  let stopped = false;
  let stopOther: (() => void) | null = null;
  const poll = async () => {
    while (!stopped) {
      const view = await getComparisonById(access, { db });
      if (!view) return close();
      const turn = view.turns.at(-1);
      if (!turn) return close();
      // the run may have started here since we looked
      const started = runs.get(id);
      if (started) {
        stopOther = started.subscribe(send);
        return;
      }
      for (const a of turn.answers) {
        send({
          type: "pane-snapshot",
          pane: a.pane,
          turn: turn.index,
          status: a.status,
          text: a.text,
          reasoning: a.reasoning,
          metrics: a.metrics,
          error: a.error ? { code: a.error.code, message: a.error.message } : null,
          toolCalls: a.toolCalls,
          structured: a.structured,
          // a call waiting for a typed-in result lives in the process that runs it
          waiting: null,
          skipReason: a.skipReason,
        });
      }
      if (!turn.answers.some((a) => a.status === "pending" || a.status === "streaming")) {
        send({ type: "done", id, turn: turn.index });
        return;
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  };
  poll().catch((error: unknown) => {
    console.error("[juxta] follow failed", id, error);
    close();
  });
  return () => {
    stopped = true;
    stopOther?.();
  };
}

/**
 * Streams a run the caller is about to start: events emitted while starting (pane-start is
 * emitted synchronously) are buffered until the stream is read, so none is lost.
 */
export async function streamNewRun(
  start: (
    observe: (e: CompareEvent) => void,
  ) => Promise<{ id: string; turn: number; detach: () => void }> | { id: string; turn: number; detach: () => void },
): Promise<ReadableStream<Uint8Array>> {
  const buffered: CompareEvent[] = [];
  let forward: ((e: CompareEvent) => void) | null = null;
  const started = await start((e) => (forward ? forward(e) : buffered.push(e)));
  return ndjsonStream((send) => {
    send({ type: "comparison", id: started.id, turn: started.turn });
    for (const e of buffered) send(e);
    forward = send;
    return started.detach;
  });
}
