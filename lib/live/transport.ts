// How the live runs of comparisons (lib/compare/hub.ts) reach other app instances: a small
// interface with two implementations, in memory (one instance: nothing crosses, the default) and
// Redis (REDIS_URL: lib/live/redis.ts). The compare code publishes every raw event of a run and
// sends control messages (stop, reveal, typed-in tool results); it never knows which one it has.
import type { CompareEvent } from "@/lib/compare/events";
import type { JsonValue } from "@/lib/compare/tools-schema";

/** What a reader needs to know of a comparison's latest run before following it. */
export type RunMeta = {
  turn: number;
  /** a blind comparison not yet revealed: readers seal what they send */
  sealed: boolean;
  /** who owns the comparison (its row may not be stored yet when a reader comes) */
  ownerId: string | null;
  /** the instance that announced the run (lib/live/instances.ts instanceId) */
  instance: string;
};

/** Messages to every instance; each acts on the runs it has. `from`: the sender's instance id. */
export type ControlMessage =
  | { type: "stop"; id: string; pane?: number; from: string }
  | { type: "reveal"; id: string; from: string }
  | { type: "tool-result"; id: string; turn: number; pane: number; toolCallId: string; result: JsonValue; from: string }
  /** a run of this comparison started on `from`: other instances drop a finished local run of it */
  | { type: "run-started"; id: string; turn: number; from: string };

export type ControlHandler = (message: ControlMessage) => void;

export interface LiveTransport {
  /** true when events and control messages reach other instances (Redis) */
  readonly crossInstance: boolean;
  /** A run (one turn, or a retry in it) of a comparison begins here: readers follow this turn. */
  announce(id: string, meta: RunMeta): void;
  /** One raw (unsealed) event of a run, in order. Never awaited: it must not slow the run. */
  publish(id: string, turn: number, event: CompareEvent): void;
  /** The latest announced run of a comparison; null when none is known (expired, or never here). */
  meta(id: string): Promise<RunMeta | null>;
  /** Marks the comparison's announced run as revealed (readers that come later send it unsealed). */
  unseal(id: string): void;
  /**
   * Reads a turn's events from its first one, then each new one as it is published, until the
   * returned function is called. `onBatch` gets the events of one read in order; the first call
   * has everything stored so far (possibly nothing).
   */
  read(id: string, turn: number, onBatch: (events: CompareEvent[]) => void): () => void;
  /** Sends a control message to every instance, this one included. */
  control(message: ControlMessage): void;
  /** Adds a handler of control messages (this instance's and others'). */
  onControl(handler: ControlHandler): () => void;
  close(): Promise<void>;
}

/**
 * One instance, nothing crosses: events are not kept (the local run has them), metadata is
 * unknown, control messages go straight to this instance's handlers. With `record: true` it keeps
 * events and metadata in memory like Redis would (the tests of lib/live/mirror.ts use that).
 */
export class MemoryTransport implements LiveTransport {
  readonly crossInstance: boolean;
  private readonly handlers = new Set<ControlHandler>();
  private readonly metas = new Map<string, RunMeta>();
  private readonly streams = new Map<string, CompareEvent[]>();
  private readonly readers = new Map<string, Set<(events: CompareEvent[]) => void>>();

  constructor({ record = false }: { record?: boolean } = {}) {
    this.crossInstance = record;
  }

  announce(id: string, meta: RunMeta): void {
    if (!this.crossInstance) return;
    this.metas.set(id, { ...meta });
    if (!this.streams.has(`${id}:${meta.turn}`)) this.streams.set(`${id}:${meta.turn}`, []);
  }

  publish(id: string, turn: number, event: CompareEvent): void {
    if (!this.crossInstance) return;
    const key = `${id}:${turn}`;
    const list = this.streams.get(key) ?? [];
    list.push(event);
    this.streams.set(key, list);
    for (const reader of this.readers.get(key) ?? []) queueMicrotask(() => reader([event]));
  }

  async meta(id: string): Promise<RunMeta | null> {
    const meta = this.metas.get(id);
    return meta ? { ...meta } : null;
  }

  unseal(id: string): void {
    const meta = this.metas.get(id);
    if (meta) meta.sealed = false;
  }

  read(id: string, turn: number, onBatch: (events: CompareEvent[]) => void): () => void {
    const key = `${id}:${turn}`;
    const set = this.readers.get(key) ?? new Set();
    this.readers.set(key, set);
    let open = true;
    const reader = (events: CompareEvent[]) => {
      if (open) onBatch(events);
    };
    // what is stored now, then (microtasks run in order) each event published after this call
    const stored = [...(this.streams.get(key) ?? [])];
    queueMicrotask(() => reader(stored));
    set.add(reader);
    return () => {
      open = false;
      set.delete(reader);
    };
  }

  control(message: ControlMessage): void {
    for (const handler of this.handlers) {
      try {
        handler(message);
      } catch (error) {
        console.error("[juxta] control handler failed", error);
      }
    }
  }

  onControl(handler: ControlHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.readers.clear();
  }
}
