// `provisional` and `minBattles` through GET /api/v1/leaderboard on the test database, with votes
// cast through the votes route (comparisons made directly in the database, every pane answered),
// and the vote-level bootstrap seen through the same route: a vote on four panes counts once.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { newId as id } from "@/lib/ids";

let api: {
  votes: typeof import("@/app/api/v1/comparisons/[id]/votes/route");
  leaderboard: typeof import("@/app/api/v1/leaderboard/route");
};
let db: import("@/lib/generated/prisma/client").PrismaClient;

beforeAll(async () => {
  // no provider is called here: the emulator URL is only there to make a valid environment
  Object.assign(process.env, emulatorEnv("http://127.0.0.1:9"), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  api = {
    votes: await import("@/app/api/v1/comparisons/[id]/votes/route"),
    leaderboard: await import("@/app/api/v1/leaderboard/route"),
  };
  db = (await import("@/lib/db")).getDb();
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
});

/** A blind comparison of one turn made in the database, every pane with a finished answer. */
async function comparison(models: string[]): Promise<string> {
  const cid = id();
  const turnId = id();
  const paneIds = models.map(() => id());
  await db.comparison.create({
    data: {
      id: cid,
      title: "provisional test",
      ownerId: LOCAL_USER_ID,
      blind: true,
      panes: {
        create: models.map((modelId, index) => ({
          id: paneIds[index]!,
          index,
          modelId,
          logicalModel: modelId.split(":")[1]!,
          provider: modelId.split(":")[0]!,
          modelLabel: modelId,
        })),
      },
      turns: { create: [{ id: turnId, index: 0, prompt: "Which is best?" }] },
    },
  });
  await db.answer.createMany({
    data: paneIds.map((paneId, i) => ({ id: id(), turnId, paneId, status: "done" as const, text: `Answer ${i}`, finishedAt: new Date() })),
  });
  return cid;
}

async function vote(models: string[], body: unknown) {
  const cid = await comparison(models);
  const res = await api.votes.POST(
    new Request(`http://127.0.0.1/api/v1/comparisons/${cid}/votes`, { method: "POST", body: JSON.stringify(body) }),
    { params: Promise.resolve({ id: cid }) },
  );
  expect(res.status).toBe(201);
}

type Row = {
  id: string;
  score: number;
  ciLow: number | null;
  ciHigh: number | null;
  rankUB: number;
  battles: number;
  votes: number;
  provisional: boolean;
  unbounded: boolean;
  wins: number;
};
type Board = { rows: Row[]; minBattles: number; error?: { code: string; field: string | null; message: string } };

async function board(query: string): Promise<{ status: number; body: Board }> {
  const res = await api.leaderboard.GET(new Request(`http://127.0.0.1/api/v1/leaderboard?${query}`));
  return { status: res.status, body: (await res.json()) as Board };
}
const rowsOf = (b: Board, prefix: string) => b.rows.filter((r) => r.id.startsWith(prefix));

describe("provisional rows and minBattles", () => {
  // models of their own (provider "pv"), so other test files' votes do not matter
  const [P, Q, R] = ["pv:p", "pv:q", "pv:r"];

  beforeAll(async () => {
    // P and Q: 12 pairwise votes between them, both ways (a finite, bounded fit)
    for (let i = 0; i < 12; i++) await vote([P, Q], { outcome: i % 3 === 0 ? "b" : "a" });
    // R: 3 votes on three panes (P, Q, R): R best; P > R > Q; P best. 5 pairwise outcomes for R (a
    // "best" gives the winner one per other pane and the others one each), but 3 votes
    await vote([R, P, Q], { best: 0 });
    await vote([P, Q, R], { ranking: [0, 2, 1] });
    await vote([P, R, Q], { best: 0 });
  });

  it("marks rows with fewer votes than minBattles (default 10) as provisional, counting votes, not battles", async () => {
    const { status, body } = await board("groupBy=deployment&rounds=200");
    expect(status).toBe(200);
    expect(body.minBattles).toBe(10);
    const [p, q, r] = [P, Q, R].map((k) => body.rows.find((x) => x.id === k)!);
    expect(p).toMatchObject({ votes: 15, battles: 12 + 1 + 2 + 2, provisional: false });
    expect(q).toMatchObject({ votes: 15, provisional: false });
    // three votes on three panes: 5 pairwise outcomes (battles), but 3 pieces of evidence
    expect(r).toMatchObject({ votes: 3, battles: 5, provisional: true });
    // the order stays the score order, provisional rows included
    const scores = rowsOf(body, "pv:").map((x) => x.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });

  it("follows the minBattles parameter", async () => {
    const three = await board("groupBy=deployment&rounds=50&minBattles=3");
    expect(three.status).toBe(200);
    expect(three.body.minBattles).toBe(3);
    expect(
      rowsOf(three.body, "pv:")
        .map((x) => [x.id, x.provisional])
        .sort(),
    ).toEqual([
      [P, false],
      [Q, false],
      [R, false],
    ]);
    const many = await board("groupBy=deployment&rounds=50&minBattles=16");
    expect(rowsOf(many.body, "pv:").every((x) => x.provisional)).toBe(true);
    const edge = await board("groupBy=deployment&rounds=50&minBattles=15");
    expect(edge.body.rows.find((x) => x.id === P)!.provisional).toBe(false); // 15 votes, needs 15: not provisional
    expect((await board("groupBy=deployment&rounds=50&minBattles=1000")).status).toBe(200);
  });

  it("rejects a bad minBattles with a 400 naming the field", async () => {
    for (const q of ["minBattles=0", "minBattles=abc", "minBattles=1001", "minBattles=2.5", "minBattles=-3", "minBattles="]) {
      const res = await board(q);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect({ q, field: res.body.error!.field }).toEqual({ q, field: "minBattles" });
      expect(res.body.error!.message).toMatch(/minBattles must be a whole number from 1 to 1000/);
    }
  });
});

describe("the bootstrap resamples votes", () => {
  it("one 'best of four' vote: every interval open, every row Rank (UB) 1, provisional", async () => {
    const four = ["b4:w", "b4:x", "b4:y", "b4:z"];
    await vote(four, { best: 2 }); // b4:y is best
    const { body } = await board("groupBy=deployment&rounds=300");
    const rows = rowsOf(body, "b4:");
    expect(rows.map((r) => r.id)[0]).toBe("b4:y");
    expect(rows.find((r) => r.id === "b4:y")).toMatchObject({ votes: 1, battles: 3, wins: 3 });
    for (const r of rows) {
      // the score is capped (no finite maximum-likelihood estimate), so no interval and no separation
      expect(r).toMatchObject({ unbounded: true, ciLow: null, ciHigh: null, rankUB: 1, provisional: true, votes: 1 });
    }
  });
});
