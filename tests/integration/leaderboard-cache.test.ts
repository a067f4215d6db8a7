// The leaderboard's fit is cached per data version (lib/workers/cache.ts, computed in a worker
// thread): the same data gives the cached board; a new vote, a recast vote and a comparison moved
// to the trash each give the new numbers at once. Votes through the votes route, on comparisons
// made in the database (models of their own, provider "lc", so other files' votes do not matter).
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
      title: "cache test",
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

type Row = { id: string; score: number; votes: number; wins: number; losses: number };
type Board = { rows: Row[]; votes: number };

async function board(): Promise<Board> {
  const res = await api.leaderboard.GET(new Request("http://127.0.0.1/api/v1/leaderboard?groupBy=deployment&mode=all&rounds=300"));
  expect(res.status).toBe(200);
  return (await res.json()) as Board;
}
const row = (b: Board, k: string) => b.rows.find((r) => r.id === k);

async function castOn(cid: string, body: unknown) {
  const res = await api.votes.POST(
    new Request(`http://127.0.0.1/api/v1/comparisons/${cid}/votes`, { method: "POST", body: JSON.stringify(body) }),
    { params: Promise.resolve({ id: cid }) },
  );
  expect(res.status).toBe(201);
}

describe("leaderboard cache per data version", () => {
  const [A, B] = ["lc:a", "lc:b"];

  it("gives the same board for the same data and new numbers after each change", async () => {
    const cids: string[] = [];
    for (let i = 0; i < 4; i++) {
      cids.push(await comparison([A, B]));
      await castOn(cids[i]!, { outcome: i === 0 ? "b" : "a" });
    }
    const first = await board();
    expect(row(first, A)).toMatchObject({ votes: 4, wins: 3, losses: 1 });
    // same data: the same numbers (from the cache)
    expect(await board()).toEqual(first);

    // a new vote
    const fifth = await comparison([A, B]);
    await castOn(fifth, { outcome: "b" });
    const second = await board();
    expect(row(second, A)).toMatchObject({ votes: 5, wins: 3, losses: 2 });

    // a recast vote (as many votes and outcomes as before, another outcome)
    await castOn(fifth, { outcome: "a" });
    expect(row(await board(), A)).toMatchObject({ votes: 5, wins: 4, losses: 1 });

    // a comparison moved to the trash counts for nothing
    await db.comparison.update({ where: { id: cids[0]! }, data: { deletedAt: new Date() } });
    expect(row(await board(), A)).toMatchObject({ votes: 4, wins: 4, losses: 0 });
  });
});
