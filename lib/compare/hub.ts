import type { AnswerMetrics, CompareEvent, PaneStatus } from "./events";
import { sealEvent } from "./blind";
import { emptyMetrics } from "./metrics";
import type { JsonValue, SkipReason, StructuredCheck, ToolCallRecord } from "./tools-schema";
import { log } from "@/lib/observability/log";

/** A tool call waiting for a person to type its result in (a `manual` mock). */
export type WaitingCall = {
  toolCallId: string;
  name: string;
  args: JsonValue | null;
  timeoutAt: string;
  resolve: (result: JsonValue) => void;
};

/** What the server knows of one pane's answer while it streams. */
export type LivePane = {
  pane: number;
  turn: number;
  status: PaneStatus;
  text: string;
  reasoning: string;
  metrics: AnswerMetrics;
  error: { code: string; message: string } | null;
  toolCalls: ToolCallRecord[];
  structured: StructuredCheck;
  waiting: WaitingCall | null;
  skipReason: SkipReason | null;
  abort: AbortController;
  /** set once the pane's final event is out; a pane counts as running until then */
  ended: boolean;
  finished: Promise<void>;
};

type Listener = (event: CompareEvent) => void;

/**
 * The live state of one comparison's current turn in this process: every pane's provider call
 * runs here independently, and any number of readers (the browser that started it, a reload,
 * an API client) subscribe to one multiplexed event stream. Generation does not depend on
 * readers: a browser going away only unsubscribes.
 */
export class ComparisonRun {
  readonly panes = new Map<number, LivePane>();
  private readonly listeners = new Set<Listener>();
  /** who owns the comparison, for access checks before its row is stored */
  ownerId: string | null = null;
  /** resolves when the rows of the current turn are in the database (inserted just after start) */
  stored: Promise<unknown> = Promise.resolve();
  /** a blind comparison not yet revealed: readers get events with the clouds' traces removed */
  sealed = false;
  /**
   * Gets every raw (unsealed) event as it is emitted: the live transport's publish, so readers on
   * other instances get it (lib/live/runs.ts). Never awaits anything.
   */
  sink: ((event: CompareEvent) => void) | null = null;

  constructor(
    readonly id: string,
    public turn: number,
  ) {}

  get active(): boolean {
    for (const p of this.panes.values()) if (!p.ended) return true;
    return false;
  }

  addPane(pane: number, turn: number): LivePane {
    let resolveFinished!: () => void;
    const finished = new Promise<void>((r) => (resolveFinished = r));
    const live: LivePane = {
      pane,
      turn,
      status: "pending",
      text: "",
      reasoning: "",
      metrics: emptyMetrics(),
      error: null,
      toolCalls: [],
      structured: null,
      waiting: null,
      skipReason: null,
      abort: new AbortController(),
      ended: false,
      finished,
    };
    (live as LivePane & { resolve: () => void }).resolve = resolveFinished;
    this.panes.set(pane, live);
    return live;
  }

  /** Marks a pane as ended; when no pane is left running, emits `done`. */
  endPane(live: LivePane): void {
    live.ended = true;
    (live as LivePane & { resolve?: () => void }).resolve?.();
    if (!this.active) this.emit({ type: "done", id: this.id, turn: this.turn });
  }

  emit(raw: CompareEvent): void {
    if (this.sink) {
      try {
        this.sink(raw);
      } catch (error) {
        console.error("[juxta] live sink failed", error);
      }
    }
    const event = this.sealed ? sealEvent(raw) : raw;
    if (!event) return;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        log.error("listener failed", { error });
      }
    }
  }

  /**
   * Applies an event of a run that runs elsewhere (read from the live transport) to this copy of
   * its state, then emits it to this copy's readers: the state a late reader's snapshot shows is
   * the one the running instance has. `done` comes from the running instance (or the sweeper).
   */
  apply(event: CompareEvent): void {
    const at = "pane" in event ? this.panes.get(event.pane) : undefined;
    const p = at && at.turn === event.turn ? at : undefined;
    switch (event.type) {
      case "pane-start": {
        const live = this.addPane(event.pane, event.turn);
        live.status = "streaming";
        break;
      }
      case "text-delta":
        if (p) p.text += event.delta;
        break;
      case "reasoning-delta":
        if (p) p.reasoning += event.delta;
        break;
      case "tool-call":
        p?.toolCalls.push(event.call);
        break;
      case "tool-waiting":
        if (p)
          p.waiting = {
            toolCallId: event.toolCallId,
            name: event.name,
            args: event.args,
            timeoutAt: event.timeoutAt,
            resolve: () => {},
          };
        break;
      case "tool-result":
        if (p) {
          p.toolCalls = p.toolCalls.map((c) =>
            c.id === event.toolCallId ? { ...c, result: event.result ?? undefined, resultSource: event.resultSource } : c,
          );
          if (p.waiting?.toolCallId === event.toolCallId) p.waiting = null;
        }
        break;
      case "pane-finish":
        if (p) {
          p.status = event.status;
          p.metrics = event.metrics;
          if (event.structured !== undefined) p.structured = event.structured;
          p.waiting = null;
          this.markEnded(p);
        }
        break;
      case "pane-error":
        if (p) {
          p.status = "error";
          p.error = { code: event.error.code, message: event.error.message };
          p.metrics = event.metrics;
          p.waiting = null;
          this.markEnded(p);
        }
        break;
      case "pane-skipped":
        if (p) {
          p.status = "skipped";
          p.skipReason = event.reason;
          this.markEnded(p);
        }
        break;
      default:
        break;
    }
    this.emit(event);
  }

  private markEnded(live: LivePane): void {
    live.ended = true;
    (live as LivePane & { resolve?: () => void }).resolve?.();
  }

  /** Follows live events only (for the caller that starts the run). */
  follow(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Replays the current state (one snapshot per pane), then follows live events. */
  subscribe(listener: Listener): () => void {
    for (const p of [...this.panes.values()].sort((a, b) => a.pane - b.pane)) {
      const snapshot: CompareEvent = {
        type: "pane-snapshot",
        pane: p.pane,
        turn: p.turn,
        status: p.status,
        text: p.text,
        reasoning: p.reasoning,
        metrics: p.metrics,
        error: p.error,
        toolCalls: p.toolCalls,
        structured: p.structured,
        waiting: p.waiting && {
          toolCallId: p.waiting.toolCallId,
          name: p.waiting.name,
          args: p.waiting.args,
          timeoutAt: p.waiting.timeoutAt,
        },
        skipReason: p.skipReason,
      };
      listener(this.sealed ? sealEvent(snapshot)! : snapshot);
    }
    if (!this.active) {
      listener({ type: "done", id: this.id, turn: this.turn });
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

// One registry per process; kept on globalThis so Next's module reloads in dev share it.
const globalForHub = globalThis as unknown as { juxtaRuns?: Map<string, ComparisonRun> };
export const runs: Map<string, ComparisonRun> = (globalForHub.juxtaRuns ??= new Map());

/** Forget finished runs after a grace period; the database has everything by then. */
export function scheduleCleanup(run: ComparisonRun, afterMs = 60_000): void {
  setTimeout(() => {
    if (!run.active && runs.get(run.id) === run) runs.delete(run.id);
  }, afterMs).unref?.();
}
