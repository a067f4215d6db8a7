// The speed and cost board, through the route handler, on the test database. Numbers below are
// worked out by hand from the answers made here (deployments of their own, "sb:*", so other test
// files' data does not matter).
import { beforeAll, describe, expect, inject, it } from "vitest";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { newId as id } from "@/lib/ids";

let api: typeof import("@/app/api/v1/leaderboard/speed/route");
let db: import("@/lib/generated/prisma/client").PrismaClient;

beforeAll(async () => {
  // no provider is called here: the emulator URL is only there to make a valid environment
  Object.assign(process.env, emulatorEnv("http://127.0.0.1:9"), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  api = await import("@/app/api/v1/leaderboard/speed/route");
  db = (await import("@/lib/db")).getDb();
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
});

type Status = "pending" | "streaming" | "done" | "error" | "stopped";
type AnswerSpec = {
  status?: Status;
  ttftMs?: number | null;
  /** our set-up; null = a row stored before the timing split (default: 3 ms when the answer has a ttftMs) */
  setupMs?: number | null;
  totalMs?: number | null;
  outputTokens?: number | null;
  costUsd?: number | null;
  startedAt?: Date;
  /** default "SECRET ANSWER"; "" = an answer that never came (a failure before any text) */
  text?: string;
};
type PaneSpec = { modelId: string; provider: string; label?: string };

/** A comparison made directly in the database: `turns[t][p]` is pane p's answer in turn t (null: none). */
async function comparison(panes: PaneSpec[], turns: (AnswerSpec | null)[][], opts: { blind?: boolean; revealedAt?: Date | null } = {}) {
  const cid = id();
  const paneIds = panes.map(() => id());
  const turnIds = turns.map(() => id());
  await db.comparison.create({
    data: {
      id: cid,
      title: "speed board test",
      ownerId: LOCAL_USER_ID,
      blind: opts.blind ?? false,
      revealedAt: opts.revealedAt ?? null,
      panes: {
        create: panes.map((p, index) => ({
          id: paneIds[index]!,
          index,
          modelId: p.modelId,
          logicalModel: p.modelId,
          provider: p.provider,
          modelLabel: p.label ?? p.modelId,
        })),
      },
      turns: { create: turns.map((_, index) => ({ id: turnIds[index]!, index, prompt: `SECRET PROMPT ${index}` })) },
    },
  });
  const answers = turns.flatMap((row, t) =>
    row.flatMap((a, p) =>
      a
        ? [
            {
              id: id(),
              turnId: turnIds[t]!,
              paneId: paneIds[p]!,
              status: a.status ?? "done",
              text: a.text ?? "SECRET ANSWER",
              ttftMs: a.ttftMs ?? null,
              setupMs: a.setupMs === undefined ? (a.ttftMs == null ? null : 3) : a.setupMs,
              totalMs: a.totalMs ?? null,
              outputTokens: a.outputTokens ?? null,
              costUsd: a.costUsd ?? null,
              ...(a.startedAt ? { startedAt: a.startedAt } : {}),
            },
          ]
        : [],
    ),
  );
  await db.answer.createMany({ data: answers });
  return { cid, turnIds, panes };
}

/** A vote on a turn with the given pairwise outcomes (pane indexes, "a" = the first pane won). */
async function vote(c: { cid: string; turnIds: string[]; panes: PaneSpec[] }, turn: number, outcomes: [number, number, string][]) {
  const voteId = id();
  await db.vote.create({
    data: {
      id: voteId,
      comparisonId: c.cid,
      turnId: c.turnIds[turn]!,
      voterId: LOCAL_USER_ID,
      kind: "ranking",
      input: {},
      outcomes: {
        create: outcomes.map(([a, b, outcome]) => ({
          id: id(),
          paneA: a,
          paneB: b,
          modelA: c.panes[a]!.modelId,
          modelB: c.panes[b]!.modelId,
          logicalA: c.panes[a]!.modelId,
          logicalB: c.panes[b]!.modelId,
          outcome,
        })),
      },
    },
  });
}

type Row = {
  id: string;
  label: string;
  provider: string;
  answers: number;
  errors: number;
  errorRate: number;
  stopped: number;
  stoppedRate: number;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  tokensPerSecondP50: number | null;
  totalMsP50: number | null;
  totalMsP95: number | null;
  costPer1kOutputUsd: number | null;
  costUsd: number | null;
  wins: number;
  costPerWinUsd: number | null;
};

async function board(
  query: string,
): Promise<{ status: number; text: string; rows: Row[]; error?: { code: string; message: string; field: string | null } }> {
  const res = await api.GET(new Request(`http://127.0.0.1/api/v1/leaderboard/speed${query ? `?${query}` : ""}`));
  const text = await res.text();
  const body = JSON.parse(text) as { rows: Row[]; error?: { code: string; message: string; field: string | null } };
  return { status: res.status, text, rows: body.rows ?? [], error: body.error };
}
const row = (rows: Row[], key: string) => rows.find((r) => r.id === key);

const FAST: PaneSpec = { modelId: "sb:fast", provider: "openai", label: "Fast model" };
const SLOW: PaneSpec = { modelId: "sb:slow", provider: "azure", label: "Slow model" };
const OLD: PaneSpec = { modelId: "sb:old", provider: "bedrock" };
const SEALED: PaneSpec = { modelId: "sb:sealed", provider: "openai" };

describe("speed and cost board", () => {
  let sealed: string;

  beforeAll(async () => {
    // fast vs slow, two turns: fast wins turn 0, turn 1 is a tie
    const duel = await comparison(
      [FAST, SLOW],
      [
        [
          { ttftMs: 100, totalMs: 1100, outputTokens: 100, costUsd: 0.001 },
          { ttftMs: 2000, totalMs: 5000, outputTokens: 100, costUsd: 0.01 },
        ],
        [
          { ttftMs: 200, totalMs: 1200, outputTokens: 50, costUsd: 0.0005 },
          { ttftMs: 3000, totalMs: 7000, outputTokens: 300, costUsd: 0.03 },
        ],
      ],
    );
    await vote(duel, 0, [[0, 1, "a"]]);
    await vote(duel, 1, [[0, 1, "tie"]]);
    // the rest of fast's answers, on their own: 3 more done, an error, a stop, and two unfinished (not counted)
    await comparison(
      [FAST],
      [
        [{ ttftMs: 300, totalMs: 2300, outputTokens: 150, costUsd: 0.002 }],
        [{ ttftMs: 400, totalMs: 1400, outputTokens: 0, costUsd: 0.0003 }],
        [{ ttftMs: 1000, totalMs: 3000, outputTokens: 400, costUsd: 0.004 }],
        [{ status: "error", ttftMs: null, totalMs: 500, outputTokens: 10, costUsd: 0.0001 }],
        [{ status: "stopped", ttftMs: 5, totalMs: 600, outputTokens: 20, costUsd: 0.0002 }],
        [{ status: "pending" }],
        [{ status: "streaming", ttftMs: 1, totalMs: 99_999, outputTokens: 9, costUsd: 9 }],
      ],
    );
    // an old answer, for the time filter: the afternoon of 2020-01-15 (UTC)
    await comparison(
      [OLD],
      [[{ ttftMs: 700, totalMs: 900, outputTokens: 10, costUsd: 0.00001, startedAt: new Date("2020-01-15T18:00:00Z") }]],
    );
    // a blind comparison not yet revealed: its metrics are withheld, from the board too
    sealed = (await comparison([SEALED], [[{ ttftMs: 42, totalMs: 84, outputTokens: 8, costUsd: 0.1 }]], { blind: true })).cid;
  });

  it("computes percentiles, throughput, error rate, cost per 1k and cost per win as worked out by hand", async () => {
    const res = await board("");
    expect(res.status).toBe(200);
    const fast = row(res.rows, "sb:fast")!;
    // fast: finished = 5 done + 1 error + 1 stopped (pending and streaming are left out)
    expect(fast).toMatchObject({ label: "Fast model", provider: "openai", answers: 7, errors: 1, stopped: 1, wins: 1.5 });
    // a stopped answer is not an error; it is counted apart
    expect(fast.errorRate).toBeCloseTo(1 / 7, 10);
    expect(fast.stoppedRate).toBeCloseTo(1 / 7, 10);
    // and its time (TTFT 5 ms) is in no percentile: the done TTFTs alone give these
    // done TTFTs 100 200 300 400 1000: p50 = the middle one; p95 at rank 0.95 * 4 = 3.8 -> 400 + 0.8 * 600
    expect(fast.ttftP50Ms).toBeCloseTo(300, 10);
    expect(fast.ttftP95Ms).toBeCloseTo(880, 10);
    // done totals 1100 1200 1400 2300 3000: p50 1400; p95 = 2300 + 0.8 * 700
    expect(fast.totalMsP50).toBeCloseTo(1400, 10);
    expect(fast.totalMsP95).toBeCloseTo(2860, 10);
    // tokens/s of done answers with output: 100/1s, 50/1s, 150/2s, 400/2s = 100, 50, 75, 200 -> p50 (75 + 100) / 2
    expect(fast.tokensPerSecondP50).toBeCloseTo(87.5, 10);
    // cost per 1k: every finished answer with cost and output tokens (the 0-token one is out)
    // = (0.001 + 0.0005 + 0.002 + 0.004 + 0.0001 + 0.0002) / (100 + 50 + 150 + 400 + 10 + 20) * 1000
    expect(fast.costPer1kOutputUsd).toBeCloseTo((0.0078 / 730) * 1000, 12);
    // total cost: every finished answer's (the 0-token one included; the streaming one is not finished)
    expect(fast.costUsd).toBeCloseTo(0.0081, 12);
    // one win + a tie (half) = 1.5 wins for the two voted answers (0.001 + 0.0005)
    expect(fast.costPerWinUsd).toBeCloseTo(0.0015 / 1.5, 12);

    const slow = row(res.rows, "sb:slow")!;
    expect(slow).toMatchObject({ provider: "azure", answers: 2, errors: 0, errorRate: 0, stopped: 0, stoppedRate: 0, wins: 0.5 });
    expect(slow.ttftP50Ms).toBeCloseTo(2500, 10);
    expect(slow.ttftP95Ms).toBeCloseTo(2950, 10);
    expect(slow.tokensPerSecondP50).toBeCloseTo((100 / 3 + 75) / 2, 10);
    expect(slow.costPer1kOutputUsd).toBeCloseTo((0.04 / 400) * 1000, 12);
    expect(slow.costPerWinUsd).toBeCloseTo(0.04 / 0.5, 12);

    // fastest first token first
    const order = res.rows.map((r) => r.id).filter((k) => k.startsWith("sb:"));
    expect(order).toEqual(["sb:fast", "sb:old", "sb:slow"]);
    // aggregates only: no prompt or answer text
    expect(res.text).not.toContain("SECRET");
  });

  it("counts each voted answer's cost once, half a win for both-bad, and no cost per win without a win", async () => {
    const [A, B, C]: PaneSpec[] = ["sw:a", "sw:b", "sw:c"].map((modelId) => ({ modelId, provider: "compatible" }));
    // best of three: a beats b and c with one answer (cost counted once, two wins)
    const three = await comparison(
      [A!, B!, C!],
      [
        [
          { ttftMs: 10, totalMs: 20, outputTokens: 1, costUsd: 0.006 },
          { ttftMs: 10, totalMs: 20, outputTokens: 1, costUsd: 0.001 },
          { ttftMs: 10, totalMs: 20, outputTokens: 1, costUsd: 0.002 },
        ],
      ],
    );
    await vote(three, 0, [
      [0, 1, "a"],
      [0, 2, "a"],
    ]);
    const two = await comparison(
      [A!, B!],
      [
        [
          { ttftMs: 10, totalMs: 20, outputTokens: 1, costUsd: 0.004 },
          { ttftMs: 10, totalMs: 20, outputTokens: 1, costUsd: 0.003 },
        ],
      ],
    );
    await vote(two, 0, [[0, 1, "both_bad"]]);
    // the same deployment in both panes: not a battle between deployments
    const self = await comparison(
      [A!, A!],
      [
        [
          { ttftMs: 10, totalMs: 20, outputTokens: 1, costUsd: 1 },
          { ttftMs: 10, totalMs: 20, outputTokens: 1, costUsd: 1 },
        ],
      ],
    );
    await vote(self, 0, [[0, 1, "a"]]);

    const { rows } = await board("provider=compatible");
    expect(row(rows, "sw:a")).toMatchObject({ wins: 2.5 });
    expect(row(rows, "sw:a")!.costPerWinUsd).toBeCloseTo((0.006 + 0.004) / 2.5, 12);
    expect(row(rows, "sw:b")).toMatchObject({ wins: 0.5 });
    expect(row(rows, "sw:b")!.costPerWinUsd).toBeCloseTo((0.001 + 0.003) / 0.5, 12);
    expect(row(rows, "sw:c")).toMatchObject({ wins: 0, costPerWinUsd: null });
  });

  it("a vote stored before the refusal that crowns a missing answer gives no wins; a tie with it still counts", async () => {
    const [X, Y]: PaneSpec[] = ["sm:x", "sm:y"].map((modelId) => ({ modelId, provider: "bedrock" }));
    const failedX = [
      [
        { status: "error" as const, text: "", costUsd: 0.001 },
        { ttftMs: 10, totalMs: 20, outputTokens: 1, costUsd: 0.002 },
      ],
    ];
    // "X is better" while X failed with no text: the whole vote counts for nothing
    await vote(await comparison([X!, Y!], failedX), 0, [[0, 1, "a"]]);
    let rows = (await board("provider=bedrock")).rows;
    expect(row(rows, "sm:x")).toMatchObject({ wins: 0, errors: 1 });
    expect(row(rows, "sm:y")).toMatchObject({ wins: 0, costPerWinUsd: null });
    // a tie with the failed pane credits nobody, so it still counts (half a win each)
    await vote(await comparison([X!, Y!], failedX), 0, [[0, 1, "tie"]]);
    rows = (await board("provider=bedrock")).rows;
    expect(row(rows, "sm:x")).toMatchObject({ wins: 0.5 });
    expect(row(rows, "sm:y")).toMatchObject({ wins: 0.5 });
  });

  it("times only answers measured with the timing split; older rows still count for answers and cost", async () => {
    const LEGACY: PaneSpec = { modelId: "pre:legacy", provider: "openai" };
    await comparison(
      [LEGACY],
      [
        // stored before the split: its 9 s "time to first token" includes our own set-up
        [{ ttftMs: 9000, setupMs: null, totalMs: 10_000, outputTokens: 100, costUsd: 0.001 }],
        [{ ttftMs: 100, totalMs: 1100, outputTokens: 100, costUsd: 0.002 }],
      ],
    );
    const r = row((await board("")).rows, "pre:legacy")!;
    expect(r).toMatchObject({ answers: 2, timedAnswers: 1, ttftP50Ms: 100, ttftP95Ms: 100, totalMsP50: 1100, tokensPerSecondP50: 100 });
    expect(r.costUsd).toBeCloseTo(0.003, 12);
  });

  it("filters by when the answer started; a bare `to` date includes that whole day", async () => {
    const recent = await board("from=2021-01-01");
    expect(row(recent.rows, "sb:old")).toBeUndefined();
    expect(row(recent.rows, "sb:fast")).toBeDefined();
    const thatDay = await board("to=2020-01-15");
    expect(thatDay.rows.map((r) => r.id).filter((k) => k.startsWith("sb:"))).toEqual(["sb:old"]);
    expect(row(thatDay.rows, "sb:old")).toMatchObject({ answers: 1, ttftP50Ms: 700, ttftP95Ms: 700 });
    const morning = await board("from=2020-01-15&to=2020-01-15T12:00:00Z");
    expect(row(morning.rows, "sb:old")).toBeUndefined();
    const window = await board("from=2020-01-15T17:59:00Z&to=2020-01-15T18:01:00Z");
    expect(window.rows.map((r) => r.id)).toEqual(["sb:old"]);
    // the wins of a battle count when that answer is in the window
    const past = await board("to=2020-01-01");
    expect(past.rows).toEqual([]);
  });

  it("filters by provider (a comma list or repeated)", async () => {
    const azure = await board("provider=azure");
    expect(azure.rows.every((r) => r.provider === "azure")).toBe(true);
    expect(row(azure.rows, "sb:slow")).toMatchObject({ wins: 0.5 });
    expect(row(azure.rows, "sb:fast")).toBeUndefined();
    for (const q of ["provider=openai,bedrock", "provider=openai&provider=bedrock", "provider=%20openai%20,bedrock,openai"]) {
      const res = await board(q);
      expect({ q, status: res.status }).toEqual({ q, status: 200 });
      expect(res.rows.every((r) => r.provider === "openai" || r.provider === "bedrock")).toBe(true);
      expect(["sb:fast", "sb:old"].every((k) => row(res.rows, k))).toBe(true);
      expect(row(res.rows, "sb:slow")).toBeUndefined();
    }
  });

  it("leaves a sealed blind comparison out until it is revealed", async () => {
    expect(row((await board("")).rows, "sb:sealed")).toBeUndefined();
    await db.comparison.update({ where: { id: sealed }, data: { revealedAt: new Date() } });
    expect(row((await board("")).rows, "sb:sealed")).toMatchObject({ answers: 1, ttftP50Ms: 42 });
  });

  it("rejects bad query values with a 400 naming the parameter", async () => {
    for (const [q, field, words] of [
      ["provider=gcp", "provider", ["provider", "gcp"]],
      ["provider=openai,gcp", "provider", ["provider", "gcp"]],
      ["provider=", "provider", ["provider"]],
      ["provider=,", "provider", ["provider"]],
      ["from=yesterday", "from", []],
      ["to=2026-13-45", "to", []],
      ["from=2026-02-01&to=2026-01-01", "to", ["from", "to"]],
      ["colour=red", null, ["colour"]],
      ["groupBy=model", null, ["groupBy"]],
      ["from=2026-01-01&from=2026-02-01", "from", ["from"]],
    ] as const) {
      const res = await board(q);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect({ q, code: res.error!.code, field: res.error!.field }).toEqual({ q, code: "validation", field });
      for (const w of words) expect(res.error!.message).toContain(w);
    }
  });

  it("stays fast with 100k answers", async () => {
    // bulk rows in SQL: 100k finished answers over 20 deployments of their own
    const cid = id();
    await db.comparison.create({
      data: { id: cid, title: "speed bulk", ownerId: LOCAL_USER_ID, turns: { create: [{ id: `${cid}-t`, index: 0, prompt: "bulk" }] } },
    });
    await db.$executeRaw`
      INSERT INTO "Pane" (id, "comparisonId", index, "modelId", provider, "modelLabel", "logicalModel")
      SELECT ${cid} || '-p' || i, ${cid}, i, 'bulk:' || (i % 20), 'compatible', 'bulk', 'bulk' FROM generate_series(0, 99999) AS i`;
    await db.$executeRaw`
      INSERT INTO "Answer" (id, "turnId", "paneId", status, "setupMs", "ttftMs", "totalMs", "outputTokens", "costUsd")
      SELECT ${cid} || '-a' || i, ${`${cid}-t`}, ${cid} || '-p' || i,
        (CASE WHEN i % 17 = 0 THEN 'error' ELSE 'done' END)::"AnswerStatus", 3, 100 + i % 900, 2000 + i % 5000, 50 + i % 400, 0.0001 * (1 + i % 7)
      FROM generate_series(0, 99999) AS i`;
    const started = performance.now();
    const res = await board("provider=compatible");
    const ms = performance.now() - started;
    expect(res.rows.filter((r) => r.id.startsWith("bulk:"))).toHaveLength(20);
    expect(res.rows.filter((r) => r.id.startsWith("bulk:")).reduce((n, r) => n + r.answers, 0)).toBe(100_000);
    // about 0.5 s on PostgreSQL and 1 s on the embedded PGlite (WebAssembly) here; a wide margin for slow machines
    expect(ms).toBeLessThan(inject("databaseKind") === "pglite" ? 15_000 : 5_000);
  });
});
