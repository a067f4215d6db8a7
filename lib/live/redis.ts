// The Redis transport (REDIS_URL): each turn's events go to a Redis stream, so a reader that comes
// mid-turn on any instance reads them from the first (and so builds the current state) and then
// each new one as it is added; control messages go over one pub/sub channel every instance
// subscribes to. Keys (all under REDIS_PREFIX, default "juxta"):
//   <prefix>:run:<comparison>          hash {turn, sealed, owner, instance}: the latest run
//   <prefix>:ev:<comparison>:<turn>    stream of the turn's events (field "e": the event's JSON)
//   <prefix>:control                   pub/sub channel of control messages
// Streams and hashes expire 6 hours after their run began (1 hour after its last `done`).
import "server-only";
import { createClient } from "redis";
import type { CompareEvent } from "@/lib/compare/events";
import type { ControlHandler, ControlMessage, LiveTransport, RunMeta } from "./transport";

const connect = (url: string) => createClient({ url });
type Client = ReturnType<typeof connect>;
type Cursor = { key: string; lastId: string; onBatch: (events: CompareEvent[]) => void };

const RUN_TTL_S = 6 * 3600;
const DONE_TTL_S = 3600;
/** how long one blocking read waits before it is issued again (new cursors wake it at once) */
const BLOCK_MS = 10_000;

const UNSEAL = "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HSET', KEYS[1], 'sealed', '0') end return 0";

type StreamReply = { name: string; messages: { id: string; message: Record<string, string> }[] }[] | null;

export class RedisTransport implements LiveTransport {
  readonly crossInstance = true;
  private readonly cmd: Client;
  private readonly sub: Client;
  private readonly blk: Client;
  private readonly handlers = new Set<ControlHandler>();
  private readonly cursors = new Set<Cursor>();
  private readonly ready: Promise<void>;
  private blockedClientId: number | null = null;
  /** bumped when the cursors change; the read loop records the generation each read covers */
  private generation = 0;
  private loopGeneration = 0;
  private looping = false;
  private closed = false;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    const log = (which: string) => (error: unknown) => {
      if (!this.closed) console.error(`[juxta] redis (${which}):`, error instanceof Error ? error.message : error);
    };
    const cmd = connect(url);
    const sub = cmd.duplicate();
    const blk = cmd.duplicate();
    cmd.on("error", log("commands"));
    sub.on("error", log("control"));
    blk.on("error", log("reads"));
    this.cmd = cmd;
    this.sub = sub;
    this.blk = blk;
    this.ready = (async () => {
      await Promise.all([cmd.connect(), sub.connect(), blk.connect()]);
      this.blockedClientId = Number(await blk.sendCommand(["CLIENT", "ID"]));
      await sub.subscribe(`${prefix}:control`, (raw) => this.dispatch(raw));
    })();
    this.ready.catch(log("connect"));
  }

  /** Resolves once connected and subscribed to the control channel (rejects if Redis cannot be reached). */
  connected(): Promise<void> {
    return this.ready;
  }

  private get controlChannel() {
    return `${this.prefix}:control`;
  }
  private runKey(id: string) {
    return `${this.prefix}:run:${id}`;
  }
  private streamKey(id: string, turn: number) {
    return `${this.prefix}:ev:${id}:${turn}`;
  }

  private dispatch(raw: string) {
    let message: ControlMessage;
    try {
      message = JSON.parse(raw) as ControlMessage;
    } catch {
      return;
    }
    for (const handler of this.handlers) {
      try {
        handler(message);
      } catch (error) {
        console.error("[juxta] control handler failed", error);
      }
    }
  }

  announce(id: string, meta: RunMeta): void {
    const stream = this.streamKey(id, meta.turn);
    this.cmd
      .multi()
      .hSet(this.runKey(id), {
        turn: String(meta.turn),
        sealed: meta.sealed ? "1" : "0",
        owner: meta.ownerId ?? "",
        instance: meta.instance,
      })
      .expire(this.runKey(id), RUN_TTL_S)
      // a marker entry: the stream exists (readers find it) before the first event
      .xAdd(stream, "*", { m: meta.instance })
      .expire(stream, RUN_TTL_S)
      .exec()
      .catch((error: unknown) => console.error("[juxta] redis: could not announce a run", id, error));
  }

  publish(id: string, turn: number, event: CompareEvent): void {
    const stream = this.streamKey(id, turn);
    // commands of one tick go out in one write (node-redis pipelines them); not awaited
    this.cmd
      .xAdd(stream, "*", { e: JSON.stringify(event) })
      .catch((error: unknown) => console.error("[juxta] redis: lost an event", id, error));
    if (event.type === "done") this.cmd.expire(stream, DONE_TTL_S).catch(() => {});
  }

  async meta(id: string): Promise<RunMeta | null> {
    const hash = await this.cmd.hGetAll(this.runKey(id));
    if (!hash || hash.turn === undefined) return null;
    return { turn: Number(hash.turn), sealed: hash.sealed === "1", ownerId: hash.owner || null, instance: hash.instance ?? "" };
  }

  unseal(id: string): void {
    // only an existing hash: a run that expired stays unknown
    this.cmd
      .eval(UNSEAL, { keys: [this.runKey(id)] })
      .catch((error: unknown) => console.error("[juxta] redis: could not mark a run revealed", id, error));
  }

  read(id: string, turn: number, onBatch: (events: CompareEvent[]) => void): () => void {
    const cursor: Cursor = { key: this.streamKey(id, turn), lastId: "0-0", onBatch };
    this.cursors.add(cursor);
    this.wake();
    return () => {
      this.cursors.delete(cursor);
    };
  }

  /** Makes the read loop pick up the current cursors: starts it, or interrupts its blocking read. */
  private wake() {
    const want = ++this.generation;
    if (!this.looping) {
      this.looping = true;
      void this.loop();
      return;
    }
    void (async () => {
      await this.ready.catch(() => {});
      // CLIENT UNBLOCK finds nothing to unblock when the read is not yet issued: try until the
      // loop has started a read that covers this generation
      for (let tries = 0; tries < 500 && !this.closed && this.loopGeneration < want; tries++) {
        const unblocked = await this.cmd.sendCommand(["CLIENT", "UNBLOCK", String(this.blockedClientId)]).catch(() => 0);
        if (Number(unblocked) === 1) return;
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
  }

  private async loop() {
    await this.ready.catch(() => {});
    while (!this.closed && this.cursors.size > 0) {
      this.loopGeneration = this.generation;
      const cursors = [...this.cursors];
      // one read per key (several readers of one key share it from the smallest position)
      const byKey = new Map<string, string>();
      for (const c of cursors) {
        const seen = byKey.get(c.key);
        if (seen === undefined || compareIds(c.lastId, seen) < 0) byKey.set(c.key, c.lastId);
      }
      let reply: StreamReply;
      try {
        reply = (await this.blk.xRead(
          [...byKey].map(([key, id]) => ({ key, id })),
          { BLOCK: BLOCK_MS, COUNT: 5000 },
        )) as unknown as StreamReply;
      } catch (error) {
        if (this.closed) break;
        console.error("[juxta] redis: read failed", error instanceof Error ? error.message : error);
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      // cursors that were new (lastId 0-0) get a first batch even when their stream is empty
      const got = new Map<string, { id: string; message: Record<string, string> }[]>();
      for (const stream of reply ?? []) got.set(stream.name, stream.messages);
      for (const c of cursors) {
        if (!this.cursors.has(c)) continue;
        const messages = (got.get(c.key) ?? []).filter((m) => compareIds(m.id, c.lastId) > 0);
        const first = c.lastId === "0-0";
        if (messages.length === 0 && !first) continue;
        if (messages.length > 0) c.lastId = messages.at(-1)!.id;
        else c.lastId = "0-1";
        const events: CompareEvent[] = [];
        for (const m of messages) if (m.message.e) events.push(JSON.parse(m.message.e) as CompareEvent);
        try {
          c.onBatch(events);
        } catch (error) {
          console.error("[juxta] live reader failed", error);
        }
      }
    }
    this.looping = false;
    // a cursor added while the loop was ending
    if (!this.closed && this.cursors.size > 0) this.wake();
  }

  control(message: ControlMessage): void {
    this.cmd.publish(this.controlChannel, JSON.stringify(message)).catch((error: unknown) => {
      console.error("[juxta] redis: could not send a control message", error);
      // at least this instance acts on it
      this.dispatch(JSON.stringify(message));
    });
  }

  onControl(handler: ControlHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cursors.clear();
    await Promise.allSettled([this.sub.quit(), this.blk.disconnect(), this.cmd.quit()]);
  }
}

/** Orders stream ids ("<ms>-<seq>"). */
function compareIds(a: string, b: string): number {
  const [am, as] = a.split("-").map(Number) as [number, number];
  const [bm, bs] = b.split("-").map(Number) as [number, number];
  return am !== bm ? am - bm : as - bs;
}
