// The NDJSON stream of comparison events: the first event after a quiet moment is its own chunk
// (time to first token), events in the same event-loop turn after it are joined into one chunk,
// order is kept, and `done` closes the stream after everything before it.
import { describe, expect, it } from "vitest";
import type { CompareEvent } from "@/lib/compare/events";
import { ndjsonStream } from "@/lib/compare/stream";

async function chunks(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  const decoder = new TextDecoder();
  for await (const c of stream as unknown as AsyncIterable<Uint8Array>) out.push(decoder.decode(c));
  return out;
}

const delta = (pane: number, d: string): CompareEvent => ({ type: "text-delta", pane, turn: 0, delta: d });

describe("ndjsonStream", () => {
  it("writes the first event alone, joins the rest of that turn, keeps the order and ends after done", async () => {
    const stream = ndjsonStream((send) => {
      send(delta(0, "a"));
      send(delta(1, "b"));
      send(delta(0, "c"));
      setTimeout(() => {
        send(delta(1, "d"));
        send({ type: "done", id: "x", turn: 0 });
      }, 5);
      return () => {};
    });
    const got = await chunks(stream);
    expect(got[0]).toBe(`${JSON.stringify(delta(0, "a"))}\n`);
    expect(got[1]).toBe(`${JSON.stringify(delta(1, "b"))}\n${JSON.stringify(delta(0, "c"))}\n`);
    const lines = got
      .join("")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as CompareEvent);
    expect(lines.map((e) => (e.type === "text-delta" ? e.delta : e.type))).toEqual(["a", "b", "c", "d", "done"]);
    expect(got.length).toBe(4);
  });

  it("a reader that goes away only unsubscribes", async () => {
    let detached = 0;
    let send!: (e: CompareEvent) => void;
    const stream = ndjsonStream((s) => {
      send = s;
      return () => (detached += 1);
    });
    send(delta(0, "a"));
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    expect(detached).toBe(1);
    expect(() => send(delta(0, "late"))).not.toThrow();
  });
});
