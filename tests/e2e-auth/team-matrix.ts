// The access-control matrix for teams (issue 5): every team entry point, and the comparison entry
// points on a team's comparison, called as the team's owner, admin, member and viewer, as a
// signed-in outsider, and anonymously. Registered by access-matrix.spec.ts, whose first test also
// checks that `teamRoutes` and `teamActions` together with its own rows list every entry point.
//
// People are made like the matrix's own: User, Session (cookie for pages and actions) and
// ApiToken (Bearer for /api/v1) rows written with `pg`. Every test gets a fresh team (one member
// per role plus a "subject" member to act on, a link invitation, an email invitation for somebody
// else) and, for the team-comparison rows, a finished comparison of the team's.
import { createHash, randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import pg from "pg";

export const TEAM_WHO = ["owner", "admin", "member", "viewer", "outsider", "anonymous"] as const;
export type TeamWho = (typeof TEAM_WHO)[number];
type Person = Exclude<TeamWho, "anonymous">;
type Expect = number | "signin" | "ok" | "listed" | "unlisted";
/** What a server action returns: "ok" or its error code. */
type ActionExpect = "ok" | "unauthorized" | "not_found" | "forbidden" | "conflict";

export type TeamCtx = {
  teamId: string;
  /** a member (role "member") the rows act on: change role, remove, transfer to */
  subjectId: string;
  inviteId: string;
  inviteToken: string;
  /** an open invitation for an address nobody in the matrix has */
  emailInviteToken: string;
  revokedInviteToken: string;
  /** a finished comparison of the team's, made by its member */
  comparisonId: string;
};
type Call = { method: string; path: (c: TeamCtx) => string; body?: (c: TeamCtx) => unknown; listed?: (c: TeamCtx) => string };
type Row = Call & Record<TeamWho, Expect>;
type ActionRow = { args: (c: TeamCtx) => unknown[] } & Record<TeamWho, ActionExpect>;

const members = { owner: 200, admin: 200, member: 200, viewer: 200 } as const;
const managers = (ok: number) => ({ owner: ok, admin: ok, member: 403, viewer: 403, outsider: 404, anonymous: 401 }) as const;
const writers = (ok: number) => ({ owner: ok, admin: ok, member: ok, viewer: 403, outsider: 404, anonymous: 401 }) as const;

// ---------------------------------------------------------------------------------------------
// Team pages and routes (entry points: the keys are checked against the source tree)
export const teamRoutes: Record<string, Row> = {
  "GET /teams": {
    method: "GET",
    path: () => "/teams",
    owner: "listed",
    admin: "listed",
    member: "listed",
    viewer: "listed",
    outsider: "unlisted",
    anonymous: "signin",
  },
  "GET /teams/[id]": { method: "GET", path: (c) => `/teams/${c.teamId}`, ...members, outsider: 404, anonymous: "signin" },
  // everyone signed in may open a link they hold; a member sees "you are a member"
  "GET /invite/[token]": { method: "GET", path: (c) => `/invite/${c.inviteToken}`, ...members, outsider: 200, anonymous: "signin" },
  "GET /api/v1/teams": {
    method: "GET",
    path: () => "/api/v1/teams",
    owner: "listed",
    admin: "listed",
    member: "listed",
    viewer: "listed",
    outsider: "unlisted",
    anonymous: 401,
  },
  "POST /api/v1/teams": {
    method: "POST",
    path: () => "/api/v1/teams",
    body: () => ({ name: "Made by the matrix" }),
    owner: 201,
    admin: 201,
    member: 201,
    viewer: 201,
    outsider: 201,
    anonymous: 401,
  },
  "GET /api/v1/teams/[id]": { method: "GET", path: (c) => `/api/v1/teams/${c.teamId}`, ...members, outsider: 404, anonymous: 401 },
  "PATCH /api/v1/teams/[id]": {
    method: "PATCH",
    path: (c) => `/api/v1/teams/${c.teamId}`,
    body: () => ({ name: "Renamed by the matrix" }),
    ...managers(200),
  },
  "DELETE /api/v1/teams/[id]": {
    method: "DELETE",
    path: (c) => `/api/v1/teams/${c.teamId}`,
    owner: 204,
    admin: 403,
    member: 403,
    viewer: 403,
    outsider: 404,
    anonymous: 401,
  },
  "GET /api/v1/teams/[id]/members": {
    method: "GET",
    path: (c) => `/api/v1/teams/${c.teamId}/members`,
    ...members,
    outsider: 404,
    anonymous: 401,
  },
  "PATCH /api/v1/teams/[id]/members/[userId]": {
    method: "PATCH",
    path: (c) => `/api/v1/teams/${c.teamId}/members/${c.subjectId}`,
    body: () => ({ role: "viewer" }),
    ...managers(200),
  },
  "DELETE /api/v1/teams/[id]/members/[userId]": {
    method: "DELETE",
    path: (c) => `/api/v1/teams/${c.teamId}/members/${c.subjectId}`,
    ...managers(200),
  },
  "POST /api/v1/teams/[id]/transfer": {
    method: "POST",
    path: (c) => `/api/v1/teams/${c.teamId}/transfer`,
    body: (c) => ({ userId: c.subjectId }),
    owner: 200,
    admin: 403,
    member: 403,
    viewer: 403,
    outsider: 404,
    anonymous: 401,
  },
  "GET /api/v1/teams/[id]/invites": { method: "GET", path: (c) => `/api/v1/teams/${c.teamId}/invites`, ...managers(200) },
  "POST /api/v1/teams/[id]/invites": {
    method: "POST",
    path: (c) => `/api/v1/teams/${c.teamId}/invites`,
    body: () => ({ role: "member" }),
    ...managers(201),
  },
  "DELETE /api/v1/teams/[id]/invites/[inviteId]": {
    method: "DELETE",
    path: (c) => `/api/v1/teams/${c.teamId}/invites/${c.inviteId}`,
    ...managers(204),
  },
  // members already in: 200 with joined false; the outsider joins
  "POST /api/v1/invites/[token]/accept": {
    method: "POST",
    path: (c) => `/api/v1/invites/${c.inviteToken}/accept`,
    ...members,
    outsider: 200,
    anonymous: 401,
  },
};

// Further cases on the same entry points (not entry points themselves): unusable invitations, and
// every comparison entry point on a team's comparison.
export const teamCases: Record<string, Row> = {
  // only the addressee may accept, whoever else holds the link (members included)
  "accept: an email invitation for another address": {
    method: "POST",
    path: (c) => `/api/v1/invites/${c.emailInviteToken}/accept`,
    owner: 403,
    admin: 403,
    member: 403,
    viewer: 403,
    outsider: 403,
    anonymous: 401,
  },
  "accept: a revoked invitation": {
    method: "POST",
    path: (c) => `/api/v1/invites/${c.revokedInviteToken}/accept`,
    owner: 404,
    admin: 404,
    member: 404,
    viewer: 404,
    outsider: 404,
    anonymous: 401,
  },
  "GET /invite/<revoked token>": {
    method: "GET",
    path: (c) => `/invite/${c.revokedInviteToken}`,
    owner: 404,
    admin: 404,
    member: 404,
    viewer: 404,
    outsider: 404,
    anonymous: "signin",
  },

  "team comparison: POST /api/v1/comparisons with teamId": {
    method: "POST",
    path: () => "/api/v1/comparisons",
    body: (c) => ({ prompt: 'team matrix [[emulate:{"ttftMs":5,"tokensPerSecond":0}]]', models: ["openai:gpt-4o-mini"], teamId: c.teamId }),
    ...writers(200),
  },
  "team comparison: GET /c/[id]": { method: "GET", path: (c) => `/c/${c.comparisonId}`, ...members, outsider: 404, anonymous: "signin" },
  "team comparison: GET /history?team=": {
    method: "GET",
    path: (c) => `/history?team=${c.teamId}`,
    listed: (c) => c.comparisonId,
    owner: "listed",
    admin: "listed",
    member: "listed",
    viewer: "listed",
    outsider: "unlisted",
    anonymous: "signin",
  },
  "team comparison: GET /history": {
    method: "GET",
    path: () => "/history",
    listed: (c) => c.comparisonId,
    owner: "listed",
    admin: "listed",
    member: "listed",
    viewer: "listed",
    outsider: "unlisted",
    anonymous: "signin",
  },
  "team comparison: GET /api/v1/comparisons": {
    method: "GET",
    path: () => "/api/v1/comparisons",
    listed: (c) => c.comparisonId,
    owner: "listed",
    admin: "listed",
    member: "listed",
    viewer: "listed",
    outsider: "unlisted",
    anonymous: 401,
  },
  "team comparison: GET /api/v1/comparisons?team=": {
    method: "GET",
    path: (c) => `/api/v1/comparisons?team=${c.teamId}`,
    listed: (c) => c.comparisonId,
    owner: "listed",
    admin: "listed",
    member: "listed",
    viewer: "listed",
    outsider: 404,
    anonymous: 401,
  },
  // issue 14: a team's judge trust figures, for its members only
  "team comparison: GET /api/v1/judges?team=": {
    method: "GET",
    path: (c) => `/api/v1/judges?team=${c.teamId}&rounds=10`,
    ...members,
    outsider: 404,
    anonymous: 401,
  },
  "team comparison: GET /api/v1/comparisons/[id]": {
    method: "GET",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}`,
    ...members,
    outsider: 404,
    anonymous: 401,
  },
  "team comparison: PATCH /api/v1/comparisons/[id]": {
    method: "PATCH",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}`,
    body: () => ({ title: "Renamed by the team matrix" }),
    ...writers(200),
  },
  "team comparison: DELETE /api/v1/comparisons/[id]": {
    method: "DELETE",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}`,
    ...writers(204),
  },
  "team comparison: GET /api/v1/comparisons/[id]/events": {
    method: "GET",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/events`,
    ...members,
    outsider: 404,
    anonymous: 401,
  },
  "team comparison: POST /api/v1/comparisons/[id]/turns": {
    method: "POST",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/turns`,
    body: () => ({ prompt: 'follow-up from the team matrix [[emulate:{"ttftMs":5,"tokensPerSecond":0}]]' }),
    ...writers(200),
  },
  "team comparison: POST /api/v1/comparisons/[id]/stop": {
    method: "POST",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/stop`,
    body: () => ({}),
    ...writers(200),
  },
  // issue 11: a typed-in tool result needs comparisons:write (a viewer: 403); no call of the fixture waits (404)
  "team comparison: POST /api/v1/comparisons/[id]/tool-results": {
    method: "POST",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/tool-results`,
    body: () => ({ pane: 0, toolCallId: "s1-0", result: 1 }),
    ...writers(404),
  },
  "team comparison: POST /api/v1/comparisons/[id]/panes/[pane]/retry": {
    method: "POST",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/panes/0/retry`,
    ...writers(200),
  },
  "team comparison: GET /api/v1/comparisons/[id]/votes": {
    method: "GET",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/votes`,
    ...members,
    outsider: 404,
    anonymous: 401,
  },
  "team comparison: POST /api/v1/comparisons/[id]/votes": {
    method: "POST",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/votes`,
    body: () => ({ outcome: "a" }),
    ...writers(201),
  },
  "team comparison: GET /api/v1/comparisons/[id]/feedback": {
    method: "GET",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/feedback`,
    ...members,
    outsider: 404,
    anonymous: 401,
  },
  "team comparison: PUT /api/v1/comparisons/[id]/feedback": {
    method: "PUT",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/feedback`,
    body: () => ({ pane: 0, thumb: "down" }),
    ...writers(200),
  },
  "team comparison: GET /api/v1/comparisons/[id]/shares": {
    method: "GET",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/shares`,
    ...members,
    outsider: 404,
    anonymous: 401,
  },
  "team comparison: POST /api/v1/comparisons/[id]/shares": {
    method: "POST",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/shares`,
    body: () => ({}),
    ...writers(201),
  },
  "team comparison: GET /api/v1/comparisons/[id]/export": {
    method: "GET",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/export?format=json`,
    ...members,
    outsider: 404,
    anonymous: 401,
  },
};

// ---------------------------------------------------------------------------------------------
// Server actions (entry points: file#export)
const manage = {
  owner: "ok",
  admin: "ok",
  member: "forbidden",
  viewer: "forbidden",
  outsider: "not_found",
  anonymous: "unauthorized",
} as const;
const ownerOnly = {
  owner: "ok",
  admin: "forbidden",
  member: "forbidden",
  viewer: "forbidden",
  outsider: "not_found",
  anonymous: "unauthorized",
} as const;
const write = { owner: "ok", admin: "ok", member: "ok", viewer: "forbidden", outsider: "not_found", anonymous: "unauthorized" } as const;
const everyone = { owner: "ok", admin: "ok", member: "ok", viewer: "ok", outsider: "ok", anonymous: "unauthorized" } as const;

export const teamActions: Record<string, ActionRow> = {
  "app/teams/actions.ts#createTeamAction": { args: () => [{ name: "Made by a matrix action" }], ...everyone },
  "app/teams/actions.ts#renameTeamAction": { args: (c) => [c.teamId, { name: "Renamed by a matrix action" }], ...manage },
  "app/teams/actions.ts#deleteTeamAction": { args: (c) => [c.teamId], ...ownerOnly },
  "app/teams/actions.ts#createInviteAction": { args: (c) => [c.teamId, { role: "viewer" }], ...manage },
  "app/teams/actions.ts#revokeInviteAction": { args: (c) => [c.teamId, c.inviteId], ...manage },
  "app/teams/actions.ts#changeRoleAction": { args: (c) => [c.teamId, c.subjectId, { role: "viewer" }], ...manage },
  "app/teams/actions.ts#removeMemberAction": { args: (c) => [c.teamId, c.subjectId], ...manage },
  // the owner cannot leave while others are in (transfer first)
  "app/teams/actions.ts#leaveTeamAction": {
    args: (c) => [c.teamId],
    owner: "conflict",
    admin: "ok",
    member: "ok",
    viewer: "ok",
    outsider: "not_found",
    anonymous: "unauthorized",
  },
  "app/teams/actions.ts#transferOwnershipAction": { args: (c) => [c.teamId, c.subjectId], ...ownerOnly },
  "app/invite/actions.ts#acceptInviteAction": { args: (c) => [c.inviteToken], ...everyone },
};

// Comparison actions on a team's comparison (not entry points of their own: the matrix has their rows)
export const teamComparisonActions: Record<string, ActionRow> = {
  "app/actions.ts#startComparisonAction": {
    args: (c) => [{ prompt: 'team action [[emulate:{"ttftMs":5,"tokensPerSecond":0}]]', models: ["openai:gpt-4o-mini"], teamId: c.teamId }],
    ...write,
  },
  "app/actions.ts#followUpAction": { args: (c) => [c.comparisonId, { prompt: "x" }], ...write },
  "app/actions.ts#stopAction": { args: (c) => [c.comparisonId], ...write },
  // issue 11: no call of the fixture waits for a result, so writers get not_found after the access check
  "app/actions.ts#toolResultAction": {
    args: (c) => [c.comparisonId, { pane: 0, toolCallId: "s1-0", result: 1 }],
    owner: "not_found",
    admin: "not_found",
    member: "not_found",
    viewer: "forbidden",
    outsider: "not_found",
    anonymous: "unauthorized",
  },
  "app/actions.ts#retryPaneAction": { args: (c) => [c.comparisonId, 0], ...write },
  "app/actions.ts#voteAction": { args: (c) => [c.comparisonId, { best: 0 }], ...write },
  "app/actions.ts#saveFeedbackAction": { args: (c) => [c.comparisonId, { pane: 0, thumb: "up" }], ...write },
  "app/history/actions.ts#renameComparisonAction": { args: (c) => [{ id: c.comparisonId, title: "t" }], ...write },
  "app/history/actions.ts#deleteComparisonAction": { args: (c) => [c.comparisonId], ...write },
  "app/history/actions.ts#restoreComparisonAction": { args: (c) => [c.comparisonId], ...write },
  "app/share-actions.ts#createShareAction": { args: (c) => [c.comparisonId, {}], ...write },
  "app/share-actions.ts#listSharesAction": {
    args: (c) => [c.comparisonId],
    owner: "ok",
    admin: "ok",
    member: "ok",
    viewer: "ok",
    outsider: "not_found",
    anonymous: "unauthorized",
  },
  // a re-run is a new personal comparison of the caller's: reading the team's is enough
  "app/share-actions.ts#rerunComparisonAction": {
    args: (c) => [c.comparisonId],
    owner: "ok",
    admin: "ok",
    member: "ok",
    viewer: "ok",
    outsider: "not_found",
    anonymous: "unauthorized",
  },
  // its cost estimate (issue 10): the same people
  "app/share-actions.ts#estimateRerunAction": {
    args: (c) => [c.comparisonId],
    owner: "ok",
    admin: "ok",
    member: "ok",
    viewer: "ok",
    outsider: "not_found",
    anonymous: "unauthorized",
  },
};

// ---------------------------------------------------------------------------------------------
// People and fixtures

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const newId = () => randomBytes(12).toString("base64url");
const tag = randomBytes(4).toString("hex");
const people: Record<Person, { id: string; session: string; token: string }> = Object.fromEntries(
  (["owner", "admin", "member", "viewer", "outsider"] as const).map((who) => [
    who,
    { id: `matrix-team-${who}-${tag}`, session: randomBytes(32).toString("hex"), token: `jx_${randomBytes(32).toString("base64url")}` },
  ]),
) as Record<Person, { id: string; session: string; token: string }>;

export type TeamMatrixDeps = {
  /** the app's database and base URL (test-results/e2e-auth.json) */
  state: () => { databaseUrl: string; baseURL: string };
  /** the action id and the page it is posted to, from the build's manifest */
  actionTarget: (name: string) => { id: string; page: string };
};

function authHeaders(who: TeamWho, kind: "page" | "api"): Record<string, string> {
  if (who === "anonymous") return {};
  const p = people[who];
  return kind === "api" ? { authorization: `Bearer ${p.token}` } : { cookie: `next-auth.session-token=${p.session}` };
}

async function finishedComparison(res: APIResponse): Promise<string> {
  expect(res.status(), await res.text().catch(() => "")).toBe(200);
  const lines = (await res.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { type: string; id?: string });
  const done = lines.find((l) => l.type === "done");
  expect(done, "the comparison's stream ends with done").toBeTruthy();
  return done!.id!;
}

export function registerTeamMatrix(deps: TeamMatrixDeps): void {
  let db: pg.Client;

  test.beforeAll(async () => {
    db = new pg.Client({ connectionString: deps.state().databaseUrl });
    await db.connect();
    for (const [who, p] of Object.entries(people)) {
      await db.query(`INSERT INTO "User" (id, name, email) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`, [
        p.id,
        `Team matrix ${who}`,
        `${p.id}@example.test`,
      ]);
      await db.query(
        `INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 day') ON CONFLICT (id) DO NOTHING`,
        [`s-${p.id}`, sha(p.session), p.id], // stored hashed (lib/auth/hashed-sessions.ts)
      );
      await db.query(
        `INSERT INTO "ApiToken" (id, "userId", name, "tokenHash", prefix) VALUES ($1, $2, 'team matrix', $3, 'jx_xxxx') ON CONFLICT (id) DO NOTHING`,
        [`t-${p.id}`.slice(0, 30), p.id, sha(p.token)],
      );
    }
  });
  test.afterAll(async () => {
    await db?.end();
  });

  /** A fresh team: one member per role, a subject member, invitations, and (when asked) a finished team comparison. */
  async function freshTeam(request: APIRequestContext, withComparison: boolean): Promise<TeamCtx> {
    const teamId = newId();
    const subjectId = `matrix-team-subject-${randomBytes(5).toString("hex")}`;
    await db.query(`INSERT INTO "Team" (id, name, "updatedAt") VALUES ($1, 'Matrix team', now())`, [teamId]);
    await db.query(`INSERT INTO "User" (id, name, email) VALUES ($1, 'Matrix subject', $2)`, [subjectId, `${subjectId}@example.test`]);
    const roles: [string, string][] = [
      [people.owner.id, "owner"],
      [people.admin.id, "admin"],
      [people.member.id, "member"],
      [people.viewer.id, "viewer"],
      [subjectId, "member"],
    ];
    for (const [userId, role] of roles)
      await db.query(`INSERT INTO "TeamMember" ("teamId", "userId", role) VALUES ($1, $2, $3::"TeamRole")`, [teamId, userId, role]);
    const invite = async (opts: { email?: string; revoked?: boolean } = {}) => {
      const id = newId();
      const token = randomBytes(32).toString("base64url");
      await db.query(
        `INSERT INTO "TeamInvite" (id, "teamId", "tokenHash", email, role, "createdById", "expiresAt", "revokedAt") VALUES ($1, $2, $3, $4, 'member', $5, now() + interval '7 days', $6)`,
        [id, teamId, sha(token), opts.email ?? null, people.owner.id, opts.revoked ? new Date() : null],
      );
      return { id, token };
    };
    const open = await invite();
    const forEmail = await invite({ email: `nobody-${randomBytes(4).toString("hex")}@example.test` });
    const revoked = await invite({ revoked: true });
    let comparisonId = "";
    if (withComparison) {
      const res = await request.post("/api/v1/comparisons", {
        headers: { authorization: `Bearer ${people.member.token}` },
        data: {
          prompt: 'The team\'s, by its member [[emulate:{"ttftMs":5,"tokensPerSecond":0}]]',
          models: ["openai:gpt-4o-mini", "azure:prod-mini"],
          teamId,
        },
      });
      comparisonId = await finishedComparison(res);
    }
    return {
      teamId,
      subjectId,
      inviteId: open.id,
      inviteToken: open.token,
      emailInviteToken: forEmail.token,
      revokedInviteToken: revoked.token,
      comparisonId,
    };
  }

  const rowTests = (table: Record<string, Row>, withComparison: (key: string) => boolean) => {
    for (const [key, row] of Object.entries(table)) {
      for (const who of TEAM_WHO) {
        test(`team ${key} as ${who}`, async ({ request }) => {
          const ctx = await freshTeam(request, withComparison(key));
          const path = row.path(ctx);
          const kind = path.startsWith("/api/") ? "api" : "page";
          const res = await request.fetch(path, {
            method: row.method,
            headers: { ...authHeaders(who, kind), ...(row.body ? { "content-type": "application/json" } : {}) },
            data: row.body ? JSON.stringify(row.body(ctx)) : undefined,
            maxRedirects: 0,
          });
          const want = row[who];
          if (want === "signin") {
            expect([302, 303, 307, 308]).toContain(res.status());
            expect(res.headers()["location"]).toMatch(/\/signin\?callbackUrl=/);
          } else if (want === "ok") {
            expect(res.status()).toBeLessThan(400);
          } else if (want === "listed" || want === "unlisted") {
            expect(res.status()).toBe(200);
            const text = await res.text();
            const id = (row.listed ?? ((c: TeamCtx) => c.teamId))(ctx);
            if (want === "listed") expect(text).toContain(id);
            else expect(text).not.toContain(id);
          } else {
            expect(res.status(), await res.text().catch(() => "")).toBe(want);
          }
          if (res.status() === 401) expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
          if (res.status() === 403) expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
        });
      }
    }
  };
  rowTests(teamRoutes, () => false);
  rowTests(teamCases, (key) => key.startsWith("team comparison:"));

  const actionTests = (table: Record<string, ActionRow>, label: string, withComparison: boolean) => {
    for (const [name, row] of Object.entries(table)) {
      for (const who of TEAM_WHO) {
        test(`${label} ${name} as ${who}`, async ({ request }) => {
          const ctx = await freshTeam(request, withComparison);
          const target = deps.actionTarget(name);
          const page = target.page
            .replace("/teams/[id]", `/teams/${ctx.teamId}`)
            .replace("/c/[id]", `/c/${ctx.comparisonId}`)
            .replace("/invite/[token]", `/invite/${ctx.inviteToken}`);
          const res = await request.post(page, {
            headers: {
              ...authHeaders(who, "page"),
              "next-action": target.id,
              accept: "text/x-component",
              "content-type": "text/plain;charset=UTF-8",
              origin: deps.state().baseURL,
            },
            data: JSON.stringify(row.args(ctx)),
            maxRedirects: 0,
          });
          const body = await res.text();
          const result = /\{"ok":(true|false)(,"error":\{"code":"(\w+)")?/.exec(body);
          expect(result, `no action result in: ${body.slice(0, 300)}`).not.toBeNull();
          expect(result![1] === "true" ? "ok" : result![3]).toBe(row[who]);
        });
      }
    }
  };
  actionTests(teamActions, "action", false);
  actionTests(teamComparisonActions, "team comparison action", true);
}
