// GET /api/v1/leaderboard?style=control on the test database: votes cast through the votes route on
// a team's comparisons (the team keeps other test files' votes out) whose answers differ in style,
// voters swayed by length only. The style fit reads the stored answer texts.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { newId as id } from "@/lib/ids";
import { createRng } from "@/lib/ratings";

let api: {
  votes: typeof import("@/app/api/v1/comparisons/[id]/votes/route");
  leaderboard: typeof import("@/app/api/v1/leaderboard/route");
};
let db: import("@/lib/generated/prisma/client").PrismaClient;
const teamId = id();

beforeAll(async () => {
  Object.assign(process.env, emulatorEnv("http://127.0.0.1:9"), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  api = {
    votes: await import("@/app/api/v1/comparisons/[id]/votes/route"),
    leaderboard: await import("@/app/api/v1/leaderboard/route"),
  };
  db = (await import("@/lib/db")).getDb();
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
  await db.team.create({ data: { id: teamId, name: "style control", members: { create: { userId: LOCAL_USER_ID, role: "owner" } } } });
});

/** An answer of about `words` words with the given markdown; the filler is plain prose. */
function answerText(words: number, headers: number, items: number, bold: number): string {
  const parts: string[] = [];
  for (let h = 0; h < headers; h++) parts.push(`## Section ${h + 1}`);
  parts.push(Array.from({ length: words }, (_, w) => (w < bold ? `**point${w}**` : "word")).join(" "));
  if (items > 0) parts.push(Array.from({ length: items }, (_, i) => `- item ${i + 1}`).join("\n"));
  // markdown inside a code block counts for nothing
  parts.push("```\n# not a header\n- not an item\n```");
  return parts.join("\n\n");
}

/** A blind two-pane comparison of the team, answered with these texts, voted through the route. */
async function votedComparison(models: [string, string], texts: [string, string], outcome: string) {
  const cid = id();
  const turnId = id();
  const paneIds = [id(), id()];
  await db.comparison.create({
    data: {
      id: cid,
      title: "style test",
      ownerId: LOCAL_USER_ID,
      teamId,
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
      turns: { create: [{ id: turnId, index: 0, prompt: "Explain." }] },
    },
  });
  await db.answer.createMany({
    data: paneIds.map((paneId, i) => ({ id: id(), turnId, paneId, status: "done" as const, text: texts[i]!, finishedAt: new Date() })),
  });
  const res = await api.votes.POST(
    new Request(`http://127.0.0.1/api/v1/comparisons/${cid}/votes`, { method: "POST", body: JSON.stringify({ outcome }) }),
    { params: Promise.resolve({ id: cid }) },
  );
  expect(res.status).toBe(201);
}

type Interval = { coef: number | null; ciLow: number | null; ciHigh: number | null };
type Row = {
  id: string;
  score: number;
  ciLow: number | null;
  ciHigh: number | null;
  votes: number;
  wins: number;
  losses: number;
  ties: number;
};
type Board = {
  rows: Row[];
  style?: Record<string, Interval>;
  styleFit?: { converged: boolean; outcomes: number };
  error?: { code: string; field: string | null; message: string };
};

async function board(query: string): Promise<{ status: number; body: Board }> {
  const res = await api.leaderboard.GET(new Request(`http://127.0.0.1/api/v1/leaderboard?${query}`));
  return { status: res.status, body: (await res.json()) as Board };
}

describe("style control through the API", () => {
  // "st:verbose" writes long answers, "st:terse" short ones, "st:plain" in between; the three are
  // equally good: voters prefer the relatively longer answer (log-odds 1.5 x the normalised length
  // difference), whatever the model. Markdown varies at random and does not sway them.
  const models = ["st:verbose", "st:terse", "st:plain"];
  const habit = [240, 60, 120];
  const VOTES = 120;

  beforeAll(async () => {
    const rng = createRng("style-integration");
    const pick = (n: number) => Math.floor(rng.next() * n);
    for (let v = 0; v < VOTES; v++) {
      const a = pick(3);
      const b = (a + 1 + pick(2)) % 3;
      const words = [a, b].map((m) => Math.round(habit[m]! * (0.5 + rng.next()))) as [number, number];
      const texts = words.map((w) => answerText(w, pick(3), pick(5), pick(4))) as [string, string];
      const d = (texts[0].length - texts[1].length) / (texts[0].length + texts[1].length);
      const p = 1 / (1 + Math.exp(-1.5 * d * 3));
      await votedComparison([models[a]!, models[b]!], texts, rng.next() < p ? "a" : "b");
    }
  }, 120_000);

  it("reports the style coefficients beside the rows, with the length effect found", async () => {
    const { status, body } = await board(`team=${teamId}&style=control&groupBy=deployment&rounds=300`);
    expect(status).toBe(200);
    expect(Object.keys(body.style!).sort()).toEqual(["bold", "headers", "length", "lists"]);
    expect(body.styleFit).toEqual({ converged: true, outcomes: VOTES });
    const { length, headers, lists, bold } = body.style!;
    expect(length!.coef).toBeGreaterThan(0);
    expect(length!.ciLow).toBeGreaterThan(0);
    for (const s of [headers, lists, bold]) {
      expect(s!.ciLow!).toBeLessThan(s!.coef!);
      expect(s!.ciHigh!).toBeGreaterThan(s!.coef!);
    }
  });

  it("keeps the plain board's rows (shape and tallies), with style-adjusted scores closer together", async () => {
    const plain = await board(`team=${teamId}&groupBy=deployment&rounds=300`);
    const styled = await board(`team=${teamId}&style=control&groupBy=deployment&rounds=300`);
    expect(plain.body.style).toBeUndefined();
    expect(styled.body.rows.map((r) => r.id).sort()).toEqual([...models].sort());
    for (const row of styled.body.rows) {
      const p = plain.body.rows.find((r) => r.id === row.id)!;
      expect(Object.keys(row).sort()).toEqual(Object.keys(p).sort());
      expect([row.votes, row.wins, row.losses, row.ties]).toEqual([p.votes, p.wins, p.losses, p.ties]);
      expect(row.ciLow!).toBeLessThan(row.score);
      expect(row.ciHigh!).toBeGreaterThan(row.score);
    }
    const gap = (b: Board) => b.rows.find((r) => r.id === "st:verbose")!.score - b.rows.find((r) => r.id === "st:terse")!.score;
    // on the plain board length makes the verbose model look better; with style held equal it is not
    expect(gap(plain.body)).toBeGreaterThan(50);
    expect(Math.abs(gap(styled.body))).toBeLessThan(gap(plain.body) / 2);
  });

  it("style=none is the plain board; a bad value is a 400 naming the field", async () => {
    const none = await board(`team=${teamId}&style=none&groupBy=deployment&rounds=50`);
    const dflt = await board(`team=${teamId}&groupBy=deployment&rounds=50`);
    expect(none.body).toEqual(dflt.body);
    const bad = await board("style=yes");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: "style", message: 'style must be "control" or "none".' });
  });

  it("style=control on another team's votes is a 404, as for the plain board", async () => {
    const other = id();
    await db.team.create({ data: { id: other, name: "not mine" } });
    expect((await board(`team=${other}&style=control`)).status).toBe(404);
  });
});
