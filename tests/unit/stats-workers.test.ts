// Statistics off the request thread (lib/workers): the pool runs the same pure functions in a
// worker thread (loaded from source through tsx here; bundled by Next in a build), and the cache
// keeps a value only for the data version it was computed at.
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { bootstrapBradleyTerry, createRng, type PairwiseOutcome } from "@/lib/ratings";
import { criterionMeans } from "@/lib/evals/results-stats";
import { VersionedCache } from "@/lib/workers/cache";
import { StatsPool } from "@/lib/workers/pool";

function votes(n: number): PairwiseOutcome[] {
  const rng = createRng(7);
  const models = ["A", "B", "C", "D", "E"];
  return Array.from({ length: n }, (_, i) => {
    const a = models[i % 5]!;
    const b = models[(i + 1 + (i % 3)) % 5]!;
    const u = rng.next();
    return { a, b, outcome: u < 0.45 ? "a" : u < 0.85 ? "b" : u < 0.95 ? "tie" : "both_bad", group: `v${i >> 1}` } as const;
  });
}

const pool = new StatsPool(2);
afterAll(() => pool.close());

// a thread loads the statistics from source through tsx first: slow on a busy machine
describe("StatsPool", { timeout: 120_000 }, () => {
  it("a worker thread gives exactly the fit the request thread gives (NaN and ±Infinity included)", async () => {
    const data = [...votes(400), { a: "F", b: "A", outcome: "a" as const, group: "lone" }];
    const inThread = bootstrapBradleyTerry(data, { rounds: 300, seed: 5 });
    const inWorker = await pool.run("bootstrapBradleyTerry", data, { rounds: 300, seed: 5 });
    expect(pool.threads).toBeGreaterThan(0);
    expect(inWorker).toEqual(inThread);
    expect(inWorker.rows.some((r) => r.ciHigh === Infinity)).toBe(true);
  });

  it("runs queued tasks on its threads and answers each caller with its own result", async () => {
    const scores = Array.from({ length: 60 }, (_, i) => ({ item: `i${i % 20}`, model: i % 2 ? "m1" : "m2", value: (i * 7) % 5 }));
    const runs = await Promise.all(
      [1, 2, 3, 4, 5].map((seed) => pool.run("criterionMeans", scores, { criterion: "q", seed, rounds: 200 })),
    );
    runs.forEach((r, i) => expect(r).toEqual(criterionMeans(scores, { criterion: "q", seed: i + 1, rounds: 200 })));
    expect(pool.threads).toBeLessThanOrEqual(2);
  });

  it("an error in a task rejects that call only", async () => {
    const bad = pool.run("criterionMeans", null as never, { criterion: "q", seed: 1, rounds: 10 });
    await expect(bad).rejects.toThrow();
    await expect(pool.run("criterionMeans", [], { criterion: "q", seed: 1, rounds: 10 })).resolves.toEqual([]);
  });

  it("a worker that dies rejects its task, and the next task gets a new worker", async () => {
    let spawned = 0;
    const dying = new StatsPool(1, () => {
      spawned += 1;
      // the first worker exits on its first message; the second answers
      return spawned === 1
        ? new Worker("require('node:worker_threads').parentPort.on('message', () => process.exit(3))", { eval: true })
        : new Worker(
            "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, ok: true, value: 42 }))",
            { eval: true },
          );
    });
    await expect(dying.run("criterionMeans", [], { criterion: "q", seed: 1, rounds: 1 })).rejects.toThrow(/exited \(code 3\)/);
    await expect(dying.run("criterionMeans", [], { criterion: "q", seed: 1, rounds: 1 })).resolves.toBe(42);
    expect(spawned).toBe(2);
    await dying.close();
  });

  it("a worker script missing from the build: the task is computed in the calling thread, and so are the next", async () => {
    let spawned = 0;
    const missing = new StatsPool(1, () => {
      spawned += 1;
      return new Worker("/nonexistent/juxta-stats.worker.mjs");
    });
    const data = votes(40);
    const expected = bootstrapBradleyTerry(data, { rounds: 20, seed: 3 });
    const errors: unknown[] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      expect(await missing.run("bootstrapBradleyTerry", data, { rounds: 20, seed: 3 })).toEqual(expected);
      expect(await missing.run("bootstrapBradleyTerry", data, { rounds: 20, seed: 3 })).toEqual(expected);
    } finally {
      console.error = log;
    }
    expect(spawned).toBe(1);
    expect(String(errors[0])).toMatch(/worker threads unavailable/);
  });

  it("with 0 threads it computes in the calling thread", async () => {
    const inline = new StatsPool(0, () => {
      throw new Error("no thread may start");
    });
    const data = votes(50);
    expect(await inline.run("bootstrapBradleyTerry", data, { rounds: 20, seed: 1 })).toEqual(
      bootstrapBradleyTerry(data, { rounds: 20, seed: 1 }),
    );
    expect(inline.threads).toBe(0);
  });
});

describe("VersionedCache", () => {
  it("computes once per key and version; a new version computes again", async () => {
    const cache = new VersionedCache<number>();
    let computed = 0;
    const compute = async () => ++computed;
    expect(await Promise.all([cache.get("k", "v1", compute), cache.get("k", "v1", compute)])).toEqual([1, 1]);
    expect(await cache.get("k", "v1", compute)).toBe(1);
    expect(await cache.get("k", "v2", compute)).toBe(2);
    expect(await cache.get("other", "v2", compute)).toBe(3);
    expect(computed).toBe(3);
  });

  it("does not keep a failed computation", async () => {
    const cache = new VersionedCache<number>();
    await expect(cache.get("k", "v", () => Promise.reject(new Error("db away")))).rejects.toThrow("db away");
    expect(await cache.get("k", "v", async () => 7)).toBe(7);
  });

  it("keeps at most maxEntries, dropping the least recently used", async () => {
    const cache = new VersionedCache<string>(2);
    await cache.get("a", "1", async () => "a");
    await cache.get("b", "1", async () => "b");
    await cache.get("a", "1", async () => "a again");
    await cache.get("c", "1", async () => "c");
    expect(cache.size).toBe(2);
    expect(await cache.get("a", "1", async () => "recomputed")).toBe("a");
    expect(await cache.get("b", "1", async () => "b recomputed")).toBe("b recomputed");
  });
});
