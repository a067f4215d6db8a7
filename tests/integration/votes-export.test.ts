// Exporting one's own votes (JSONL, CSV, preference pairs), through the route handler as the local
// user and through the library as another user, on the test database.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { newId as id } from "@/lib/ids";

let api: typeof import("@/app/api/v1/votes/export/route");
let lib: typeof import("@/lib/votes/export");
let db: import("@/lib/generated/prisma/client").PrismaClient;

const OTHER = "export-other-user";

beforeAll(async () => {
  // no provider is called here: the emulator URL is only there to make a valid environment
  Object.assign(process.env, emulatorEnv("http://127.0.0.1:9"), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  api = await import("@/app/api/v1/votes/export/route");
  lib = await import("@/lib/votes/export");
  db = (await import("@/lib/db")).getDb();
  for (const user of [LOCAL_USER_ID, OTHER]) await db.user.upsert({ where: { id: user }, create: { id: user }, update: {} });
});

type PaneSpec = { modelId: string; logical: string };
type Made = { cid: string; turnIds: string[]; panes: PaneSpec[] };

/** A comparison made directly in the database; `answers[t][p]` is pane p's answer text in turn t ("" with status error: failed before any text). */
async function comparison(args: {
  panes: PaneSpec[];
  prompts: string[];
  answers: string[][];
  ownerId?: string;
  system?: string | null;
}): Promise<Made> {
  const cid = id();
  const paneIds = args.panes.map(() => id());
  const turnIds = args.prompts.map(() => id());
  await db.comparison.create({
    data: {
      id: cid,
      title: "export test",
      ownerId: args.ownerId ?? LOCAL_USER_ID,
      system: args.system ?? null,
      panes: {
        create: args.panes.map((p, index) => ({
          id: paneIds[index]!,
          index,
          modelId: p.modelId,
          logicalModel: p.logical,
          provider: "openai",
          modelLabel: p.modelId,
        })),
      },
      turns: { create: args.prompts.map((prompt, index) => ({ id: turnIds[index]!, index, prompt })) },
    },
  });
  await db.answer.createMany({
    data: args.answers.flatMap((row, t) =>
      row.map((text, p) => ({
        id: id(),
        turnId: turnIds[t]!,
        paneId: paneIds[p]!,
        text,
        status: text ? ("done" as const) : ("error" as const),
      })),
    ),
  });
  return { cid, turnIds, panes: args.panes };
}

/** Votes are exported oldest first: give each a distinct creation time, a second apart, in the order made. */
let clock = Date.parse("2026-06-01T00:00:00Z");

type FeedbackSpec = { pane: number; thumb?: "up" | "down" | null; reasons?: string[]; comment?: string | null };

async function vote(
  c: Made,
  turn: number,
  args: {
    outcomes: [number, number, string][];
    kind?: string;
    input?: object;
    blind?: boolean;
    voterId?: string;
    feedback?: FeedbackSpec[];
  },
): Promise<string> {
  const voteId = id();
  await db.vote.create({
    data: {
      id: voteId,
      comparisonId: c.cid,
      turnId: c.turnIds[turn]!,
      voterId: args.voterId ?? LOCAL_USER_ID,
      blind: args.blind ?? false,
      kind: args.kind ?? "pairwise",
      input: args.input ?? { outcome: args.outcomes[0]![2] },
      createdAt: new Date((clock += 1000)),
      outcomes: {
        create: args.outcomes.map(([a, b, outcome]) => ({
          id: id(),
          paneA: a,
          paneB: b,
          modelA: c.panes[a]!.modelId,
          modelB: c.panes[b]!.modelId,
          logicalA: c.panes[a]!.logical,
          logicalB: c.panes[b]!.logical,
          outcome,
        })),
      },
    },
  });
  // feedback belongs to (turn, user, pane), apart from the vote
  await db.answerFeedback.createMany({
    data: (args.feedback ?? []).map((f) => ({
      id: id(),
      turnId: c.turnIds[turn]!,
      userId: args.voterId ?? LOCAL_USER_ID,
      pane: f.pane,
      thumb: f.thumb ?? null,
      reasons: f.reasons ?? [],
      comment: f.comment ?? null,
    })),
  });
  return voteId;
}

function get(query: string) {
  return api.GET(new Request(`http://127.0.0.1/api/v1/votes/export${query ? `?${query}` : ""}`));
}
const lines = (text: string) =>
  text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const X: PaneSpec = { modelId: "ex:x", logical: "ex-x" };
const Y: PaneSpec = { modelId: "ex:y", logical: "ex-y" };
const Z: PaneSpec = { modelId: "ex:z", logical: "ex-z" };
/** A prompt with everything a CSV cell must survive: a comma, a quote, a line break, and a leading "=" (a formula). */
const NASTY = '=HYPERLINK("http://evil.test", "click"), then\nsay "hi"';

describe("vote export", () => {
  const mine = new Set<string>();
  const votes: Record<string, string> = {};
  let theirs: Made;

  beforeAll(async () => {
    // two turns, both voted: the first blind with feedback, the second named
    const duel = await comparison({
      panes: [X, Y],
      prompts: [NASTY, "And in French?"],
      answers: [
        ["Answer X0", "Answer Y0"],
        ["Réponse X1", "Réponse Y1"],
      ],
      system: "Be brief.",
    });
    votes.first = await vote(duel, 0, {
      outcomes: [[0, 1, "a"]],
      blind: true,
      feedback: [
        { pane: 0, thumb: "up", reasons: ["accurate", "clear"], comment: 'Nice, "short"' },
        { pane: 1, thumb: "down", reasons: ["too_long"] },
      ],
    });
    votes.second = await vote(duel, 1, { outcomes: [[0, 1, "b"]] });
    // a tie and a both-bad: in the CSV and JSONL, not in the pairs
    const tie = await comparison({ panes: [X, Y], prompts: ["tie prompt"], answers: [["tX", "tY"]] });
    votes.tie = await vote(tie, 0, { outcomes: [[0, 1, "tie"]] });
    const bad = await comparison({ panes: [Y, X], prompts: ["both bad prompt"], answers: [["bY", "bX"]] });
    votes.bad = await vote(bad, 0, { outcomes: [[0, 1, "both_bad"]] });
    // best of three where pane 1 failed before any text: one usable pair of two
    const three = await comparison({ panes: [X, Y, Z], prompts: ["three-way prompt"], answers: [["3X", "", "3Z"]] });
    votes.three = await vote(three, 0, {
      kind: "best",
      input: { best: 2 },
      outcomes: [
        [0, 2, "b"],
        [1, 2, "b"],
      ],
    });
    // cast before such votes were refused: pane 1 (no text) ranked above pane 2. Exported, marked;
    // no pairs, not even cX over cZ
    const crediting = await comparison({ panes: [X, Y, Z], prompts: ["crediting prompt"], answers: [["cX", "", "cZ"]] });
    votes.crediting = await vote(crediting, 0, {
      kind: "ranking",
      input: { ranking: [0, 1, 2] },
      outcomes: [
        [0, 1, "a"],
        [0, 2, "a"],
        [1, 2, "a"],
      ],
    });
    for (const c of [duel, tie, bad, three, crediting]) mine.add(c.cid);

    // someone else's comparison and vote, with a prompt of their own
    theirs = await comparison({
      panes: [X, Y],
      prompts: ["OTHER USER'S PRIVATE PROMPT"],
      answers: [["OTHER ANSWER X", "OTHER ANSWER Y"]],
      ownerId: OTHER,
    });
    votes.theirs = await vote(theirs, 0, { outcomes: [[0, 1, "a"]], voterId: OTHER });
    // a vote of the local user on a comparison that is not theirs (cannot happen through the API):
    // left out too, since the export is of what they own
    await vote(theirs, 0, { outcomes: [[0, 1, "b"]], voterId: LOCAL_USER_ID });
  });

  it("JSONL (the default): one object per vote, with prompt, system prompt, every pane's answer, outcomes and feedback", async () => {
    const res = await get("");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="juxta-votes-\d{4}-\d{2}-\d{2}\.jsonl"$/);
    const text = await res.text();
    expect(text.endsWith("\n")).toBe(true);
    const all = lines(text).filter((v) => mine.has(v.comparisonId as string));
    expect(all.map((v) => v.voteId)).toEqual([votes.first, votes.second, votes.tie, votes.bad, votes.three, votes.crediting]);
    const first = all[0]!;
    expect(first).toMatchObject({
      turn: 0,
      blind: true,
      kind: "pairwise",
      input: { outcome: "a" },
      prompt: NASTY,
      system: "Be brief.",
      panes: [
        { pane: 0, modelId: "ex:x", logicalModel: "ex-x", provider: "openai", text: "Answer X0", status: "done" },
        { pane: 1, modelId: "ex:y", logicalModel: "ex-y", provider: "openai", text: "Answer Y0", status: "done" },
      ],
      outcomes: [{ paneA: 0, paneB: 1, modelA: "ex:x", modelB: "ex:y", logicalA: "ex-x", logicalB: "ex-y", outcome: "a" }],
      feedback: [
        { pane: 0, thumb: "up", reasons: ["accurate", "clear"], comment: 'Nice, "short"' },
        { pane: 1, thumb: "down", reasons: ["too_long"], comment: null },
      ],
    });
    expect(typeof first.createdAt).toBe("string");
    expect(typeof first.updatedAt).toBe("string");
    expect(all[4]).toMatchObject({
      kind: "best",
      input: { best: 2 },
      panes: [{ text: "3X" }, { text: "", status: "error" }, { text: "3Z" }],
      creditsMissingAnswer: false,
    });
    expect(first.creditsMissingAnswer).toBe(false);
    // the vote that crowned an answer that does not exist is kept, and marked
    expect(all[5]).toMatchObject({ input: { ranking: [0, 1, 2] }, creditsMissingAnswer: true });
  });

  it("CSV: one row per pairwise outcome, quotes, line breaks, commas and formulas escaped", async () => {
    const res = await get("format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="juxta-votes-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await res.text();
    expect(text.split("\n")[0]).toBe(
      "vote_id,comparison_id,turn,voted_at,blind,kind,pane_a,pane_b,model_a,model_b,logical_a,logical_b,outcome,thumb_a,thumb_b,reasons_a,reasons_b,comment_a,comment_b,prompt,credits_missing_answer",
    );
    // the first vote's row, cell by cell: the prompt quoted, its quotes doubled, the formula defused with a leading '
    const first = text.split("\n").find((l) => l.startsWith(`${votes.first},`));
    const escapedPrompt = `"'=HYPERLINK(""http://evil.test"", ""click""), then\nsay ""hi"""`;
    expect(text).toContain(`,accurate;clear,too_long,"Nice, ""short""",,${escapedPrompt},false\n`);
    expect(first).toMatch(
      new RegExp(
        `^${votes.first},[^,]+,0,\\d{4}-\\d{2}-\\d{2}T[^,]+Z,true,pairwise,0,1,ex:x,ex:y,ex-x,ex-y,a,up,down,accurate;clear,too_long,`,
      ),
    );
    // one row per outcome: two for the best-of-three, one each for the others
    const rowsOf = (voteId: string) => text.split("\n").filter((l) => l.startsWith(`${voteId},`));
    expect(rowsOf(votes.three!)).toHaveLength(2);
    expect(rowsOf(votes.tie!)[0]).toContain(",tie,");
    expect(rowsOf(votes.bad!)[0]).toContain(",both_bad,");
    expect(rowsOf(votes.second!)[0]).toMatch(/,false,pairwise,0,1,ex:x,ex:y,ex-x,ex-y,b,,,,,,,And in French\?,false$/);
    expect(rowsOf(votes.crediting!).map((l) => l.endsWith(",crediting prompt,true"))).toEqual([true, true, true]);
  });

  it("preference pairs: decisive outcomes only, with the earlier prompts as history on later turns", async () => {
    const res = await get("format=pairs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="juxta-vote-pairs-\d{4}-\d{2}-\d{2}\.jsonl"$/);
    const ours = new Set(Object.values(votes));
    const pairs = lines(await res.text()).filter((p) => ours.has(p.voteId as string));
    expect(pairs).toEqual([
      {
        prompt: NASTY,
        system: "Be brief.",
        chosen: "Answer X0",
        rejected: "Answer Y0",
        chosenModel: "ex:x",
        rejectedModel: "ex:y",
        voteId: votes.first,
      },
      {
        prompt: "And in French?",
        system: "Be brief.",
        history: [{ role: "user", content: NASTY }],
        chosen: "Réponse Y1",
        rejected: "Réponse X1",
        chosenModel: "ex:y",
        rejectedModel: "ex:x",
        voteId: votes.second,
      },
      // pane 1 of the three-way had no text: only 3Z over 3X is a pair
      {
        prompt: "three-way prompt",
        system: null,
        chosen: "3Z",
        rejected: "3X",
        chosenModel: "ex:z",
        rejectedModel: "ex:x",
        voteId: votes.three,
      },
    ]);
    // no pair from the tie, the both-bad or the vote crediting a missing answer
    expect(pairs.some((p) => p.voteId === votes.tie || p.voteId === votes.bad || p.voteId === votes.crediting)).toBe(false);
  });

  it("holds only the caller's own votes: another user's export has none of these, and theirs is not in mine", async () => {
    for (const format of ["jsonl", "csv", "pairs"]) {
      const text = await (await get(`format=${format}`)).text();
      expect(text).not.toContain("OTHER USER'S PRIVATE PROMPT");
      expect(text).not.toContain(theirs.cid);
    }
    const query = lib.voteExportQuerySchema.parse({});
    const other = await lib.exportVotesResponse({ viewer: { id: OTHER, local: false }, query }, { db });
    const otherVotes = lines(await other.text());
    expect(otherVotes.map((v) => v.voteId)).toEqual([votes.theirs]);
    for (const v of otherVotes) expect(mine.has(v.comparisonId as string)).toBe(false);
    for (const format of ["csv", "pairs"] as const) {
      const text = await (
        await lib.exportVotesResponse({ viewer: { id: OTHER, local: false }, query: { ...query, format } }, { db })
      ).text();
      for (const cid of mine) expect(text).not.toContain(cid);
      expect(text).not.toContain("Answer X0");
    }
    // a user with no votes gets an empty file (a CSV with its header only)
    const nobody = { id: "export-nobody", local: false };
    expect(await (await lib.exportVotesResponse({ viewer: nobody, query }, { db })).text()).toBe("");
    expect(
      (await (await lib.exportVotesResponse({ viewer: nobody, query: { ...query, format: "csv" } }, { db })).text()).split("\n"),
    ).toEqual([lib.CSV_COLUMNS.join(","), ""]);
  });

  it("filters by blind or named, and by when the vote was cast", async () => {
    const ofMine = async (q: string) =>
      lines(await (await get(q)).text())
        .filter((v) => mine.has(v.comparisonId as string))
        .map((v) => v.voteId);
    expect(await ofMine("mode=blind")).toEqual([votes.first]);
    expect(await ofMine("mode=named")).toEqual([votes.second, votes.tie, votes.bad, votes.three, votes.crediting]);
    await db.vote.update({ where: { id: votes.bad! }, data: { updatedAt: new Date("2020-03-10T09:00:00Z") } });
    expect(await ofMine("to=2020-03-10")).toEqual([votes.bad]);
    expect(await ofMine("to=2020-03-10T08:00:00Z")).toEqual([]);
    expect(await ofMine("from=2021-01-01")).toEqual([votes.first, votes.second, votes.tie, votes.three, votes.crediting]);
  });

  it("pages through more votes than one batch, in order", async () => {
    const many = await comparison({
      panes: [X, Y],
      prompts: Array.from({ length: 450 }, (_, i) => `bulk ${i}`),
      answers: Array.from({ length: 450 }, () => ["a", "b"]),
    });
    const made: string[] = [];
    for (let t = 0; t < 450; t++) made.push(await vote(many, t, { outcomes: [[0, 1, t % 2 ? "a" : "b"]] }));
    const got = lines(await (await get("format=jsonl")).text()).filter((v) => v.comparisonId === many.cid);
    expect(got.map((v) => v.turn)).toEqual(Array.from({ length: 450 }, (_, i) => i));
    expect(new Set(got.map((v) => v.voteId))).toEqual(new Set(made));
  });

  it("rejects bad query values with a 400 naming the parameter", async () => {
    for (const [q, field, word] of [
      ["format=xml", "format", "format"],
      ["mode=secret", "mode", "mode"],
      ["from=yesterday", "from", "ISO"],
      ["from=2026-02-01&to=2026-01-01", "to", "from"],
      ["voter=someone", null, "voter"],
      ["format=csv&format=jsonl", "format", "format"],
    ] as const) {
      const res = await get(q);
      const body = (await res.json()) as { error: { code: string; message: string; field: string | null } };
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect({ q, field: body.error.field }).toEqual({ q, field });
      expect(body.error.message).toContain(word);
    }
  });
});
