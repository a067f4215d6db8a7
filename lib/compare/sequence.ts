// Several prompts run as the turns of one comparison, in order, on the server: turn n+1 starts
// when every pane of turn n has ended (so each pane's thread holds its own earlier answers), and
// closing the browser does not stop it. Used by re-run (lib/shares/rerun.ts).
//
// Like the live runs (hub.ts), a sequence lives in the process that runs its provider calls; its
// turns are stored as they start, so another instance (or a restart) sees every turn begun so far.
import "server-only";
import type { ComparisonAccess } from "./access";
import type { CompareEvent } from "./events";
import { runs, type ComparisonRun } from "./hub";
import { addTurn, type CompareDeps } from "./service";
import { log } from "@/lib/observability/log";

/** How long a finished sequence is remembered for late readers (as long as hub.ts keeps a finished run). */
const KEEP_MS = 60_000;

type Sequence = {
  id: string;
  /** every turn's prompt, the first one included */
  prompts: string[];
  /** the run of the latest turn started */
  current: ComparisonRun;
  /** no further turn will start (the last one may still be answering) */
  ended: boolean;
  /** followers waiting for the next turn (a run) or the end (null) */
  waiters: Set<(run: ComparisonRun | null) => void>;
  /** resolves when no further turn will start and the last one started has ended */
  finished: Promise<void>;
};

// One registry per process, on globalThis so Next's module reloads in dev share it.
const globalForSequences = globalThis as unknown as { juxtaSequences?: Map<string, Sequence> };
const sequences: Map<string, Sequence> = (globalForSequences.juxtaSequences ??= new Map());

function notify(seq: Sequence, run: ComparisonRun | null) {
  for (const waiter of [...seq.waiters]) waiter(run);
}

/** Every pane of the run has ended and its answer is stored. */
async function settled(run: ComparisonRun): Promise<void> {
  await run.stored;
  // a pane retried meanwhile is a new live pane: wait until none is left running
  while (run.active) await Promise.all([...run.panes.values()].map((p) => p.finished));
}

/**
 * Runs `prompts.slice(1)` as follow-up turns of the comparison whose first turn is `first`, one
 * after the other. It ends early when someone stops an answer (Stop, or Stop all), or when a turn
 * cannot start (a follow-up sent by hand meanwhile, a model gone): the turns so far stay stored.
 * `authorize` gives the access of the comparison's owner once its row is stored. The promise
 * resolves when no further turn will start and every answer of the last one has ended.
 */
export function runTurnsInOrder({
  first,
  prompts,
  authorize,
  deps = {},
}: {
  first: ComparisonRun;
  prompts: string[];
  authorize: () => Promise<ComparisonAccess>;
  deps?: CompareDeps;
}): Promise<void> {
  if (prompts.length <= 1) return settled(first);
  let resolveFinished!: () => void;
  const seq: Sequence = {
    id: first.id,
    prompts,
    current: first,
    ended: false,
    waiters: new Set(),
    finished: new Promise<void>((r) => (resolveFinished = r)),
  };
  sequences.set(seq.id, seq);
  void (async () => {
    try {
      for (let turn = 1; turn < prompts.length; turn++) {
        await settled(seq.current);
        if ([...seq.current.panes.values()].some((p) => p.status === "stopped")) break;
        const started = await addTurn(await authorize(), prompts[turn]!, deps);
        seq.current = started.run;
        notify(seq, started.run);
      }
    } catch (error) {
      log.error("a queued turn could not start", { sequenceId: seq.id, error });
    } finally {
      seq.ended = true;
      notify(seq, null);
    }
    await settled(seq.current).catch(() => {});
    resolveFinished();
    // Kept as long as the finished run itself (hub.ts scheduleCleanup), so a reader who comes late
    // (a page rendered before the last turn started, following after it ended) still gets the
    // turns' prompts; the database has everything by then.
    setTimeout(() => {
      if (sequences.get(seq.id) === seq) sequences.delete(seq.id);
    }, KEEP_MS).unref?.();
  })();
  return seq.finished;
}

/** Turns still to come for a comparison running a sequence here (0 when none). */
export function queuedTurns(id: string): number {
  const seq = sequences.get(id);
  return seq && !seq.ended ? seq.prompts.length - 1 - seq.current.turn : 0;
}

/**
 * Follows a comparison that runs a sequence here, through every turn still to come: first a
 * `comparison` event naming the turn, its prompt and the number of turns, then that turn's events;
 * the `done` of a turn another one follows is held back, so the stream ends (with `done`) only
 * after the last turn, or when the sequence ends early. Null when no sequence runs (or ran in the
 * last minute) for `id`.
 */
export function followSequence(id: string, send: (event: CompareEvent) => void): (() => void) | null {
  const seq = sequences.get(id);
  // ended, and a turn sent since (a follow-up, a retry in a new run): that run is followed as usual
  if (!seq || (seq.ended && runs.get(id) !== seq.current)) return null;
  let off: () => void = () => {};
  let held: CompareEvent | null = null;
  let closed = false;
  const attach = (run: ComparisonRun) => {
    off();
    held = null;
    send({ type: "comparison", id, turn: run.turn, prompt: seq.prompts[run.turn], turns: seq.prompts.length });
    off = run.subscribe((event) => {
      if (event.type === "done" && !seq.ended && event.turn < seq.prompts.length - 1) held = event;
      else send(event);
    });
  };
  const waiter = (run: ComparisonRun | null) => {
    if (closed) return;
    if (run) return attach(run);
    // The sequence ended. A held `done` is now the last one; otherwise the latest turn is still
    // answering (or ended just now) and its own `done` comes through the subscription.
    seq.waiters.delete(waiter);
    if (held) send(held);
  };
  seq.waiters.add(waiter);
  attach(seq.current);
  return () => {
    closed = true;
    seq.waiters.delete(waiter);
    off();
  };
}
