// The history page's query (lib/compare/history.ts) and deleting with Undo (lib/compare/trash.ts),
// on the real compare engine, emulator and database.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Viewer } from "@/lib/auth/viewer";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { listHistory } from "@/lib/compare/history";
import { parseHistoryParams, type HistoryFilters } from "@/lib/compare/history-params";
import { getComparisonById, listComparisons } from "@/lib/compare/queries";
import { startComparison } from "@/lib/compare/service";
import { purgeDeletedComparisons, restoreComparison, trashComparison } from "@/lib/compare/trash";
import { createShare, findActiveShareByToken } from "@/lib/shares/service";
import { castVote, loadOutcomes } from "@/lib/votes";
import { accessTo } from "../helpers/access";
import { collect, startHarness, type Harness } from "../helpers/compare-harness";

let h: Harness;
// a person of this file's own, so comparisons other test files leave in the database do not count
const viewer: Pick<Viewer, "id" | "local"> = { id: `history-${randomBytes(4).toString("hex")}`, local: false };
const ids: Record<"plain" | "blind" | "voted", string> = { plain: "", blind: "", voted: "" };
const HOUR = 3_600_000;
const base = new Date("2026-11-20T12:00:00.000Z").getTime();

async function run(prompt: string, blind = false): Promise<string> {
  const c = collect();
  const { id } = startComparison(
    { prompt, models: ["openai:gpt-4o-mini", "azure:prod-mini"], blind },
    { ownerId: viewer.id },
    {
      db: h.db,
      env: h.env,
      observe: c.observe,
    },
  );
  await c.done;
  return id;
}

const all = (filters: Partial<HistoryFilters> = {}, limit = 30) =>
  listHistory({ viewer, filters: { q: "", ...filters }, limit }, { db: h.db });
const titles = async (filters: Partial<HistoryFilters> = {}) => (await all(filters)).items.map((i) => i.id);

beforeAll(async () => {
  h = await startHarness(inject("databaseUrl"));
  await h.db.user.create({ data: { id: viewer.id, name: "History tester" } });
  // oldest first: voted (2 days before), blind (1 day before), plain (the base day)
  ids.voted = await run("Alpha bravo: explain TCP slow start.");
  ids.blind = await run("Charlie: explain DNS.", true);
  ids.plain = await run("Delta: explain HTTP/3.");
  await h.db.comparison.update({ where: { id: ids.voted }, data: { createdAt: new Date(base - 48 * HOUR) } });
  await h.db.comparison.update({ where: { id: ids.blind }, data: { createdAt: new Date(base - 24 * HOUR) } });
  await h.db.comparison.update({ where: { id: ids.plain }, data: { createdAt: new Date(base) } });
  await castVote(await accessTo(ids.voted, { db: h.db, viewer }), { best: 1 }, h.db);
});
afterAll(async () => h?.close());

describe(`history on ${inject("databaseKind")}`, () => {
  it("lists newest first with blind, voted, winner and cost; a sealed blind comparison hides its winner and cost", async () => {
    const { items, older, newer } = await all();
    expect(items.map((i) => i.id)).toEqual([ids.plain, ids.blind, ids.voted]);
    expect(older).toBeNull();
    expect(newer).toBeNull();
    const [plain, blind, voted] = items;
    expect(plain).toMatchObject({ blind: false, sealed: false, votedTurns: 0, winner: null });
    expect(plain!.costUsd).toBeGreaterThan(0);
    expect(blind).toMatchObject({ blind: true, sealed: true, models: ["Model A", "Model B"], winner: { kind: "hidden" }, costUsd: null });
    expect(voted).toMatchObject({ votedTurns: 1, winner: { kind: "model", label: voted!.models[1] } });
  });

  it("filters by search text, model (revealed comparisons only) and UTC days", async () => {
    expect(await titles({ q: "BRAVO" })).toEqual([ids.voted]);
    expect(await titles({ q: "nothing like this" })).toEqual([]);
    // the sealed blind comparison has gpt-4o-mini too, but a filter does not tell
    expect(await titles({ model: "openai:gpt-4o-mini" })).toEqual([ids.plain, ids.voted]);
    expect(await titles({ from: "2026-11-19", to: "2026-11-19" })).toEqual([ids.blind]);
    expect(await titles({ from: "2026-11-19" })).toEqual([ids.plain, ids.blind]);
    expect(await titles({ to: "2026-11-18" })).toEqual([ids.voted]);
    expect(await titles({ team: "personal" })).toEqual([ids.plain, ids.blind, ids.voted]);
  });

  it("pages older and newer with the same cursors", async () => {
    const parse = (query: Record<string, string>) => parseHistoryParams(query).filters;
    const first = await all({}, 1);
    expect(first.items.map((i) => i.id)).toEqual([ids.plain]);
    expect(first.newer).toBeNull();
    const second = await all(parse({ before: first.older! }), 1);
    expect(second.items.map((i) => i.id)).toEqual([ids.blind]);
    expect(second.newer).not.toBeNull();
    const third = await all(parse({ before: second.older! }), 1);
    expect(third.items.map((i) => i.id)).toEqual([ids.voted]);
    expect(third.older).toBeNull();
    const back = await all(parse({ after: third.newer! }), 1);
    expect(back.items.map((i) => i.id)).toEqual([ids.blind]);
    const newest = await all(parse({ after: back.newer! }), 1);
    expect(newest.items.map((i) => i.id)).toEqual([ids.plain]);
    expect(newest.newer).toBeNull();
    expect(newest.older).not.toBeNull();
    // two rows a page, from the middle: newer holds the newest, older the last
    expect((await all(parse({ after: third.newer! }), 2)).items.map((i) => i.id)).toEqual([ids.plain, ids.blind]);
  });

  it("a deleted comparison leaves every read until Undo, then comes back whole with its share link and vote", async () => {
    const access = await accessTo(ids.voted, { db: h.db, viewer });
    const { token } = await createShare(access, { expiresAt: null }, { db: h.db, env: h.env });
    const votesBefore = (await loadOutcomes({ groupBy: "deployment", mode: "all" }, viewer, h.db)).votes;

    await trashComparison(access, { db: h.db });
    expect(await titles()).toEqual([ids.plain, ids.blind]);
    expect((await listComparisons({ viewer }, { db: h.db })).items.map((i) => i.id)).not.toContain(ids.voted);
    await expect(authorizeComparisonOrThrow(ids.voted, viewer, "read", h.db)).rejects.toMatchObject({ code: "not_found" });
    expect(await getComparisonById(access, { db: h.db, env: h.env })).toBeNull();
    expect(await findActiveShareByToken({ token }, { db: h.db })).toBeNull();
    expect((await loadOutcomes({ groupBy: "deployment", mode: "all" }, viewer, h.db)).votes).toBe(votesBefore - 1);
    // too soon to purge
    await purgeDeletedComparisons({ db: h.db });
    const deleted = await authorizeComparisonOrThrow(ids.voted, viewer, "write", h.db, { includeDeleted: true });

    await restoreComparison(deleted, { db: h.db });
    expect(await titles()).toEqual([ids.plain, ids.blind, ids.voted]);
    expect((await findActiveShareByToken({ token }, { db: h.db }))?.snapshot).toBeTruthy();
    expect((await loadOutcomes({ groupBy: "deployment", mode: "all" }, viewer, h.db)).votes).toBe(votesBefore);
    const view = await getComparisonById(access, { db: h.db, env: h.env });
    expect(view!.turns[0]!.answers.every((a) => a.status === "done" && a.text.length > 0)).toBe(true);
    expect((await all()).items[2]).toMatchObject({ votedTurns: 1, winner: { kind: "model" } });
  });

  it("purges a deleted comparison for good a minute later; Undo then finds nothing", async () => {
    const id = await run("Echo: to be purged.");
    await trashComparison(await accessTo(id, { db: h.db, viewer }), { db: h.db });
    expect(await purgeDeletedComparisons({ db: h.db, now: new Date(Date.now() + 61_000) })).toBeGreaterThanOrEqual(1);
    expect(await h.db.comparison.findUnique({ where: { id } })).toBeNull();
    await expect(authorizeComparisonOrThrow(id, viewer, "write", h.db, { includeDeleted: true })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await titles()).toEqual([ids.plain, ids.blind, ids.voted]);
  });

  it("only the owner (or a team writer) may delete or restore", async () => {
    const stranger = { id: `stranger-${randomBytes(4).toString("hex")}`, local: false };
    await expect(authorizeComparisonOrThrow(ids.plain, stranger, "write", h.db, { includeDeleted: true })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
