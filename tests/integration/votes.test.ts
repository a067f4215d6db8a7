// Votes and the leaderboard, through the route handlers, on the test database.
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

const params = (cid: string) => ({ params: Promise.resolve({ id: cid }) });

/** A comparison made directly in the database: panes as [catalog id, logical model], `turns` turns. */
async function comparison(
  panes: [string, string, string?][],
  { turns = 1, ownerId = LOCAL_USER_ID, blind = false, teamId = null as string | null } = {},
): Promise<string> {
  const cid = id();
  await db.comparison.create({
    data: {
      id: cid,
      title: "votes test",
      ownerId,
      blind,
      teamId,
      panes: {
        create: panes.map(([modelId, logicalModel, provider], index) => ({
          id: id(),
          index,
          modelId,
          logicalModel,
          provider: provider ?? modelId.split(":")[0]!,
          modelLabel: modelId,
        })),
      },
      turns: { create: Array.from({ length: turns }, (_, index) => ({ id: id(), index, prompt: `turn ${index}` })) },
    },
  });
  return cid;
}

function vote(cid: string, body: unknown) {
  return api.votes.POST(
    new Request(`http://127.0.0.1/api/v1/comparisons/${cid}/votes`, { method: "POST", body: JSON.stringify(body) }),
    params(cid),
  );
}
async function myVotes(cid: string) {
  const res = await api.votes.GET(new Request(`http://127.0.0.1/api/v1/comparisons/${cid}/votes`), params(cid));
  expect(res.status).toBe(200);
  return ((await res.json()) as { votes: VoteJson[] }).votes;
}
type VoteJson = {
  id: string;
  turn: number;
  kind: string;
  blind: boolean;
  feedback: { pane: number; thumb: string | null; reasons: string[]; comment: string | null }[];
  outcomes: { paneA: number; paneB: number; modelA: string; logicalA: string; outcome: string }[];
};
type Board = {
  rows: {
    id: string;
    score: number;
    ciLow: number;
    ciHigh: number;
    rankUB: number;
    battles: number;
    wins: number;
    ties: number;
    bothBad: number;
  }[];
  unrated: string[];
  votes: number;
  groupBy: string;
  mode: string;
  rounds: number;
  seed: number;
};

async function board(query: string): Promise<{ status: number; body: Board & { error?: { code: string; field: string | null } } }> {
  const res = await api.leaderboard.GET(new Request(`http://127.0.0.1/api/v1/leaderboard?${query}`));
  return { status: res.status, body: await res.json() };
}
const counts = async () => ({ votes: await db.vote.count(), outcomes: await db.voteOutcome.count() });

const TWO: [string, string][] = [
  ["openai:gpt-4o-mini", "gpt-4o-mini"],
  ["bedrock:amazon.nova-pro-v1:0", "nova-pro"],
];

describe("votes", () => {
  it("stores a pairwise vote, and voting again on the turn replaces it (one vote, its outcomes, its feedback)", async () => {
    const cid = await comparison(TWO, { blind: true });
    const first = await vote(cid, {
      outcome: "a",
      feedback: [
        { pane: 0, thumb: "up", reasons: ["accurate", "clear", "accurate"], comment: "  Right answer.  " },
        { pane: 1, thumb: null, reasons: [], comment: "   " },
      ],
    });
    expect(first.status).toBe(201);
    const v1 = (await first.json()) as VoteJson;
    // cast before the reveal: a blind vote; the vote reveals the comparison
    expect(v1).toMatchObject({ turn: 0, kind: "pairwise", blind: true });
    expect(v1.feedback).toEqual([{ pane: 0, thumb: "up", reasons: ["accurate", "clear"], comment: "Right answer." }]);
    expect((await db.comparison.findUniqueOrThrow({ where: { id: cid } })).revealedAt).toBeInstanceOf(Date);
    expect(v1.outcomes).toEqual([
      {
        paneA: 0,
        paneB: 1,
        modelA: "openai:gpt-4o-mini",
        modelB: "bedrock:amazon.nova-pro-v1:0",
        logicalA: "gpt-4o-mini",
        logicalB: "nova-pro",
        outcome: "a",
      },
    ]);
    const second = await vote(cid, { outcome: "both_bad", feedback: [{ pane: 1, thumb: "down", reasons: ["refused"] }] });
    expect(second.status).toBe(201);
    const v2 = (await second.json()) as VoteJson;
    expect(v2.id).toBe(v1.id);
    // changed after the names were shown: now a named vote, with only the new feedback
    expect(v2).toMatchObject({ blind: false, outcomes: [expect.objectContaining({ outcome: "both_bad" })] });
    expect(v2.feedback).toEqual([{ pane: 1, thumb: "down", reasons: ["refused"], comment: null }]);
    expect(await db.answerFeedback.count({ where: { vote: { comparisonId: cid } } })).toBe(1);
    expect(await db.vote.count({ where: { comparisonId: cid } })).toBe(1);
    expect(await db.voteOutcome.count({ where: { vote: { comparisonId: cid } } })).toBe(1);
    const listed = await myVotes(cid);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.outcomes[0]!.outcome).toBe("both_bad");
  });

  it("two first votes at once on a turn leave one vote", async () => {
    const cid = await comparison(TWO);
    const results = await Promise.all([vote(cid, { outcome: "a" }), vote(cid, { outcome: "b" }), vote(cid, { outcome: "tie" })]);
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(await db.vote.count({ where: { comparisonId: cid } })).toBe(1);
    expect(await db.voteOutcome.count({ where: { vote: { comparisonId: cid } } })).toBe(1);
  });

  it("votes on the latest turn by default, or on the turn given", async () => {
    const cid = await comparison(TWO, { turns: 3 });
    expect(((await (await vote(cid, { outcome: "b" })).json()) as VoteJson).turn).toBe(2);
    expect(((await (await vote(cid, { turn: 0, outcome: "tie" })).json()) as VoteJson).turn).toBe(0);
    expect((await myVotes(cid)).map((v) => [v.turn, v.outcomes[0]!.outcome])).toEqual([
      [0, "tie"],
      [2, "b"],
    ]);
  });

  it("best of 3 gives 2 outcomes; a full ranking of 4 gives 6; a top-2 of 4 gives 5; best of 2 works", async () => {
    const three = await comparison([...TWO, ["azure:prod-4o", "gpt-4o"]]);
    const best = (await (await vote(three, { best: 1 })).json()) as VoteJson;
    expect(best.kind).toBe("best");
    expect(best.outcomes.map((o) => [o.paneA, o.paneB, o.outcome])).toEqual([
      [0, 1, "b"],
      [1, 2, "a"],
    ]);

    const four = await comparison([...TWO, ["azure:prod-4o", "gpt-4o"], ["azure:prod-41", "gpt-4.1"]]);
    const full = (await (await vote(four, { ranking: [3, 1, 0, 2] })).json()) as VoteJson;
    expect(full.outcomes.map((o) => [o.paneA, o.paneB, o.outcome])).toEqual([
      [0, 1, "b"],
      [0, 2, "a"],
      [0, 3, "b"],
      [1, 2, "a"],
      [1, 3, "b"],
      [2, 3, "b"],
    ]);
    // replacing a 6-outcome ranking with a top-2 (each listed pane beats the unlisted ones)
    const top2 = (await (await vote(four, { ranking: [2, 0] })).json()) as VoteJson;
    expect(top2.outcomes).toHaveLength(5);
    expect(await db.voteOutcome.count({ where: { vote: { comparisonId: four } } })).toBe(5);

    const two = await comparison(TWO);
    const bestOfTwo = (await (await vote(two, { best: 1 })).json()) as VoteJson;
    expect(bestOfTwo.outcomes.map((o) => [o.paneA, o.paneB, o.outcome])).toEqual([[0, 1, "b"]]);
  });

  it("rejects bad input with a 400 naming the field (or 404), storing nothing", async () => {
    const two = await comparison(TWO);
    const three = await comparison([...TWO, ["azure:prod-4o", "gpt-4o"]]);
    await db.user.upsert({ where: { id: "votes-someone-else" }, create: { id: "votes-someone-else" }, update: {} });
    const theirs = await comparison(TWO, { ownerId: "votes-someone-else" });
    await vote(three, { best: 0 });
    const before = await counts();
    const cases: [string, unknown, number, string | null][] = [
      [theirs, { outcome: "a" }, 404, null],
      ["no-such-comparison-id", { outcome: "a" }, 404, null],
      [two, { turn: 5, outcome: "a" }, 400, "turn"],
      [two, { turn: -1, outcome: "a" }, 400, "turn"],
      [three, { outcome: "a" }, 400, "outcome"],
      [two, { outcome: "c" }, 400, "outcome"],
      [two, {}, 400, "outcome"],
      [two, { outcome: "a", best: 0 }, 400, "best"],
      [three, { best: 3 }, 400, "best"],
      [three, { best: 1.5 }, 400, "best"],
      [three, { ranking: [0, 0, 1] }, 400, "ranking.1"],
      [three, { ranking: [0, 7] }, 400, "ranking.1"],
      [three, { ranking: [1] }, 400, "ranking"],
      [three, { ranking: "0,1" }, 400, "ranking"],
      [three, { best: 0, blind: true }, 400, null],
      [three, { best: 0, feedback: [{ pane: 3, thumb: "up" }] }, 400, "feedback.0.pane"],
      [three, { best: 0, feedback: [{ pane: 0, thumb: "meh" }] }, 400, "feedback.0.thumb"],
      [three, { best: 0, feedback: [{ pane: 0, reasons: ["vibes"] }] }, 400, "feedback.0.reasons.0"],
      [three, { best: 0, feedback: [{ pane: 0, comment: "x".repeat(2001) }] }, 400, "feedback.0.comment"],
      [three, { best: 0, feedback: [{ pane: 0 }, { pane: 0, thumb: "up" }] }, 400, "feedback"],
      [three, { best: 0, feedback: { pane: 0 } }, 400, "feedback"],
      [three, { best: 0, extra: 1 }, 400, null],
    ];
    for (const [cid, body, status, field] of cases) {
      const res = await vote(cid, body);
      const json = (await res.json()) as { error: { code: string; message: string; field: string | null } };
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(json.error.message.length).toBeGreaterThan(5);
      if (status === 400) expect({ body, field: json.error.field }).toEqual({ body, field });
    }
    const invalidJson = await api.votes.POST(new Request("http://127.0.0.1", { method: "POST", body: "{" }), params(two));
    expect(invalidJson.status).toBe(400);
    expect(await counts()).toEqual(before);
    // the stored best-of-3 vote is untouched
    expect((await myVotes(three))[0]!.outcomes).toHaveLength(2);
    // someone else's comparison: its votes are not listed either
    expect((await api.votes.GET(new Request("http://127.0.0.1"), params(theirs))).status).toBe(404);
  });
});

describe("leaderboard", () => {
  // models of their own, so other tests' votes do not matter
  const A1: [string, string] = ["lb:a1", "lb-a"];
  const A2: [string, string] = ["lb:a2", "lb-a"];
  const B: [string, string] = ["lb:b", "lb-b"];
  const C: [string, string] = ["lb:c", "lb-c"];
  const N: [string, string] = ["lb:named", "lb-named"];

  beforeAll(async () => {
    // blind votes: mixed results among a1, a2, b, c
    const plan: [[string, string][], unknown][] = [];
    for (let i = 0; i < 6; i++) plan.push([[A1, B, C], { ranking: [0, 1, 2] }]);
    for (let i = 0; i < 3; i++) plan.push([[A2, B, C], { ranking: [1, 0, 2] }]);
    for (let i = 0; i < 3; i++) plan.push([[C, A1], { outcome: "a" }]);
    for (let i = 0; i < 2; i++) plan.push([[B, C], { outcome: "tie" }]);
    plan.push([[A1, A2], { outcome: "a" }]);
    plan.push([[B, A2], { outcome: "both_bad" }]);
    for (const [panes, body] of plan) {
      const res = await vote(await comparison(panes, { blind: true }), body);
      expect(res.status).toBe(201);
    }
    // named votes: only these involve lb:named
    for (let i = 0; i < 3; i++) expect((await vote(await comparison([N, B]), { outcome: "a" })).status).toBe(201);
  });

  const mine = (b: Board, prefix: string) => b.rows.filter((r) => r.id.startsWith(prefix));

  it("is reproducible with a seed and differs with another seed", async () => {
    const one = await board("rounds=300&seed=7&groupBy=deployment");
    const again = await board("rounds=300&seed=7&groupBy=deployment");
    const other = await board("rounds=300&seed=8&groupBy=deployment");
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ groupBy: "deployment", mode: "blind", rounds: 300, seed: 7 });
    expect(again.body).toEqual(one.body);
    expect(mine(one.body, "lb:").length).toBe(4);
    expect(other.body.rows.map((r) => r.score)).toEqual(one.body.rows.map((r) => r.score)); // the fit does not depend on the seed
    expect(other.body.rows.map((r) => [r.ciLow, r.ciHigh])).not.toEqual(one.body.rows.map((r) => [r.ciLow, r.ciHigh]));
    const a1 = one.body.rows.find((r) => r.id === "lb:a1")!;
    expect(a1).toMatchObject({ battles: 6 * 2 + 3 + 1, wins: 6 * 2 + 1 });
    expect(a1.ciLow).toBeLessThanOrEqual(a1.score);
    expect(a1.ciHigh).toBeGreaterThanOrEqual(a1.score);
    const defaults = await board("");
    expect(defaults.body).toMatchObject({ groupBy: "model", mode: "blind", rounds: 1000, seed: 1 });
  });

  it("leaves named votes out by default, and counts them with mode=all or mode=named", async () => {
    const blind = await board("rounds=50&groupBy=deployment");
    expect(blind.body.rows.map((r) => r.id)).not.toContain("lb:named");
    const all = await board("rounds=50&groupBy=deployment&mode=all");
    expect(all.body.rows.find((r) => r.id === "lb:named")).toMatchObject({ battles: 3, wins: 3 });
    expect(all.body.votes).toBeGreaterThanOrEqual(blind.body.votes + 3);
    const named = await board("rounds=50&groupBy=deployment&mode=named");
    expect(named.body.rows.map((r) => r.id)).toContain("lb:named");
    expect(named.body.rows.map((r) => r.id)).not.toContain("lb:c");
    expect(named.body.rows.find((r) => r.id === "lb:b")).toMatchObject({ battles: 3, wins: 0 });
  });

  it("groups by logical model or by deployment", async () => {
    const byModel = await board("rounds=50&groupBy=model");
    const byDeployment = await board("rounds=50&groupBy=deployment");
    expect(
      mine(byModel.body, "lb")
        .map((r) => r.id)
        .sort(),
    ).toEqual(["lb-a", "lb-b", "lb-c"]);
    expect(
      mine(byDeployment.body, "lb")
        .map((r) => r.id)
        .sort(),
    ).toEqual(["lb:a1", "lb:a2", "lb:b", "lb:c"]);
    // a1 vs a2 is the same logical model: left out when grouping by model
    const a = byModel.body.rows.find((r) => r.id === "lb-a")!;
    const [a1, a2] = ["lb:a1", "lb:a2"].map((k) => byDeployment.body.rows.find((r) => r.id === k)!);
    expect(a.battles).toBe(a1!.battles + a2!.battles - 2);
    // catalog models without votes are listed as unrated, by the same key
    expect(byModel.body.unrated).toContain("gpt-4.1");
    expect(byDeployment.body.unrated).toContain("azure:prod-41");
  });

  it("filters by provider: only battles where both models run on the chosen providers", async () => {
    // an OpenAI-compatible model's id names its endpoint, not its provider
    const [o, a, b, c]: [string, string, string?][] = [
      ["openai:pf-1", "pf-1"],
      ["azure:pf-2", "pf-2"],
      ["bedrock:pf-3", "pf-3"],
      ["ollama:pf-4", "pf-4", "compatible"],
    ];
    for (const panes of [
      [o, a],
      [o, b],
      [a, b],
      [o, a],
      [c, o],
    ])
      expect((await vote(await comparison(panes, { blind: true }), { outcome: "a" })).status).toBe(201);
    const pf = (body: Board) => body.rows.filter((r) => r.id.includes(":pf-")).map((r) => [r.id, r.battles]);
    const all = await board("rounds=20&groupBy=deployment");
    expect(pf(all.body).sort()).toEqual([
      ["azure:pf-2", 3],
      ["bedrock:pf-3", 2],
      ["ollama:pf-4", 1],
      ["openai:pf-1", 4],
    ]);
    const oc = await board("rounds=20&groupBy=deployment&provider=compatible,openai");
    expect(pf(oc.body).sort()).toEqual([
      ["ollama:pf-4", 1],
      ["openai:pf-1", 1],
    ]);
    const oa = await board("rounds=20&groupBy=deployment&provider=openai,azure");
    expect(oa.status).toBe(200);
    expect(pf(oa.body).sort()).toEqual([
      ["azure:pf-2", 2],
      ["openai:pf-1", 2],
    ]);
    // nothing from the lb: models (their provider "lb" was not chosen)
    expect(oa.body.rows.some((r) => r.id.startsWith("lb:"))).toBe(false);
  });

  it("a team's leaderboard counts only votes on the team's comparisons, for its members", async () => {
    const team = id();
    const stranger = id();
    await db.team.create({ data: { id: team, name: "LB team", members: { create: [{ userId: LOCAL_USER_ID, role: "member" }] } } });
    await db.team.create({ data: { id: stranger, name: "Not mine" } });
    const [x, y]: [string, string][] = [
      ["openai:tm-x", "tm-x"],
      ["azure:tm-y", "tm-y"],
    ];
    for (let i = 0; i < 3; i++)
      expect((await vote(await comparison([x, y], { blind: true, teamId: team }), { outcome: "b" })).status).toBe(201);
    expect((await vote(await comparison([x, y], { blind: true }), { outcome: "a" })).status).toBe(201);
    const tm = (b: Board) =>
      b.rows
        .filter((r) => r.id.includes(":tm-"))
        .map((r) => [r.id, r.wins])
        .sort();
    expect(tm((await board("rounds=20&groupBy=deployment")).body)).toEqual([
      ["azure:tm-y", 3],
      ["openai:tm-x", 1],
    ]);
    const mine = await board(`rounds=20&groupBy=deployment&team=${team}`);
    expect(mine.status).toBe(200);
    expect(tm(mine.body)).toEqual([
      ["azure:tm-y", 3],
      ["openai:tm-x", 0],
    ]);
    expect(mine.body.rows.every((r) => r.id.includes(":tm-"))).toBe(true);
    expect((await board(`team=${stranger}`)).status).toBe(404);
    expect((await board("team=bad!")).status).toBe(400);
  });

  it("filters by date and rejects bad query values", async () => {
    const future = await board("rounds=50&from=2999-01-01");
    expect(future.body).toMatchObject({ rows: [], votes: 0 });
    const today = new Date().toISOString().slice(0, 10);
    const upToToday = await board(`rounds=50&groupBy=deployment&to=${today}`);
    expect(mine(upToToday.body, "lb:").length).toBe(4);
    const past = await board(`rounds=50&to=2000-01-01T00:00:00Z`);
    expect(past.body.votes).toBe(0);
    for (const [q, field] of [
      ["groupBy=team", "groupBy"],
      ["mode=secret", "mode"],
      ["rounds=0", "rounds"],
      ["rounds=5001", "rounds"],
      ["rounds=abc", "rounds"],
      ["seed=1.5", "seed"],
      ["from=yesterday", "from"],
      ["from=2026-02-01&to=2026-01-01", "to"],
      ["provider=gcp", "provider.0"],
      ["provider=openai,gcp", "provider.1"],
      ["provider=,", "provider"],
      ["colour=red", null],
    ] as const) {
      const res = await board(q);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect({ q, field: res.body.error!.field }).toEqual({ q, field });
    }
  });
});
