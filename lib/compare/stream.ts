import "server-only";
import { getDb } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { CompareEvent } from "./events";
import { runs } from "./hub";
import type { ComparisonAccess } from "./access";
import { getComparisonById } from "./queries";
import { followSequence } from "./sequence";
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
      const close = () => {
        if (closed) return;
        closed = true;
        detach?.();
        controller.close();
      };
      const send = (event: CompareEvent) => {
        if (closed) return;
        controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
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
 * Follows a comparison's latest turn: from the live run when this process runs it, else from the
 * database (another instance runs it, or it has finished), polling until no pane is running.
 */
export function followComparison(access: ComparisonAccess, { db = getDb(), pollMs = 1000 }: { db?: PrismaClient; pollMs?: number } = {}) {
  const { id } = access;
  return ndjsonStream((send, close) => {
    // a re-run still sending its turns in order: follow it to its last turn
    const queued = followSequence(id, send);
    if (queued) return queued;
    const live = runs.get(id);
    if (live) return live.subscribe(send);
    let stopped = false;
    const poll = async () => {
      while (!stopped) {
        const view = await getComparisonById(access, { db });
        if (!view) return close();
        const turn = view.turns.at(-1);
        if (!turn) return close();
        // the run may have started here since we looked
        const started = runs.get(id);
        if (started) {
          const off = started.subscribe(send);
          stopOther = off;
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
    let stopOther: (() => void) | null = null;
    poll().catch((error: unknown) => {
      log.error("follow failed", { comparisonId: id, error });
      close();
    });
    return () => {
      stopped = true;
      stopOther?.();
    };
  });
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
