// The embedded PGlite serves every connection from one session. The evaluation queue adds
// connections (pg-boss's pool, worker processes), so the server must keep each connection's
// extended-protocol batch (Parse ... Sync) together: scripts/pglite-protocol-batches.mjs. This
// drives two raw wire-protocol connections into the exact interleaving that broke before.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../scripts/embedded-db.mjs";

let db: { url: string; stop(): Promise<void> };
beforeAll(async () => {
  db = await startEmbeddedPostgres({ dataDir: null });
});
afterAll(async () => {
  await db?.stop();
});

const cstr = (s: string) => Buffer.from(`${s}\0`);
function msg(type: string, body: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), len, body]);
}
const int16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const parse = (sql: string) => msg("P", Buffer.concat([cstr(""), cstr(sql), int16(0)]));
const bind = (values: string[]) =>
  msg(
    "B",
    Buffer.concat([
      cstr(""),
      cstr(""),
      int16(0),
      int16(values.length),
      ...values.flatMap((v) => [int32(Buffer.byteLength(v)), Buffer.from(v)]),
      int16(0),
    ]),
  );
const execute = () => msg("E", Buffer.concat([cstr(""), int32(0)]));
const sync = () => msg("S", Buffer.alloc(0));

/** A raw connection: collects the backend's messages as {type, body}. */
async function connect(port: number) {
  const socket = net.connect(port, "127.0.0.1");
  await new Promise<void>((r) => socket.once("connect", () => r()));
  let buffer = Buffer.alloc(0);
  const messages: { type: string; body: Buffer }[] = [];
  socket.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 5) {
      const len = buffer.readInt32BE(1);
      if (buffer.length < len + 1) break;
      messages.push({ type: String.fromCharCode(buffer[0]!), body: buffer.subarray(5, len + 1) });
      buffer = buffer.subarray(len + 1);
    }
  });
  const readyCount = () => messages.filter((m) => m.type === "Z").length;
  const waitReady = async (n: number) => {
    const until = Date.now() + 10_000;
    while (readyCount() < n) {
      if (Date.now() > until) throw new Error(`no ReadyForQuery #${n}: ${messages.map((m) => m.type).join("")}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const startup = Buffer.concat([int32(196608), cstr("user"), cstr("postgres"), cstr("database"), cstr("postgres"), Buffer.from([0])]);
  socket.write(Buffer.concat([int32(startup.length + 4), startup]));
  await waitReady(1);
  return {
    send: (...parts: Buffer[]) => socket.write(Buffer.concat(parts)),
    waitReady,
    errors: () => messages.filter((m) => m.type === "E").map((m) => m.body.toString("latin1").replace(/\0/g, " ")),
    /** text of the first column of every DataRow */
    rows: () => messages.filter((m) => m.type === "D").map((m) => m.body.subarray(6, 6 + m.body.readInt32BE(2)).toString()),
    close: () => socket.end(),
  };
}

describe("the embedded PGlite with several connections", () => {
  it("keeps a connection's Parse ... Sync batch together while another connection sends a whole batch in between", async () => {
    const port = Number(new URL(db.url).port);
    const a = await connect(port);
    const b = await connect(port);
    // A prepares the unnamed statement and pauses before binding it
    a.send(parse("select $1::int + 1 as v"));
    await new Promise((r) => setTimeout(r, 100));
    // B runs a whole batch with a different unnamed statement (2 parameters)
    b.send(parse("select $1::text || $2::text as w"), bind(["x", "y"]), execute(), sync());
    await new Promise((r) => setTimeout(r, 200));
    // A binds its statement: it must still be A's (1 parameter), not B's
    a.send(bind(["41"]), execute(), sync());
    await a.waitReady(2);
    await b.waitReady(2);
    expect(a.errors()).toEqual([]);
    expect(a.rows()).toEqual(["42"]);
    expect(b.errors()).toEqual([]);
    expect(b.rows()).toEqual(["xy"]);
    a.close();
    b.close();
  });

  it("a connection that goes away in the middle of a batch does not hold the session", async () => {
    const port = Number(new URL(db.url).port);
    const a = await connect(port);
    a.send(parse("select 1"));
    await new Promise((r) => setTimeout(r, 50));
    a.close();
    const b = await connect(port);
    b.send(parse("select $1::int * 2"), bind(["21"]), execute(), sync());
    await b.waitReady(2);
    expect(b.rows()).toEqual(["42"]);
    b.close();
  });
});
