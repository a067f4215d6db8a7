// Live runs across instances, on top of the transport (./transport.ts):
// - `attachLive` makes a run started here visible to every instance (announce + publish each event);
// - `followLive` gives a reader here a copy of a run that runs anywhere (a "mirror": a
//   ComparisonRun fed from the transport), so `subscribe` works as for a local run: a snapshot per
//   pane, then each event as it comes;
// - control messages (stop, reveal, typed-in tool results) reach the instance that runs the pane.
// With the in-memory transport (no REDIS_URL) none of this does anything: runs stay local.
import "server-only";
import { ComparisonRun, runs } from "@/lib/compare/hub";
import type { JsonValue } from "@/lib/compare/tools-schema";
import { getLive } from "./index";
import { instanceId } from "./instances";
import type { ControlMessage, LiveTransport } from "./transport";

type Mirror = {
  run: ComparisonRun;
  /** resolves when the events stored so far are applied (and the run has its panes) */
  loaded: Promise<void>;
  users: number;
  stop: () => void;
  idle: ReturnType<typeof setTimeout> | null;
};

const g = globalThis as unknown as { juxtaMirrors?: Map<string, Mirror>; juxtaControl?: LiveTransport };
const mirrors: Map<string, Mirror> = (g.juxtaMirrors ??= new Map());

/** How long a mirror nobody reads is kept (a reload comes back within it). */
const MIRROR_IDLE_MS = 5_000;
/** A run announced a moment ago may not have its first pane yet: wait this long for one. */
const FIRST_PANE_WAIT_MS = 2_000;

/** Announces a run started here and sends each of its events to the other instances. */
export function attachLive(run: ComparisonRun, live: LiveTransport = getLive()): void {
  listenForControl(live);
  if (!live.crossInstance) return;
  const me = instanceId();
  live.announce(run.id, { turn: run.turn, sealed: run.sealed, ownerId: run.ownerId, instance: me });
  const { id, turn } = run;
  run.sink = (event) => live.publish(id, turn, event);
  live.control({ type: "run-started", id, turn, from: me });
}

/**
 * A copy of the comparison's latest run, following it wherever it runs; null when the transport
 * knows no run of it (one instance, or none for hours). Call `release` when done reading.
 */
export async function followLive(id: string, live: LiveTransport = getLive()): Promise<{ run: ComparisonRun; release: () => void } | null> {
  if (!live.crossInstance) return null;
  listenForControl(live);
  const meta = await live.meta(id);
  if (!meta) return null;
  let mirror = mirrors.get(id);
  if (mirror && mirror.run.turn !== meta.turn) {
    mirror.stop();
    mirrors.delete(id);
    mirror = undefined;
  }
  if (!mirror) {
    const run = new ComparisonRun(id, meta.turn);
    run.sealed = meta.sealed;
    run.ownerId = meta.ownerId;
    let first = true;
    let resolveLoaded!: () => void;
    const loaded = new Promise<void>((r) => (resolveLoaded = r));
    const stopReading = live.read(id, meta.turn, (events) => {
      for (const event of events) run.apply(event);
      if (first) {
        first = false;
        if (run.panes.size > 0) resolveLoaded();
        else setTimeout(resolveLoaded, FIRST_PANE_WAIT_MS).unref?.();
      } else if (run.panes.size > 0) resolveLoaded();
    });
    const created: Mirror = {
      run,
      loaded,
      users: 0,
      idle: null,
      stop: () => {
        stopReading();
        if (created.idle) clearTimeout(created.idle);
      },
    };
    mirror = created;
    mirrors.set(id, mirror);
  }
  const m = mirror;
  m.users += 1;
  if (m.idle) clearTimeout(m.idle);
  m.idle = null;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    m.users -= 1;
    if (m.users > 0) return;
    m.idle = setTimeout(() => {
      if (m.users === 0 && mirrors.get(id) === m) {
        m.stop();
        mirrors.delete(id);
      }
    }, MIRROR_IDLE_MS);
    m.idle.unref?.();
  };
  // Redis away: follow what has come so far rather than hang
  await Promise.race([m.loaded, new Promise((r) => setTimeout(r, FIRST_PANE_WAIT_MS + 1000).unref?.())]);
  return { run: m.run, release };
}

/** Who owns a comparison whose run was announced (its row may not be stored yet); null: unknown. */
export async function liveOwner(id: string, live: LiveTransport = getLive()): Promise<string | null> {
  if (!live.crossInstance) return null;
  return (await live.meta(id).catch(() => null))?.ownerId ?? null;
}

/** Asks every instance to stop the comparison's running panes (one, or all). */
export function stopEverywhere(id: string, pane: number | undefined, live: LiveTransport = getLive()): void {
  listenForControl(live);
  live.control({ type: "stop", id, ...(pane !== undefined ? { pane } : {}), from: instanceId() });
}

/** A blind comparison was revealed: every instance's runs and copies of it send unsealed events from now on. */
export function revealEverywhere(id: string, live: LiveTransport = getLive()): void {
  listenForControl(live);
  const run = runs.get(id);
  if (run) run.sealed = false;
  const mirror = mirrors.get(id);
  if (mirror) mirror.run.sealed = false;
  if (!live.crossInstance) return;
  live.unseal(id);
  live.control({ type: "reveal", id, from: instanceId() });
}

/** Sends a typed-in tool result to the instance whose pane waits for it. */
export function sendToolResult(
  message: { id: string; turn: number; pane: number; toolCallId: string; result: JsonValue },
  live: LiveTransport = getLive(),
): void {
  listenForControl(live);
  live.control({ type: "tool-result", ...message, from: instanceId() });
}

/** Acts on a control message for the runs of this instance. */
export function handleControl(message: ControlMessage): void {
  const run = runs.get(message.id);
  switch (message.type) {
    case "stop":
      if (!run) return;
      for (const p of run.panes.values()) {
        if (message.pane !== undefined && p.pane !== message.pane) continue;
        if (p.status === "pending" || p.status === "streaming") p.abort.abort();
      }
      return;
    case "reveal": {
      if (run) run.sealed = false;
      const mirror = mirrors.get(message.id);
      if (mirror) mirror.run.sealed = false;
      return;
    }
    case "tool-result": {
      const live = run?.panes.get(message.pane);
      if (run && run.turn === message.turn && live?.waiting?.toolCallId === message.toolCallId) live.waiting.resolve(message.result);
      return;
    }
    case "run-started":
      // a finished run here is out of date: readers here follow the new one through the transport
      if (message.from !== instanceId() && run && !run.active) runs.delete(message.id);
      return;
  }
}

/** Subscribes this process to control messages, once per transport. */
function listenForControl(live: LiveTransport): void {
  if (g.juxtaControl === live) return;
  g.juxtaControl = live;
  live.onControl(handleControl);
}

/** Starts listening for control messages now (at start-up), so a Stop sent before any run here still arrives. */
export function startLive(live: LiveTransport = getLive()): void {
  listenForControl(live);
}
