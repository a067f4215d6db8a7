// Teams: roles, invitations (link and email, single use, races), leave / remove / transfer, and
// team comparisons, through lib/teams/service.ts with several people, and through the route
// handlers (local mode: the viewer is the local user) on the test database.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import type { Env } from "@/lib/env";
import { newId } from "@/lib/ids";
import type { TeamRole } from "@/lib/generated/prisma/enums";
import { startEmulator, type Emulator } from "../emulator/server";
import { startSmtpCapture, type SmtpCapture } from "../auth-servers/smtp";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";

let emulator: Emulator;
let smtp: SmtpCapture;
let db: import("@/lib/generated/prisma/client").PrismaClient;
let env: Env;
let teams: typeof import("@/lib/teams/service");
let access: typeof import("@/lib/compare/access");
let queries: typeof import("@/lib/compare/queries");
let compare: typeof import("@/lib/compare/service");
let api: {
  teams: typeof import("@/app/api/v1/teams/route");
  team: typeof import("@/app/api/v1/teams/[id]/route");
  members: typeof import("@/app/api/v1/teams/[id]/members/route");
  member: typeof import("@/app/api/v1/teams/[id]/members/[userId]/route");
  transfer: typeof import("@/app/api/v1/teams/[id]/transfer/route");
  invites: typeof import("@/app/api/v1/teams/[id]/invites/route");
  invite: typeof import("@/app/api/v1/teams/[id]/invites/[inviteId]/route");
  accept: typeof import("@/app/api/v1/invites/[token]/accept/route");
  comparisons: typeof import("@/app/api/v1/comparisons/route");
  comparison: typeof import("@/app/api/v1/comparisons/[id]/route");
};

beforeAll(async () => {
  emulator = await startEmulator({ scripts: {} });
  smtp = await startSmtpCapture();
  Object.assign(process.env, emulatorEnv(emulator.url), { DATABASE_URL: inject("databaseUrl") });
  const envModule = await import("@/lib/env");
  envModule.resetEnvCache();
  env = envModule.getEnv();
  teams = await import("@/lib/teams/service");
  access = await import("@/lib/compare/access");
  queries = await import("@/lib/compare/queries");
  compare = await import("@/lib/compare/service");
  api = {
    teams: await import("@/app/api/v1/teams/route"),
    team: await import("@/app/api/v1/teams/[id]/route"),
    members: await import("@/app/api/v1/teams/[id]/members/route"),
    member: await import("@/app/api/v1/teams/[id]/members/[userId]/route"),
    transfer: await import("@/app/api/v1/teams/[id]/transfer/route"),
    invites: await import("@/app/api/v1/teams/[id]/invites/route"),
    invite: await import("@/app/api/v1/teams/[id]/invites/[inviteId]/route"),
    accept: await import("@/app/api/v1/invites/[token]/accept/route"),
    comparisons: await import("@/app/api/v1/comparisons/route"),
    comparison: await import("@/app/api/v1/comparisons/[id]/route"),
  };
  db = (await import("@/lib/db")).getDb();
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
});
afterAll(async () => {
  await emulator?.close();
  await smtp?.close();
});

type Person = { id: string; name: string; email: string; local: false };
const ORIGIN = "http://127.0.0.1:3999";
const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const tokenOf = (url: string) => url.split("/invite/")[1]!;

async function person(label: string, email?: string): Promise<Person> {
  const id = `${label}-${randomBytes(5).toString("hex")}`;
  const p: Person = { id, name: `${label} ${id.slice(-4)}`, email: email ?? `${id}@example.test`, local: false };
  await db.user.create({ data: { id, name: p.name, email: p.email } });
  return p;
}

/** A team with one person per role (plus an outsider who is in no team). */
async function teamWithRoles(name = "Eval squad") {
  const [owner, admin, member, viewer, outsider] = await Promise.all(
    ["owner", "admin", "member", "viewer", "outsider"].map((l) => person(l)),
  );
  const team = await teams.createTeam({ name }, owner!);
  await db.teamMember.createMany({
    data: [
      { teamId: team.id, userId: admin!.id, role: "admin" },
      { teamId: team.id, userId: member!.id, role: "member" },
      { teamId: team.id, userId: viewer!.id, role: "viewer" },
    ],
  });
  return { team, owner: owner!, admin: admin!, member: member!, viewer: viewer!, outsider: outsider! };
}

async function roleOf(teamId: string, userId: string): Promise<TeamRole | null> {
  return (await db.teamMember.findUnique({ where: { teamId_userId: { teamId, userId } } }))?.role ?? null;
}

/** The AppError code (or "ok") a call ends with. */
async function outcome(work: Promise<unknown>): Promise<string> {
  return work.then(
    () => "ok",
    (e: unknown) => (e as { code?: string }).code ?? String(e),
  );
}

async function link(
  teamId: string,
  by: Person,
  input: { role?: "admin" | "member" | "viewer"; email?: string; expiresInDays?: number } = {},
  deps = {},
) {
  return teams.createInvite(
    teamId,
    { role: input.role ?? "member", email: input.email ?? null, expiresInDays: input.expiresInDays ?? 7 },
    by,
    { origin: ORIGIN },
    deps,
  );
}

function json(method: string, body?: unknown) {
  return new Request(`${ORIGIN}/api/v1/teams`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const p = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });

describe("teams and roles", () => {
  it("makes the creator the owner; non-members get 404, roles without the permission 403", async () => {
    const { team, owner, admin, member, viewer, outsider } = await teamWithRoles();
    expect(team).toMatchObject({ role: "owner", members: 1 });
    expect(team.permissions).toContain("team:delete");
    expect((await teams.listTeams(admin)).find((t) => t.id === team.id)).toMatchObject({ role: "admin", members: 4, name: "Eval squad" });
    expect(await teams.listTeams(outsider)).toEqual([]);
    expect(await outcome(teams.getTeam(team.id, outsider))).toBe("not_found");
    expect(await outcome(teams.getTeam("not-a-team-id-at-all", owner))).toBe("not_found");

    expect(await outcome(teams.renameTeam(team.id, { name: "Renamed by admin" }, admin))).toBe("ok");
    expect(await outcome(teams.renameTeam(team.id, { name: "x" }, member))).toBe("forbidden");
    expect(await outcome(teams.renameTeam(team.id, { name: "x" }, outsider))).toBe("not_found");
    expect((await teams.getTeam(team.id, viewer)).name).toBe("Renamed by admin");

    expect(await outcome(teams.listMembers(team.id, viewer))).toBe("ok");
    expect((await teams.listMembers(team.id, viewer)).map((m) => m.role)).toEqual(["owner", "admin", "member", "viewer"]);
    expect(await outcome(teams.listInvites(team.id, member))).toBe("forbidden");
    expect(await outcome(teams.listInvites(team.id, outsider))).toBe("not_found");
  });

  it("deletes a team (owner only) with its comparisons and invitations", async () => {
    const { team, owner, admin } = await teamWithRoles();
    await db.comparison.create({ data: { id: newId(), title: "team's", ownerId: admin.id, teamId: team.id } });
    await link(team.id, owner);
    expect(await outcome(teams.deleteTeam(team.id, admin))).toBe("forbidden");
    expect(await db.team.count({ where: { id: team.id } })).toBe(1);
    await teams.deleteTeam(team.id, owner);
    expect(await db.team.count({ where: { id: team.id } })).toBe(0);
    expect(await db.comparison.count({ where: { teamId: team.id } })).toBe(0);
    expect(await db.teamInvite.count({ where: { teamId: team.id } })).toBe(0);
    expect(await outcome(teams.deleteTeam(team.id, owner))).toBe("not_found");
  });

  it("changes roles (team:manage_members), never the owner's", async () => {
    const { team, owner, admin, member, viewer, outsider } = await teamWithRoles();
    expect(await teams.changeRole(team.id, member.id, "viewer", admin)).toMatchObject({ userId: member.id, role: "viewer" });
    expect(await roleOf(team.id, member.id)).toBe("viewer");
    expect(await outcome(teams.changeRole(team.id, owner.id, "admin", admin))).toBe("forbidden");
    expect(await outcome(teams.changeRole(team.id, owner.id, "member", owner))).toBe("forbidden");
    expect(await outcome(teams.changeRole(team.id, admin.id, "viewer", viewer))).toBe("forbidden");
    expect(await outcome(teams.changeRole(team.id, admin.id, "viewer", outsider))).toBe("not_found");
    expect(await outcome(teams.changeRole(team.id, outsider.id, "viewer", owner))).toBe("not_found");
    // an admin may promote a member to admin
    expect(await outcome(teams.changeRole(team.id, viewer.id, "admin", admin))).toBe("ok");
    expect(await roleOf(team.id, owner.id)).toBe("owner");
  });

  it("removes members (team:manage_members); nobody removes the owner; removing oneself is leaving", async () => {
    const { team, owner, admin, member, viewer, outsider } = await teamWithRoles();
    expect(await outcome(teams.removeMember(team.id, owner.id, admin))).toBe("forbidden");
    expect(await outcome(teams.removeMember(team.id, viewer.id, member))).toBe("forbidden");
    expect(await outcome(teams.removeMember(team.id, viewer.id, outsider))).toBe("not_found");
    expect(await outcome(teams.removeMember(team.id, outsider.id, admin))).toBe("not_found");
    expect(await teams.removeMember(team.id, viewer.id, admin)).toEqual({ left: false, teamDeleted: false });
    expect(await roleOf(team.id, viewer.id)).toBeNull();
    // removing oneself is leaving
    expect(await teams.removeMember(team.id, member.id, member)).toEqual({ left: true, teamDeleted: false });
    expect(await roleOf(team.id, member.id)).toBeNull();
    expect(await outcome(teams.getTeam(team.id, member))).toBe("not_found");
    expect(await roleOf(team.id, owner.id)).toBe("owner");
  });

  it("leave: the owner transfers first unless alone, which deletes the team", async () => {
    const { team, owner, admin, member, viewer } = await teamWithRoles();
    expect(await teams.leaveTeam(team.id, viewer)).toEqual({ teamDeleted: false });
    expect(await outcome(teams.leaveTeam(team.id, viewer))).toBe("not_found");
    expect(await outcome(teams.leaveTeam(team.id, owner))).toBe("conflict");
    await teams.leaveTeam(team.id, admin);
    await teams.leaveTeam(team.id, member);
    await db.comparison.create({ data: { id: newId(), title: "left behind", ownerId: owner.id, teamId: team.id } });
    expect(await teams.leaveTeam(team.id, owner)).toEqual({ teamDeleted: true });
    expect(await db.team.count({ where: { id: team.id } })).toBe(0);
    expect(await db.comparison.count({ where: { teamId: team.id } })).toBe(0);
  });

  it("transfers ownership to an existing member in one step; the old owner becomes admin", async () => {
    const { team, owner, admin, member, outsider } = await teamWithRoles();
    expect(await outcome(teams.transferOwnership(team.id, member.id, admin))).toBe("forbidden");
    expect(await outcome(teams.transferOwnership(team.id, outsider.id, owner))).toBe("not_found");
    expect(await outcome(teams.transferOwnership(team.id, owner.id, owner))).toBe("bad_request");
    const members = await teams.transferOwnership(team.id, member.id, owner);
    expect(members.filter((m) => m.role === "owner").map((m) => m.userId)).toEqual([member.id]);
    expect(await roleOf(team.id, owner.id)).toBe("admin");
    // the old owner may now leave; the new one may not while others remain
    expect(await outcome(teams.leaveTeam(team.id, member))).toBe("conflict");
    expect(await outcome(teams.deleteTeam(team.id, owner))).toBe("forbidden");
  });

  it("two transfers at once leave exactly one owner", async () => {
    const { team, owner, admin, member } = await teamWithRoles();
    const results = await Promise.all([
      outcome(teams.transferOwnership(team.id, admin.id, owner)),
      outcome(teams.transferOwnership(team.id, member.id, owner)),
    ]);
    expect(results.sort()).toEqual(["forbidden", "ok"]);
    expect(await db.teamMember.count({ where: { teamId: team.id, role: "owner" } })).toBe(1);
    expect(await roleOf(team.id, owner.id)).toBe("admin");
  });
});

describe("invitations", () => {
  it("by link: single use, expiring (7 days by default), only the token's hash stored", async () => {
    const { team, owner, admin, member, outsider } = await teamWithRoles();
    const joiner = await person("joiner");
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const created = await link(team.id, admin, { role: "viewer" }, { now: () => now });
    expect(created.url).toMatch(new RegExp(`^${ORIGIN}/invite/[A-Za-z0-9_-]{43}$`));
    expect(created.mail).toBeNull();
    expect(created.invite).toMatchObject({
      role: "viewer",
      email: null,
      status: "pending",
      expiresAt: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
      createdBy: { id: admin.id },
    });
    const token = tokenOf(created.url);
    const row = await db.teamInvite.findUniqueOrThrow({ where: { id: created.invite.id } });
    expect(row.tokenHash).toBe(sha(token));
    expect(JSON.stringify(row)).not.toContain(token);
    // members cannot invite; outsiders do not see the team
    expect(await outcome(link(team.id, member))).toBe("forbidden");
    expect(await outcome(link(team.id, outsider))).toBe("not_found");

    expect(await teams.previewInvite(token, joiner)).toMatchObject({ state: "open", team: { id: team.id }, role: "viewer" });
    expect(await teams.acceptInvite(token, joiner)).toEqual({ team: { id: team.id, name: "Eval squad" }, role: "viewer", joined: true });
    expect(await roleOf(team.id, joiner.id)).toBe("viewer");
    // accepting twice is harmless
    expect(await teams.acceptInvite(token, joiner)).toMatchObject({ role: "viewer", joined: false });
    expect(await teams.previewInvite(token, joiner)).toMatchObject({ state: "member" });
    // used: nobody else gets in with it
    const late = await person("late");
    await expect(teams.acceptInvite(token, late)).rejects.toMatchObject({ code: "not_found", message: teams.INVALID_INVITE });
    expect(await teams.previewInvite(token, late)).toEqual({ state: "invalid" });
    expect((await teams.listInvites(team.id, owner))[0]).toMatchObject({ status: "used", usedBy: { id: joiner.id } });
  });

  it("used, revoked, expired and unknown tokens all read the same: not valid", async () => {
    const { team, owner } = await teamWithRoles();
    const [a, b] = [await person("a"), await person("b")];
    const revoked = await link(team.id, owner);
    const revokedView = await teams.revokeInvite(team.id, revoked.invite.id, owner);
    expect(revokedView.status).toBe("revoked");
    expect((await teams.revokeInvite(team.id, revoked.invite.id, owner)).status).toBe("revoked"); // twice: harmless
    const old = await link(team.id, owner, { expiresInDays: 1 }, { now: () => new Date(Date.now() - 2 * 86_400_000) });
    const used = await link(team.id, owner);
    await teams.acceptInvite(tokenOf(used.url), a);
    const errors = [];
    for (const token of [tokenOf(revoked.url), tokenOf(old.url), tokenOf(used.url), randomBytes(32).toString("base64url"), "short", ""]) {
      errors.push(await teams.acceptInvite(token, b).catch((e: Error & { code: string }) => `${e.code}: ${e.message}`));
      expect(await teams.previewInvite(token, b)).toEqual({ state: "invalid" });
    }
    expect(new Set(errors)).toEqual(new Set([`not_found: ${teams.INVALID_INVITE}`]));
    expect(await roleOf(team.id, b.id)).toBeNull();
    // a used one cannot be revoked
    expect(await outcome(teams.revokeInvite(team.id, used.invite.id, owner))).toBe("conflict");
    // another team's invitation id is unknown here
    const other = await teamWithRoles();
    expect(await outcome(teams.revokeInvite(other.team.id, revoked.invite.id, other.owner))).toBe("not_found");
  });

  it("one single-use invitation accepted by many at once makes exactly one member", async () => {
    const { team, owner } = await teamWithRoles();
    const created = await link(team.id, owner);
    const crowd = await Promise.all(Array.from({ length: 8 }, (_, i) => person(`racer${i}`)));
    const results = await Promise.all(crowd.map((p) => outcome(teams.acceptInvite(tokenOf(created.url), p))));
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(results.filter((r) => r === "not_found")).toHaveLength(7);
    expect(await db.teamMember.count({ where: { teamId: team.id, userId: { in: crowd.map((p) => p.id) } } })).toBe(1);
    expect(await db.teamInvite.findUniqueOrThrow({ where: { id: created.invite.id } })).toMatchObject({
      usedById: crowd[results.indexOf("ok")]!.id,
    });
  });

  it("the same person accepting twice at once joins once", async () => {
    const { team, owner } = await teamWithRoles();
    const created = await link(team.id, owner, { role: "admin" });
    const joiner = await person("double");
    const results = await Promise.all([teams.acceptInvite(tokenOf(created.url), joiner), teams.acceptInvite(tokenOf(created.url), joiner)]);
    expect(results.map((r) => r.joined).sort()).toEqual([false, true]);
    expect(results.every((r) => r.role === "admin")).toBe(true);
    expect(await db.teamMember.count({ where: { teamId: team.id, userId: joiner.id } })).toBe(1);
  });

  it("an existing member accepting changes nothing and leaves the invitation open", async () => {
    const { team, owner, viewer } = await teamWithRoles();
    const created = await link(team.id, owner, { role: "admin" });
    expect(await teams.acceptInvite(tokenOf(created.url), viewer)).toMatchObject({ role: "viewer", joined: false });
    expect(await roleOf(team.id, viewer.id)).toBe("viewer");
    expect((await db.teamInvite.findUniqueOrThrow({ where: { id: created.invite.id } })).usedAt).toBeNull();
    expect(await teams.acceptInvite(tokenOf(created.url), owner)).toMatchObject({ role: "owner", joined: false });
  });

  it("by email: mailed through the SMTP settings, and only that address may accept", async () => {
    const { team, owner } = await teamWithRoles("Mail team");
    const invitee = await person("invitee", `Invitee-${randomBytes(3).toString("hex")}@Example.test`);
    const stranger = await person("stranger");
    const mailEnv: Env = { ...env, auth: { ...env.auth, email: { server: smtp.url, from: "Juxta <juxta@example.test>" } } };
    const created = await link(team.id, owner, { email: invitee.email, role: "member" }, { env: mailEnv });
    expect(created.mail).toBe("sent");
    expect(created.invite.email).toBe(invitee.email.toLowerCase());
    const mail = await smtp.waitForMessage(invitee.email);
    expect(mail.subject).toBe("Join Mail team on Juxta");
    expect(mail.text).toContain(created.url);
    expect(mail.html).toContain(created.url);
    expect(await teams.previewInvite(tokenOf(created.url), stranger)).toMatchObject({ state: "wrong_email" });
    expect(await outcome(teams.acceptInvite(tokenOf(created.url), stranger))).toBe("forbidden");
    expect(await outcome(teams.acceptInvite(tokenOf(created.url), { id: LOCAL_USER_ID, email: null }))).toBe("forbidden");
    // the address compares case-insensitively
    expect(await teams.acceptInvite(tokenOf(created.url), { id: invitee.id, email: invitee.email.toUpperCase() })).toMatchObject({
      joined: true,
      role: "member",
    });
    // an address already in the team is refused
    expect(await outcome(link(team.id, owner, { email: invitee.email }, { env: mailEnv }))).toBe("conflict");
  });

  it("by email without SMTP (or with SMTP down): nothing sent, the link is returned to copy", async () => {
    const { team, owner } = await teamWithRoles();
    const noMail: Env = { ...env, auth: { ...env.auth, email: undefined } };
    const created = await link(team.id, owner, { email: "someone@example.test" }, { env: noMail });
    expect(created.mail).toBe("not_configured");
    expect(created.url).toContain("/invite/");
    const down: Env = { ...env, auth: { ...env.auth, email: { server: "smtp://127.0.0.1:9", from: "juxta@example.test" } } };
    expect((await link(team.id, owner, { email: "other@example.test" }, { env: down })).mail).toBe("failed");
  });
});

describe("team comparisons", () => {
  it("readable by every role, changeable with comparisons:write, 404 for everyone else", async () => {
    const { team, owner, admin, member, viewer, outsider } = await teamWithRoles();
    const id = newId();
    await db.comparison.create({ data: { id, title: "Team comparison", ownerId: member.id, teamId: team.id } });
    for (const who of [owner, admin, member, viewer]) expect(await outcome(access.authorizeComparisonOrThrow(id, who, "read"))).toBe("ok");
    for (const who of [owner, admin, member]) expect(await outcome(access.authorizeComparisonOrThrow(id, who, "write"))).toBe("ok");
    expect(await outcome(access.authorizeComparisonOrThrow(id, viewer, "write"))).toBe("forbidden");
    expect(await outcome(access.authorizeComparisonOrThrow(id, outsider, "read"))).toBe("not_found");
    expect(await access.authorizeComparisonOrThrow(id, viewer, "read")).toMatchObject({ teamId: team.id, role: "viewer", canWrite: false });

    // history: own plus teams', with the team filter
    const own = newId();
    await db.comparison.create({ data: { id: own, title: "Viewer's own", ownerId: viewer.id } });
    const listed = await queries.listComparisons({ viewer });
    expect(listed.items.map((i) => i.id).sort()).toEqual([id, own].sort());
    expect(listed.items.find((i) => i.id === id)!.team).toEqual({ id: team.id, name: "Eval squad" });
    expect((await queries.listComparisons({ viewer, team: team.id })).items.map((i) => i.id)).toEqual([id]);
    expect((await queries.listComparisons({ viewer, team: "personal" })).items.map((i) => i.id)).toEqual([own]);
    expect((await queries.listComparisons({ viewer: outsider })).items).toEqual([]);
    // the maker of a team comparison sees it through the team: after leaving, not at all
    await teams.leaveTeam(team.id, member);
    expect(await outcome(access.authorizeComparisonOrThrow(id, member, "read"))).toBe("not_found");
    expect((await queries.listComparisons({ viewer: member })).items).toEqual([]);
  });

  it("a new team comparison needs comparisons:write in that team", async () => {
    const { team, member, viewer, outsider } = await teamWithRoles();
    expect(await access.comparisonOwnerOrThrow({ teamId: team.id }, member)).toEqual({ ownerId: member.id, teamId: team.id });
    expect(await access.comparisonOwnerOrThrow({}, viewer)).toEqual({ ownerId: viewer.id, teamId: null });
    await expect(access.comparisonOwnerOrThrow({ teamId: team.id }, viewer)).rejects.toMatchObject({ code: "forbidden", field: "teamId" });
    await expect(access.comparisonOwnerOrThrow({ teamId: team.id }, outsider)).rejects.toMatchObject({
      code: "not_found",
      field: "teamId",
    });
  });

  it("POST /api/v1/comparisons with teamId stores the team; GET ?team= lists it; a read-only role cannot", async () => {
    // local mode: the local user owns one team and is a viewer in another
    const mine = await teams.createTeam({ name: "Local's team" }, { id: LOCAL_USER_ID });
    const { team: theirs } = await teamWithRoles("Someone else's");
    await db.teamMember.create({ data: { teamId: theirs.id, userId: LOCAL_USER_ID, role: "viewer" } });

    const post = (body: unknown) =>
      api.comparisons.POST(new Request(`${ORIGIN}/api/v1/comparisons`, { method: "POST", body: JSON.stringify(body) }));
    const prompt = 'Team run [[emulate:{"ttftMs":5,"tokensPerSecond":0}]]';
    const res = await post({ prompt, models: ["openai:gpt-4o-mini", "azure:prod-mini"], teamId: mine.id });
    expect(res.status).toBe(200);
    const events = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; id?: string });
    const id = events.find((e) => e.type === "done")!.id!;
    expect(await db.comparison.findUniqueOrThrow({ where: { id }, select: { teamId: true, ownerId: true } })).toEqual({
      teamId: mine.id,
      ownerId: LOCAL_USER_ID,
    });

    const denied = await post({ prompt: "x", models: ["openai:gpt-4o-mini"], teamId: theirs.id });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { field: string } }).error.field).toBe("teamId");
    expect((await post({ prompt: "x", models: ["openai:gpt-4o-mini"], teamId: "unknown-team-0001" })).status).toBe(404);
    expect((await post({ prompt: "x", models: ["openai:gpt-4o-mini"], teamId: 5 })).status).toBe(400);
    const before = await db.comparison.count();
    expect((await post({ prompt: "x", models: ["openai:gpt-4o-mini"], teamId: theirs.id })).status).toBe(403);
    expect(await db.comparison.count()).toBe(before);

    const list = async (q: string) => {
      const r = await api.comparisons.GET(new Request(`${ORIGIN}/api/v1/comparisons${q}`));
      return { status: r.status, body: (await r.json()) as { items?: { id: string; team: { id: string } | null }[] } };
    };
    const filtered = await list(`?team=${mine.id}`);
    expect(filtered.status).toBe(200);
    expect(filtered.body.items!.map((i) => i.id)).toEqual([id]);
    expect((await list("?team=personal")).body.items!.map((i) => i.id)).not.toContain(id);
    expect((await list("?team=no-such-team-01")).status).toBe(404);
    expect((await list("?team=x")).status).toBe(400);

    // the viewer role reads the other team's comparison but cannot rename it
    const theirsId = newId();
    await db.comparison.create({ data: { id: theirsId, title: "Theirs", ownerId: null, teamId: theirs.id } });
    expect((await api.comparison.GET(new Request(ORIGIN), p({ id: theirsId }))).status).toBe(200);
    const rename = await api.comparison.PATCH(
      new Request(ORIGIN, { method: "PATCH", body: JSON.stringify({ title: "Mine now" }) }),
      p({ id: theirsId }),
    );
    expect(rename.status).toBe(403);
    expect((await db.comparison.findUniqueOrThrow({ where: { id: theirsId } })).title).toBe("Theirs");
    expect((await api.comparison.DELETE(new Request(ORIGIN, { method: "DELETE" }), p({ id: theirsId }))).status).toBe(403);
    expect(await db.comparison.count({ where: { id: theirsId } })).toBe(1);
  });

  it("startComparison stores the owner's team and nothing from the input's teamId", async () => {
    const { team, member } = await teamWithRoles();
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const { id } = compare.startComparison(
      { prompt: 'quick [[emulate:{"ttftMs":1,"tokensPerSecond":0}]]', models: ["openai:gpt-4o-mini"], teamId: "not-checked-000" },
      { ownerId: member.id, teamId: team.id },
      { observe: (e) => e.type === "done" && done() },
    );
    await finished;
    expect((await db.comparison.findUniqueOrThrow({ where: { id } })).teamId).toBe(team.id);
  });
});

describe("team routes (local mode)", () => {
  it("create, read, rename, members, invites, accept, delete through /api/v1", async () => {
    const created = await api.teams.POST(json("POST", { name: "  API team  " }));
    expect(created.status).toBe(201);
    const team = (await created.json()) as { id: string; name: string; role: string; permissions: string[] };
    expect(team).toMatchObject({ name: "API team", role: "owner" });

    const bad = async (res: Response, status: number, field: string | null) => {
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: { field: string | null; message: string } };
      expect(body.error.field).toBe(field);
      expect(body.error.message.length).toBeGreaterThan(5);
    };
    const teamsBefore = await db.team.count();
    await bad(await api.teams.POST(json("POST", { name: "" })), 400, "name");
    await bad(await api.teams.POST(json("POST", { name: "x".repeat(101) })), 400, "name");
    await bad(await api.teams.POST(json("POST", { name: "ok", extra: 1 })), 400, null);
    expect(await db.team.count()).toBe(teamsBefore);

    expect((await api.teams.GET()).status).toBe(200);
    expect((await api.team.GET(new Request(ORIGIN), p({ id: team.id }))).status).toBe(200);
    expect((await api.team.GET(new Request(ORIGIN), p({ id: "no-such-team-000" }))).status).toBe(404);
    expect((await api.team.GET(new Request(ORIGIN), p({ id: "../../etc" }))).status).toBe(404);
    const renamed = await api.team.PATCH(json("PATCH", { name: "API team 2" }), p({ id: team.id }));
    expect(((await renamed.json()) as { name: string }).name).toBe("API team 2");
    await bad(await api.team.PATCH(json("PATCH", { name: " " }), p({ id: team.id })), 400, "name");

    const invitesBefore = await db.teamInvite.count();
    await bad(await api.invites.POST(json("POST", { role: "owner" }), p({ id: team.id })), 400, "role");
    await bad(await api.invites.POST(json("POST", { role: "member", expiresInDays: 31 }), p({ id: team.id })), 400, "expiresInDays");
    await bad(await api.invites.POST(json("POST", { role: "member", expiresInDays: 0 }), p({ id: team.id })), 400, "expiresInDays");
    await bad(await api.invites.POST(json("POST", { role: "member", email: "not an address" }), p({ id: team.id })), 400, "email");
    expect(await db.teamInvite.count()).toBe(invitesBefore);
    const inv = await api.invites.POST(json("POST", { role: "member", expiresInDays: 30 }), p({ id: team.id }));
    expect(inv.status).toBe(201);
    expect(inv.headers.get("cache-control")).toBe("no-store");
    const invite = (await inv.json()) as { id: string; url: string; mail: null; status: string; expiresAt: string };
    expect(invite).toMatchObject({ status: "pending", mail: null });
    expect(new Date(invite.expiresAt).getTime() - Date.now()).toBeGreaterThan(29.9 * 86_400_000);
    const listed = (await (await api.invites.GET(new Request(ORIGIN), p({ id: team.id }))).json()) as {
      invites: Record<string, unknown>[];
    };
    expect(listed.invites.map((i) => i.id)).toEqual([invite.id]);
    expect(JSON.stringify(listed)).not.toContain(tokenOf(invite.url));

    // someone else accepts it (service: the route's viewer is the local user), then shows up as a member
    const bob = await person("bob");
    await teams.acceptInvite(tokenOf(invite.url), bob);
    const members = (await (await api.members.GET(new Request(ORIGIN), p({ id: team.id }))).json()) as {
      members: { userId: string; role: string }[];
    };
    expect(members.members.map((m) => [m.userId, m.role])).toEqual([
      [LOCAL_USER_ID, "owner"],
      [bob.id, "member"],
    ]);
    // the local user accepting it now: the same "not valid" as any unusable link
    const again = await api.accept.POST(new Request(ORIGIN, { method: "POST" }), p({ token: tokenOf(invite.url) }));
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { message: string } }).error.message).toBe(teams.INVALID_INVITE);
    expect(
      (await api.accept.POST(new Request(ORIGIN, { method: "POST", body: '{"x":1}' }), p({ token: tokenOf(invite.url) }))).status,
    ).toBe(400);

    const roleRes = await api.member.PATCH(json("PATCH", { role: "viewer" }), p({ id: team.id, userId: bob.id }));
    expect(((await roleRes.json()) as { role: string }).role).toBe("viewer");
    await bad(await api.member.PATCH(json("PATCH", { role: "owner" }), p({ id: team.id, userId: bob.id })), 400, "role");
    expect((await api.member.PATCH(json("PATCH", { role: "admin" }), p({ id: team.id, userId: LOCAL_USER_ID }))).status).toBe(403);
    await bad(await api.transfer.POST(json("POST", { userId: "" }), p({ id: team.id })), 400, "userId");
    expect((await api.transfer.POST(json("POST", { userId: "not-a-member" }), p({ id: team.id }))).status).toBe(404);
    expect((await api.member.DELETE(new Request(ORIGIN), p({ id: team.id, userId: LOCAL_USER_ID }))).status).toBe(409); // the owner leaving with others in
    const transferred = await api.transfer.POST(json("POST", { userId: bob.id }), p({ id: team.id }));
    expect(transferred.status).toBe(200);
    expect(await roleOf(team.id, LOCAL_USER_ID)).toBe("admin");
    expect((await api.team.DELETE(new Request(ORIGIN), p({ id: team.id }))).status).toBe(403);

    const second = (await (await api.invites.POST(json("POST", { role: "viewer" }), p({ id: team.id }))).json()) as { id: string };
    expect((await api.invite.DELETE(new Request(ORIGIN), p({ id: team.id, inviteId: second.id }))).status).toBe(204);
    expect((await api.invite.DELETE(new Request(ORIGIN), p({ id: team.id, inviteId: "nope-nope-nope" }))).status).toBe(404);
    expect((await api.member.DELETE(new Request(ORIGIN), p({ id: team.id, userId: bob.id }))).status).toBe(403); // nobody removes the owner
    const left = await api.member.DELETE(new Request(ORIGIN), p({ id: team.id, userId: LOCAL_USER_ID }));
    expect(await left.json()).toEqual({ left: true, teamDeleted: false });
    expect((await api.team.GET(new Request(ORIGIN), p({ id: team.id }))).status).toBe(404);
  });
});
