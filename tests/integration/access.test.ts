// The access layer: every lib function that reads or changes someone's team, comparison,
// evaluation session or team leaderboard, called as a stranger, as a team member whose role
// lacks the permission, and as the owner. Strangers get not_found (existence does not leak), a
// role without the permission forbidden, and a check returns what the caller may do ({ role, can })
// so pages need not ask again. A check handed to a service function is not repeated there.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { TeamRole } from "@/lib/generated/prisma/enums";
import { newId } from "@/lib/ids";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { makeSession } from "../helpers/evals-fixtures";

type Person = { id: string; name: string; email: string; local: false };

let db: import("@/lib/generated/prisma/client").PrismaClient;
let teamAccess: typeof import("@/lib/teams/access");
let teams: typeof import("@/lib/teams/service");
let compareAccess: typeof import("@/lib/compare/access");
let queries: typeof import("@/lib/compare/queries");
let compare: typeof import("@/lib/compare/service");
let votes: typeof import("@/lib/votes/service");
let shares: typeof import("@/lib/shares/service");
let evalAccess: typeof import("@/lib/evals/access");
let sessions: typeof import("@/lib/evals/sessions");
let queue: typeof import("@/lib/evals/queue");
let evalShares: typeof import("@/lib/evals/shares");
let runs: typeof import("@/lib/evals/run/service");
let leaderboard: typeof import("@/lib/votes/leaderboard");
let leaderboardQuerySchema: typeof import("@/lib/votes/schema").leaderboardQuerySchema;

beforeAll(async () => {
  // no model is called here: the catalog only needs a provider configuration to read
  Object.assign(process.env, emulatorEnv("http://127.0.0.1:9"), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  db = (await import("@/lib/db")).getDb();
  teamAccess = await import("@/lib/teams/access");
  teams = await import("@/lib/teams/service");
  compareAccess = await import("@/lib/compare/access");
  queries = await import("@/lib/compare/queries");
  compare = await import("@/lib/compare/service");
  votes = await import("@/lib/votes/service");
  shares = await import("@/lib/shares/service");
  evalAccess = await import("@/lib/evals/access");
  sessions = await import("@/lib/evals/sessions");
  queue = await import("@/lib/evals/queue");
  evalShares = await import("@/lib/evals/shares");
  runs = await import("@/lib/evals/run/service");
  leaderboard = await import("@/lib/votes/leaderboard");
  ({ leaderboardQuerySchema } = await import("@/lib/votes/schema"));
});

async function person(label: string): Promise<Person> {
  const id = `${label}-${randomBytes(5).toString("hex")}`;
  const p: Person = { id, name: `${label} ${id.slice(-4)}`, email: `${id}@example.test`, local: false };
  await db.user.create({ data: { id, name: p.name, email: p.email } });
  return p;
}

/** A team with its owner, a viewer (read-only role) and a stranger who is in no team. */
async function world() {
  const [owner, viewer, member, stranger] = await Promise.all(["owner", "viewer", "member", "stranger"].map((l) => person(l)));
  const team = await teams.createTeam({ name: "Access squad" }, owner!);
  await db.teamMember.createMany({
    data: [
      { teamId: team.id, userId: viewer!.id, role: "viewer" as TeamRole },
      { teamId: team.id, userId: member!.id, role: "member" as TeamRole },
    ],
  });
  return { team, owner: owner!, viewer: viewer!, member: member!, stranger: stranger! };
}

/** A stored comparison with one answered turn (no model is called). */
async function storedComparison(ownerId: string, teamId: string | null): Promise<string> {
  const id = newId();
  const paneId = newId();
  const made = await db.comparison.create({
    data: {
      id,
      title: "Access test",
      ownerId,
      teamId,
      panes: {
        create: [0, 1].map((index) => ({
          id: index === 0 ? paneId : newId(),
          index,
          modelId: index === 0 ? "openai:gpt-4o-mini" : "azure:prod-mini",
          provider: index === 0 ? "openai" : "azure",
          modelLabel: `Model ${index}`,
          logicalModel: "gpt-4o-mini",
        })),
      },
      turns: { create: [{ id: newId(), index: 0, prompt: "Who may see this?" }] },
    },
    select: { panes: { select: { id: true } }, turns: { select: { id: true } } },
  });
  // both panes answered, so either may win a vote
  await db.answer.createMany({
    data: made.panes.map((p) => ({ id: newId(), turnId: made.turns[0]!.id, paneId: p.id, status: "done" as const, text: "An answer." })),
  });
  return id;
}

/** The AppError code (or "ok") a call ends with. */
async function outcome(work: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof work === "function" ? work() : work);
    return "ok";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

describe("teams", () => {
  it("a check answers not_found to a stranger, forbidden to a role without the permission, and { role, can } to the owner", async () => {
    const { team, owner, viewer, stranger } = await world();
    expect(await outcome(teamAccess.authorizeTeamOrThrow(team.id, stranger, "team:read"))).toBe("not_found");
    expect(await outcome(teamAccess.authorizeTeamOrThrow("malformed id!", owner, "team:read"))).toBe("not_found");
    expect(await outcome(teamAccess.authorizeTeamOrThrow(team.id, viewer, "team:rename"))).toBe("forbidden");
    const mine = await teamAccess.authorizeTeamOrThrow(team.id, owner, "team:rename");
    expect(mine).toMatchObject({ teamId: team.id, role: "owner" });
    expect(mine.can).toEqual(expect.arrayContaining(["team:delete", "team:transfer", "comparisons:write", "evals:share"]));
    const theirs = await teamAccess.authorizeTeamOrThrow(team.id, viewer, "team:read");
    expect(theirs).toMatchObject({ role: "viewer" });
    expect(theirs.can).toEqual(["team:read", "comparisons:read", "evals:read"]);
  });

  it("a service function takes a check already made and does not ask again; a check of another team or without the permission does not pass", async () => {
    const { team, owner, viewer } = await world();
    const other = await teams.createTeam({ name: "Other" }, owner);
    const ownersCheck = await teamAccess.authorizeTeamOrThrow(team.id, owner, "team:rename");
    expect((await teams.renameTeam(team.id, { name: "Renamed through the check" }, ownersCheck)).name).toBe("Renamed through the check");
    expect(await outcome(teams.renameTeam(other.id, { name: "x" }, ownersCheck))).toBe("not_found");
    const viewersCheck = await teamAccess.authorizeTeamOrThrow(team.id, viewer, "team:read");
    expect(await outcome(teams.renameTeam(team.id, { name: "x" }, viewersCheck))).toBe("forbidden");
    expect(await outcome(teams.listInvites(team.id, viewersCheck))).toBe("forbidden");
    expect(await outcome(teams.listMembers(team.id, viewersCheck))).toBe("ok");
  });

  it("the team page's loader: one check, then the team with { role, permissions }, members, invitations only for who may invite, and the counts", async () => {
    const { team, owner, viewer, stranger } = await world();
    await storedComparison(owner.id, team.id);
    expect(await outcome(teams.loadTeamPage(team.id, stranger))).toBe("not_found");
    const asViewer = await teams.loadTeamPage(team.id, viewer);
    expect(asViewer.team).toMatchObject({ id: team.id, role: "viewer", permissions: ["team:read", "comparisons:read", "evals:read"] });
    expect(asViewer.invites).toEqual([]);
    expect(asViewer.members.map((m) => m.role)).toEqual(["owner", "member", "viewer"]);
    expect(asViewer.contents).toEqual({ comparisons: 1, sessions: 0 });
    await teams.createInvite(team.id, { role: "member", email: null, expiresInDays: 7 }, owner, { origin: "http://127.0.0.1:3999" });
    const asOwner = await teams.loadTeamPage(team.id, owner);
    expect(asOwner.team.role).toBe("owner");
    expect(asOwner.invites).toHaveLength(1);
  });
});

describe("comparisons, votes and shares", () => {
  it("a check answers not_found to a stranger, forbidden to a viewer who would change it, and { role, can, canWrite, team } otherwise", async () => {
    const { team, owner, viewer, stranger } = await world();
    const id = await storedComparison(owner.id, team.id);
    expect(await outcome(compareAccess.authorizeComparisonOrThrow(id, stranger, "read"))).toBe("not_found");
    expect(await outcome(compareAccess.authorizeComparisonOrThrow(id, viewer, "write"))).toBe("forbidden");
    const read = await compareAccess.authorizeComparisonOrThrow(id, viewer, "read");
    expect(read).toMatchObject({ id, teamId: team.id, role: "viewer", canWrite: false, team: { id: team.id, name: "Access squad" } });
    expect(read.can).toEqual(["team:read", "comparisons:read", "evals:read"]);
    const write = await compareAccess.authorizeComparisonOrThrow(id, owner, "write");
    expect(write).toMatchObject({ role: "owner", canWrite: true });

    // a personal comparison: its owner may do everything with it (no team role), nobody else sees it
    const mine = await storedComparison(stranger.id, null);
    const own = await compareAccess.authorizeComparisonOrThrow(mine, stranger, "write");
    expect(own).toMatchObject({ role: null, canWrite: true, team: null });
    expect(own.can).toEqual(expect.arrayContaining(["comparisons:read", "comparisons:write", "evals:share"]));
    expect(own.can.some((p) => p.startsWith("team:"))).toBe(false);
    expect(await outcome(compareAccess.authorizeComparisonOrThrow(mine, owner, "read"))).toBe("not_found");
  });

  it("every function that changes a comparison refuses a read-only check (403), without touching it", async () => {
    const { team, owner, viewer } = await world();
    const id = await storedComparison(owner.id, team.id);
    const readOnly = await compareAccess.authorizeComparisonOrThrow(id, viewer, "read");
    expect((await queries.getComparisonById(readOnly))!.title).toBe("Access test");
    expect(await votes.listVotes(readOnly)).toEqual([]);
    expect(await shares.listShares(readOnly)).toEqual([]);
    expect(await outcome(queries.renameComparison(readOnly, { title: "Not allowed" }))).toBe("forbidden");
    expect(await outcome(queries.deleteComparison(readOnly))).toBe("forbidden");
    expect(await outcome(votes.castVote(readOnly, { outcome: "a" }))).toBe("forbidden");
    expect(await outcome(shares.createShare(readOnly, { expiresAt: null }))).toBe("forbidden");
    expect(await outcome(shares.revokeShare(readOnly, "a-share-id-0000"))).toBe("forbidden");
    expect(await outcome(compare.addTurn(readOnly, "Not allowed either"))).toBe("forbidden");
    expect(await outcome(compare.retryPane(readOnly, 0))).toBe("forbidden");
    expect(await outcome(() => compare.stopPanes(readOnly))).toBe("forbidden");
    const stored = await db.comparison.findUniqueOrThrow({
      where: { id },
      include: { _count: { select: { votes: true, shares: true, turns: true } } },
    });
    expect(stored).toMatchObject({ title: "Access test", _count: { votes: 0, shares: 0, turns: 1 } });

    const writer = await compareAccess.authorizeComparisonOrThrow(id, owner, "write");
    await queries.renameComparison(writer, { title: "Renamed by the owner" });
    const vote = await votes.castVote(writer, { outcome: "a" });
    expect(vote).toMatchObject({ comparisonId: id, turn: 0 });
    // the voter is the person the check was made for
    expect(await db.vote.findUniqueOrThrow({ where: { id: vote.id } })).toMatchObject({ voterId: owner.id });
    expect(await votes.listVotes(readOnly)).toEqual([]);
    expect(await votes.listVotes(writer)).toHaveLength(1);
  });

  it("a team filter on the list: not_found (naming team) for a stranger, the team's comparisons for a member", async () => {
    const { team, owner, viewer, stranger } = await world();
    const id = await storedComparison(owner.id, team.id);
    await expect(queries.listComparisons({ viewer: stranger, team: team.id })).rejects.toMatchObject({ code: "not_found", field: "team" });
    expect((await queries.listComparisons({ viewer, team: team.id })).items.map((i) => i.id)).toEqual([id]);
  });

  it("a team leaderboard: not_found for a stranger, the team's votes for a member", async () => {
    const { team, owner, viewer, stranger } = await world();
    const query = leaderboardQuerySchema.parse({ team: team.id, rounds: "10" });
    expect(await outcome(leaderboard.computeLeaderboard(query, stranger))).toBe("not_found");
    expect(await outcome(leaderboard.loadOutcomes(query, stranger))).toBe("not_found");
    expect(await outcome(leaderboard.loadOutcomes(query, viewer))).toBe("ok");
    expect(await outcome(leaderboard.computeLeaderboard(query, viewer))).toBe("ok");
    const board = await leaderboard.computeLeaderboard(query, owner);
    expect(board.team).toBe(team.id);
    // the global board needs no team check
    expect(await outcome(leaderboard.computeLeaderboard(leaderboardQuerySchema.parse({ rounds: "10" }), stranger))).toBe("ok");
  });
});

describe("evaluation sessions", () => {
  it("a check answers not_found to a stranger, forbidden to a role without the permission, and { role, can } to the others", async () => {
    const { team, owner, viewer, member, stranger } = await world();
    const s = await makeSession(db, {
      ownerId: owner.id,
      teamId: team.id,
      models: ["openai:gpt-4o-mini", "azure:prod-mini"],
      prompts: [{ prompt: "p1" }, { prompt: "p2" }],
    });
    expect(await outcome(evalAccess.authorizeSession(s.id, stranger, "evals:read"))).toBe("not_found");
    expect(await outcome(evalAccess.authorizeSession("no such session", owner, "evals:read"))).toBe("not_found");
    expect(await outcome(evalAccess.authorizeSession(s.id, viewer, "evals:rate"))).toBe("forbidden");
    const asViewer = await evalAccess.authorizeSession(s.id, viewer, "evals:read");
    expect(asViewer).toMatchObject({ id: s.id, teamId: team.id, ownerId: owner.id, role: "viewer", viewer: { id: viewer.id } });
    expect(asViewer.can).toEqual(["team:read", "comparisons:read", "evals:read"]);
    const asMember = await evalAccess.authorizeSession(s.id, member, "evals:rate");
    expect(asMember.role).toBe("member");
    expect(asMember.can).toEqual(expect.arrayContaining(["evals:rate", "evals:run", "evals:share"]));

    const personal = await makeSession(db, {
      ownerId: stranger.id,
      models: ["openai:gpt-4o-mini", "azure:prod-mini"],
      prompts: [{ prompt: "p" }],
    });
    const own = await evalAccess.authorizeSession(personal.id, stranger, "evals:share");
    expect(own).toMatchObject({ role: null, teamId: null });
    expect(own.can).toEqual(expect.arrayContaining(["evals:read", "evals:create", "evals:run", "evals:rate", "evals:share"]));
    expect(await outcome(evalAccess.authorizeSession(personal.id, owner, "evals:read"))).toBe("not_found");
  });

  it("every function that takes a session check asserts its own permission (403 for a read-only role), and a check of another session is not_found", async () => {
    const { team, owner, viewer, member } = await world();
    const s = await makeSession(db, {
      ownerId: owner.id,
      teamId: team.id,
      models: ["openai:gpt-4o-mini", "azure:prod-mini"],
      prompts: [{ prompt: "p1" }, { prompt: "p2" }],
    });
    const other = await makeSession(db, {
      ownerId: owner.id,
      teamId: team.id,
      models: ["openai:gpt-4o-mini", "azure:prod-mini"],
      prompts: [{ prompt: "p" }],
    });
    const readOnly = await evalAccess.authorizeSession(s.id, viewer, "evals:read");
    expect((await sessions.getSession(readOnly)).name).toBe("rating test");
    expect(await sessions.samplePrompts(readOnly, 1)).toHaveLength(1);
    expect(await outcome(sessions.renameSession(readOnly, "Not allowed"))).toBe("forbidden");
    expect(await outcome(sessions.deleteSession(readOnly))).toBe("forbidden");
    expect(await outcome(queue.nextItem(readOnly))).toBe("forbidden");
    expect(await outcome(queue.myRatings(readOnly))).toBe("forbidden");
    expect(await outcome(queue.rateContext(readOnly))).toBe("forbidden");
    expect(await outcome(evalShares.listEvalShares(readOnly))).toBe("forbidden");
    expect(await outcome(evalShares.createEvalShare(readOnly, { expiresAt: null }))).toBe("forbidden");
    expect(await outcome(runs.startRun(s.id, readOnly))).toBe("forbidden");
    expect(await outcome(runs.cancelRun(other.id, readOnly))).toBe("not_found");
    expect(await db.evalShare.count({ where: { sessionId: s.id } })).toBe(0);

    const rater = await evalAccess.authorizeSession(s.id, member, "evals:rate");
    const next = await queue.nextItem(rater);
    expect(next.state).toBe("item");
    // the item is claimed for the person the check was made for
    if (next.state === "item")
      expect(await db.evalAssignment.findUniqueOrThrow({ where: { id: next.item.assignmentId } })).toMatchObject({ raterId: member.id });
    const sharer = await evalAccess.authorizeSession(s.id, member, "evals:share");
    const { share } = await evalShares.createEvalShare(sharer, { expiresAt: null });
    expect(await db.evalShare.findUniqueOrThrow({ where: { id: share.id } })).toMatchObject({ sessionId: s.id, createdById: member.id });
    expect(await outcome(evalShares.revokeEvalShare(readOnly, share.id))).toBe("forbidden");
    expect((await evalShares.revokeEvalShare(sharer, share.id)).status).toBe("revoked");
  });
});
