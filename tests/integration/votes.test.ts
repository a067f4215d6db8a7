// Votes and the leaderboard, through the route handlers, on the test database.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { newId as id } from "@/lib/ids";

let api: {
  votes: typeof import("@/app/api/v1/comparisons/[id]/votes/route");
  feedback: typeof import("@/app/api/v1/comparisons/[id]/feedback/route");
  leaderboard: typeof import("@/app/api/v1/leaderboard/route");
};
let db: import("@/lib/generated/prisma/client").PrismaClient;

beforeAll(async () => {
  // no provider is called here: the emulator URL is only there to make a valid environment
  Object.assign(process.env, emulatorEnv("http://127.0.0.1:9"), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  api = {
    votes: await import("@/app/api/v1/comparisons/[id]/votes/route"),
    feedback: await import("@/app/api/v1/comparisons/[id]/feedback/route"),
    leaderboard: await import("@/app/api/v1/leaderboard/route"),
  };
  db = (await import("@/lib/db")).getDb();
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
});

const params = (cid: string) => ({ params: Promise.resolve({ id: cid }) });

/** How a pane's answer ended when it has no text (`noText`); every other pane answered every turn. */
type NoText = { status: "error" | "stopped" | "done"; text?: string };

/**
 * A comparison made directly in the database: panes as [catalog id, logical model], `turns` turns,
 * each pane's answer done with some text, except the panes in `noText` (by index, in every turn):
 * a 429 before any text (status error), a stop before any text, or an empty "done".
 */
async function comparison(
  panes: [string, string, string?][],
  { turns = 1, ownerId = LOCAL_USER_ID, blind = false, teamId = null as string | null, noText = {} as Record<number, NoText> } = {},
): Promise<string> {
  const cid = id();
  const made = await db.comparison.create({
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
    select: { panes: { select: { id: true, index: true } }, turns: { select: { id: true } } },
  });
  await db.answer.createMany({
    data: made.turns.flatMap((t) =>
      made.panes.map((p) => {
        const missing = noText[p.index];
        const failed = missing?.status === "error";
        return {
          id: id(),
          turnId: t.id,
          paneId: p.id,
          status: missing?.status ?? ("done" as const),
          text: missing ? (missing.text ?? "") : `Answer of pane ${p.index}`,
          ...(failed
            ? { errorCode: "rate_limited", errorStatus: 429, errorMessage: "Azure OpenAI rate-limited prod-mini (429): Too Many Requests" }
            : {}),
        };
      }),
    ),
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
    expect(await db.answerFeedback.count({ where: { turn: { comparisonId: cid } } })).toBe(1);
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

type ErrorJson = { error: { code: string; message: string; field: string | null } };

describe("a vote cannot crown a missing answer", () => {
  const THREE: [string, string][] = [...TWO, ["azure:prod-4o", "gpt-4o"]];

  it("refuses (409 answer_missing, naming the field) a winner, best or higher-ranked pane without an answer; stores nothing", async () => {
    const failed = await comparison(TWO, { noText: { 1: { status: "error" } } });
    const three = await comparison(THREE, { noText: { 1: { status: "error" } } });
    const stoppedEmpty = await comparison(TWO, { noText: { 0: { status: "stopped" } } });
    const emptyDone = await comparison(TWO, { noText: { 0: { status: "done", text: " \n " } } });
    const before = await counts();
    const cases: [string, unknown, string, RegExp][] = [
      [
        failed,
        { outcome: "b" },
        "outcome",
        /^Pane B has no answer \(it failed: Azure OpenAI rate-limited prod-mini \(429\).*\); you cannot vote it better\. Choose Tie or Both are bad/,
      ],
      [failed, { best: 1 }, "best", /^Pane B has no answer \(it failed.*429.*\); you cannot vote it best\./],
      [three, { best: 1 }, "best", /^Pane B has no answer .*Choose another pane/],
      [three, { ranking: [0, 1, 2] }, "ranking.1", /^Pane B has no answer .*you cannot rank it above another pane/],
      [three, { ranking: [1, 0] }, "ranking.0", /^Pane B has no answer/],
      [stoppedEmpty, { outcome: "a" }, "outcome", /^Pane A has no answer \(it was stopped before any text\)/],
      [emptyDone, { best: 0 }, "best", /^Pane A has no answer \(it ended without any text\)/],
    ];
    for (const [cid, body, field, message] of cases) {
      const res = await vote(cid, body);
      const json = (await res.json()) as ErrorJson;
      expect({ body, status: res.status, code: json.error.code, field: json.error.field }).toEqual({
        body,
        status: 409,
        code: "answer_missing",
        field,
      });
      expect(json.error.message).toMatch(message);
    }
    expect(await counts()).toEqual(before);
  });

  it("allows Tie, Both are bad, the answered pane, and a missing answer ranked last or left out", async () => {
    const failed = await comparison(TWO, { noText: { 1: { status: "error" } } });
    for (const outcome of ["tie", "both_bad", "a"]) expect((await vote(failed, { outcome })).status).toBe(201);
    expect((await vote(failed, { best: 0 })).status).toBe(201);
    const three = await comparison(THREE, { noText: { 1: { status: "error" } } });
    expect((await vote(three, { best: 2 })).status).toBe(201);
    expect((await vote(three, { ranking: [0, 2, 1] })).status).toBe(201);
    expect((await vote(three, { ranking: [2, 0] })).status).toBe(201);
    // a pane stopped after some text has an answer
    const partial = await comparison(TWO, { noText: { 1: { status: "stopped", text: "Half an ans" } } });
    expect((await vote(partial, { outcome: "b" })).status).toBe(201);
  });

  it("a blind comparison's refusal does not quote the provider's error (it names the cloud), and does not reveal", async () => {
    const cid = await comparison(TWO, { blind: true, noText: { 0: { status: "error" } } });
    const res = await vote(cid, { outcome: "a" });
    expect(res.status).toBe(409);
    const { error } = (await res.json()) as ErrorJson;
    expect(error.message).toMatch(/^Pane A has no answer \(it failed \(429\)\)/);
    expect(error.message).not.toMatch(/azure|prod-mini/i);
    expect((await db.comparison.findUniqueOrThrow({ where: { id: cid } })).revealedAt).toBeNull();
  });
});

describe("stored votes that credit a missing answer", () => {
  const OK: [string, string] = ["openai:mv-ok", "mv-ok"];
  const GONE: [string, string] = ["azure:mv-gone", "mv-gone"];
  const OTHER: [string, string] = ["bedrock:mv-other", "mv-other"];

  /** A vote stored directly (as one cast before the rule could be), with its outcomes. */
  async function storedVote(cid: string, input: object, outcomes: [number, number, string][]) {
    const c = await db.comparison.findUniqueOrThrow({
      where: { id: cid },
      select: { panes: { orderBy: { index: "asc" } }, turns: { select: { id: true } } },
    });
    await db.vote.create({
      data: {
        id: id(),
        comparisonId: cid,
        turnId: c.turns[0]!.id,
        voterId: LOCAL_USER_ID,
        blind: true,
        kind: "outcome" in input ? "pairwise" : "ranking",
        input,
        outcomes: {
          create: outcomes.map(([a, b, outcome]) => ({
            id: id(),
            paneA: a,
            paneB: b,
            modelA: c.panes[a]!.modelId,
            modelB: c.panes[b]!.modelId,
            logicalA: c.panes[a]!.logicalModel,
            logicalB: c.panes[b]!.logicalModel,
            providerA: c.panes[a]!.provider,
            providerB: c.panes[b]!.provider,
            outcome,
          })),
        },
      },
    });
  }

  it("are left out of the leaderboard (ties with a failed pane still count)", async () => {
    const rows = async () => {
      const b = await board("rounds=20&groupBy=deployment");
      return { votes: b.body.votes, mine: b.body.rows.filter((r) => r.id.includes(":mv-")).map((r) => [r.id, r.battles, r.wins, r.ties]) };
    };
    const start = await rows();
    expect(start.mine).toEqual([]);
    // the failed pane B crowned: a pairwise "b", and a ranking with B above C
    await storedVote(await comparison([OK, GONE], { blind: true, noText: { 1: { status: "error" } } }), { outcome: "b" }, [[0, 1, "b"]]);
    await storedVote(await comparison([OK, GONE, OTHER], { blind: true, noText: { 1: { status: "error" } } }), { ranking: [0, 1, 2] }, [
      [0, 1, "a"],
      [0, 2, "a"],
      [1, 2, "a"],
    ]);
    const after = await rows();
    expect(after).toEqual(start);
    // a tie with the failed pane credits nobody: counted
    await storedVote(await comparison([OK, GONE], { blind: true, noText: { 1: { status: "error" } } }), { outcome: "tie" }, [
      [0, 1, "tie"],
    ]);
    const withTie = await rows();
    expect(withTie.votes).toBe(start.votes + 1);
    expect(withTie.mine.sort()).toEqual([
      ["azure:mv-gone", 1, 0, 1],
      ["openai:mv-ok", 1, 0, 1],
    ]);
  });
});

describe("answer feedback, saved without a vote", () => {
  function put(cid: string, body: unknown) {
    return api.feedback.PUT(
      new Request(`http://127.0.0.1/api/v1/comparisons/${cid}/feedback`, { method: "PUT", body: JSON.stringify(body) }),
      params(cid),
    );
  }
  async function listed(cid: string) {
    const res = await api.feedback.GET(new Request(`http://127.0.0.1/api/v1/comparisons/${cid}/feedback`), params(cid));
    expect(res.status).toBe(200);
    return (
      (await res.json()) as { feedback: { turn: number; pane: number; thumb: string | null; reasons: string[]; comment: string | null }[] }
    ).feedback;
  }
  const plain = (f: { turn: number; pane: number; thumb: string | null; reasons: string[]; comment: string | null }) => ({
    turn: f.turn,
    pane: f.pane,
    thumb: f.thumb,
    reasons: f.reasons,
    comment: f.comment,
  });

  it("stores each click, keeps the fields not sent, lists them back (GET after PUT), and clears empty feedback", async () => {
    const cid = await comparison(TWO, { turns: 2 });
    const first = await put(cid, { pane: 0, thumb: "up", reasons: ["clear", "clear"] });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      turn: 1,
      pane: 0,
      thumb: "up",
      reasons: ["clear"],
      comment: null,
      updatedAt: expect.any(String),
    });
    // a comment later (the debounced text field): the thumb and reasons stay
    expect(await (await put(cid, { pane: 0, comment: "  Short and right.  " })).json()).toMatchObject({
      thumb: "up",
      reasons: ["clear"],
      comment: "Short and right.",
    });
    expect((await put(cid, { turn: 0, pane: 1, thumb: "down", reasons: ["too_long"] })).status).toBe(200);
    expect(await db.vote.count({ where: { comparisonId: cid } })).toBe(0);
    expect((await listed(cid)).map(plain)).toEqual([
      { turn: 0, pane: 1, thumb: "down", reasons: ["too_long"], comment: null },
      { turn: 1, pane: 0, thumb: "up", reasons: ["clear"], comment: "Short and right." },
    ]);
    // everything cleared: the row goes
    expect(await (await put(cid, { turn: 0, pane: 1, thumb: null, reasons: [] })).json()).toEqual({
      turn: 0,
      pane: 1,
      thumb: null,
      reasons: [],
      comment: null,
      updatedAt: null,
    });
    expect((await listed(cid)).map((f) => [f.turn, f.pane])).toEqual([[1, 0]]);
  });

  it("a vote keeps the feedback saved before it; a vote's own `feedback` replaces the turn's feedback", async () => {
    const cid = await comparison(TWO);
    await put(cid, { pane: 0, thumb: "up", comment: "Good" });
    const voted = (await (await vote(cid, { outcome: "a" })).json()) as VoteJson;
    expect(voted.feedback).toEqual([{ pane: 0, thumb: "up", reasons: [], comment: "Good" }]);
    expect((await myVotes(cid))[0]!.feedback).toEqual(voted.feedback);
    const again = (await (await vote(cid, { outcome: "tie", feedback: [{ pane: 1, thumb: "down" }] })).json()) as VoteJson;
    expect(again.feedback).toEqual([{ pane: 1, thumb: "down", reasons: [], comment: null }]);
    expect((await listed(cid)).map(plain)).toEqual([{ turn: 0, pane: 1, thumb: "down", reasons: [], comment: null }]);
  });

  it("rejects a bad pane, turn or field with a 400 naming it, and someone else's comparison with a 404, storing nothing", async () => {
    const cid = await comparison(TWO);
    await db.user.upsert({ where: { id: "votes-someone-else" }, create: { id: "votes-someone-else" }, update: {} });
    const theirs = await comparison(TWO, { ownerId: "votes-someone-else" });
    const before = await db.answerFeedback.count();
    const cases: [string, unknown, number, string | null][] = [
      [cid, { pane: 2, thumb: "up" }, 400, "pane"],
      [cid, { pane: -1, thumb: "up" }, 400, "pane"],
      [cid, { thumb: "up" }, 400, "pane"],
      [cid, { turn: 3, pane: 0, thumb: "up" }, 400, "turn"],
      [cid, { pane: 0, thumb: "meh" }, 400, "thumb"],
      [cid, { pane: 0, reasons: ["vibes"] }, 400, "reasons.0"],
      [cid, { pane: 0, comment: "x".repeat(2001) }, 400, "comment"],
      [cid, { pane: 0, extra: true }, 400, null],
      [theirs, { pane: 0, thumb: "up" }, 404, null],
    ];
    for (const [c, body, status, field] of cases) {
      const res = await put(c, body);
      const json = (await res.json()) as ErrorJson;
      expect({ body, status: res.status }).toEqual({ body, status });
      if (status === 400) expect({ body, field: json.error.field }).toEqual({ body, field });
    }
    expect(await db.answerFeedback.count()).toBe(before);
    expect((await api.feedback.GET(new Request("http://127.0.0.1"), params(theirs))).status).toBe(404);
  });
});
