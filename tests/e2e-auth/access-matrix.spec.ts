// The access-control matrix: every page, route handler, server action and API route, called as
// the owner, as another signed-in user and as an anonymous visitor, against the running app with
// sign-in switched on. The list of entry points is read from the source tree and the build, so a
// new route or action without a row here fails the first test.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { createHash, randomBytes } from "node:crypto";
// teams (issue 5, helper "teams"): team entry points and team comparisons for every team role
import { registerTeamMatrix, teamActions, teamRoutes } from "./team-matrix";

type Who = "owner" | "other" | "anonymous";
type Expect = number | "signin" | "ok" | "unauthorized" | "not_found" | "listed" | "unlisted";
type Ctx = {
  comparisonId: string;
  /** the image attached to the fixture comparison's prompt (issue 11) */
  imageId: string;
  shareToken: string;
  shareId: string;
  tokenId: string;
  evalId: string;
  evalShareId: string;
  evalShareToken: string;
  /** scorecards (issue 12): a scorecard of the owner's, a finished run of it (no calls) and a link */
  scorecardId: string;
  scorecardRunId: string;
  scorecardShareId: string;
  /** the token of that link, for the shared page (issue 12, helper "ui") */
  scorecardShareToken: string;
};
type Call = { method: string; path: (c: Ctx) => string; body?: (c: Ctx) => unknown };

const root = path.resolve(import.meta.dirname, "../..");
// written by scripts/e2e-auth-server.mjs once the app is up
const readState = () =>
  JSON.parse(fs.readFileSync(path.join(root, "test-results", "e2e-auth.json"), "utf8")) as { databaseUrl: string; baseURL: string };

// ---------------------------------------------------------------------------------------------
// Pages and route handlers: method + path pattern -> what each person gets.
const routes: Record<string, Call & Record<Who, Expect>> = {
  "GET /": { method: "GET", path: () => "/", owner: 200, other: 200, anonymous: "signin" },
  "GET /c/[id]": { method: "GET", path: (c) => `/c/${c.comparisonId}`, owner: 200, other: 404, anonymous: "signin" },
  "GET /history": { method: "GET", path: () => "/history", owner: "listed", other: "unlisted", anonymous: "signin" },
  "GET /leaderboard": { method: "GET", path: () => "/leaderboard", owner: 200, other: 200, anonymous: "signin" },
  // how far to trust model judges (issue 14): instance-wide figures like the leaderboard
  "GET /judges": { method: "GET", path: () => "/judges", owner: 200, other: 200, anonymous: "signin" },
  // evaluation sessions (issue 5): lists are per viewer; a session of someone else's is 404
  "GET /evals": { method: "GET", path: () => "/evals", owner: 200, other: 200, anonymous: "signin" },
  // scorecards (issue 12, helper "ui"): lists are per viewer; a scorecard of someone else's is 404
  "GET /scorecards": { method: "GET", path: () => "/scorecards", owner: 200, other: 200, anonymous: "signin" },
  "GET /scorecards/new": { method: "GET", path: () => "/scorecards/new", owner: 200, other: 200, anonymous: "signin" },
  "GET /scorecards/[id]": { method: "GET", path: (c) => `/scorecards/${c.scorecardId}`, owner: 200, other: 404, anonymous: "signin" },
  // a read-only link: anyone, signed in or not
  "GET /scorecards/shared/[token]": {
    method: "GET",
    path: (c) => `/scorecards/shared/${c.scorecardShareToken}`,
    owner: 200,
    other: 200,
    anonymous: 200,
  },
  "GET /evals/new": { method: "GET", path: () => "/evals/new", owner: 200, other: 200, anonymous: "signin" },
  "GET /evals/[id]": { method: "GET", path: (c) => `/evals/${c.evalId}`, owner: 200, other: 404, anonymous: "signin" },
  "GET /api/v1/evals": { method: "GET", path: () => "/api/v1/evals", owner: 200, other: 200, anonymous: 401 },
  "POST /api/v1/evals": {
    method: "POST",
    path: () => "/api/v1/evals",
    body: () => ({ name: "matrix session", models: ["openai:gpt-4o-mini", "azure:prod-mini"], prompts: [{ prompt: "p" }] }),
    owner: 201,
    other: 201,
    anonymous: 401,
  },
  "GET /api/v1/evals/[id]": { method: "GET", path: (c) => `/api/v1/evals/${c.evalId}`, owner: 200, other: 404, anonymous: 401 },
  "PATCH /api/v1/evals/[id]": {
    method: "PATCH",
    path: (c) => `/api/v1/evals/${c.evalId}`,
    body: () => ({ name: "Renamed by the matrix" }),
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "DELETE /api/v1/evals/[id]": { method: "DELETE", path: (c) => `/api/v1/evals/${c.evalId}`, owner: 204, other: 404, anonymous: 401 },
  // rating queue and results (issue 5, helper "rating"): the fixture session is a draft, so the
  // queue answers {"state": "not_ready"}; POST ratings with an empty body is a 400 for whoever may
  // rate (the access check comes first), 404 for anyone else
  "GET /evals/[id]/rate": { method: "GET", path: (c) => `/evals/${c.evalId}/rate`, owner: 200, other: 404, anonymous: "signin" },
  "GET /evals/[id]/results": {
    method: "GET",
    path: (c) => `/evals/${c.evalId}/results?rounds=10`,
    owner: 200,
    other: 404,
    anonymous: "signin",
  },
  // the answers grid (issue 10, helper "evals"): evals:read, like the session page
  "GET /evals/[id]/answers": { method: "GET", path: (c) => `/evals/${c.evalId}/answers`, owner: 200, other: 404, anonymous: "signin" },
  "GET /api/v1/evals/[id]/answers": {
    method: "GET",
    path: (c) => `/api/v1/evals/${c.evalId}/answers?limit=10`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "GET /r/[token]": { method: "GET", path: (c) => `/r/${c.evalShareToken}`, owner: 200, other: 200, anonymous: 200 },
  "GET /api/v1/evals/[id]/queue/next": {
    method: "GET",
    path: (c) => `/api/v1/evals/${c.evalId}/queue/next`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/evals/[id]/ratings": {
    method: "POST",
    path: (c) => `/api/v1/evals/${c.evalId}/ratings`,
    body: () => ({}),
    owner: 400,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/evals/[id]/ratings/mine": {
    method: "GET",
    path: (c) => `/api/v1/evals/${c.evalId}/ratings/mine`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/evals/[id]/results": {
    method: "GET",
    path: (c) => `/api/v1/evals/${c.evalId}/results?rounds=10`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/evals/[id]/export": {
    method: "GET",
    path: (c) => `/api/v1/evals/${c.evalId}/export?format=csv`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/evals/[id]/shares": {
    method: "GET",
    path: (c) => `/api/v1/evals/${c.evalId}/shares`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/evals/[id]/shares": {
    method: "POST",
    path: (c) => `/api/v1/evals/${c.evalId}/shares`,
    body: () => ({}),
    owner: 201,
    other: 404,
    anonymous: 401,
  },
  // background runs (issue 5, helper "runner"): the fixture session is a fresh draft, so the owner
  // can start it (200) but not pause, resume or cancel it (409: the access check comes first).
  // Import parses a file and stores nothing: any signed-in person may; a JSON body is the wrong type (400)
  "GET /api/v1/evals/[id]/estimate": {
    method: "GET",
    path: (c) => `/api/v1/evals/${c.evalId}/estimate`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/evals/[id]/progress": {
    method: "GET",
    path: (c) => `/api/v1/evals/${c.evalId}/progress`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/evals/[id]/run": {
    method: "POST",
    path: (c) => `/api/v1/evals/${c.evalId}/run`,
    body: () => ({}),
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/evals/[id]/pause": {
    method: "POST",
    path: (c) => `/api/v1/evals/${c.evalId}/pause`,
    body: () => ({}),
    owner: 409,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/evals/[id]/resume": {
    method: "POST",
    path: (c) => `/api/v1/evals/${c.evalId}/resume`,
    body: () => ({}),
    owner: 409,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/evals/[id]/cancel": {
    method: "POST",
    path: (c) => `/api/v1/evals/${c.evalId}/cancel`,
    body: () => ({}),
    owner: 409,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/evals/import": {
    method: "POST",
    path: () => "/api/v1/evals/import",
    body: () => ({ prompt: "not a file" }),
    owner: 400,
    other: 400,
    anonymous: 401,
  },
  "DELETE /api/v1/evals/[id]/shares/[shareId]": {
    method: "DELETE",
    path: (c) => `/api/v1/evals/${c.evalId}/shares/${c.evalShareId}`,
    owner: 204,
    other: 404,
    anonymous: 401,
  },
  "GET /settings": { method: "GET", path: () => "/settings", owner: 200, other: 200, anonymous: "signin" },
  "GET /settings/tokens": { method: "GET", path: () => "/settings/tokens", owner: 200, other: 200, anonymous: "signin" },
  "GET /signin": { method: "GET", path: () => "/signin", owner: "ok", other: "ok", anonymous: 200 },
  "GET /signin/check-email": { method: "GET", path: () => "/signin/check-email", owner: 200, other: 200, anonymous: 200 },
  "GET /s/[token]": { method: "GET", path: (c) => `/s/${c.shareToken}`, owner: 200, other: 200, anonymous: 200 },
  "GET /s/[token]/export": { method: "GET", path: (c) => `/s/${c.shareToken}/export?format=md`, owner: 200, other: 200, anonymous: 200 },
  "GET /s/[token]/opengraph-image": {
    method: "GET",
    path: (c) => `/s/${c.shareToken}/opengraph-image`,
    owner: 200,
    other: 200,
    anonymous: 200,
  },
  "GET /api/auth/[...nextauth]": { method: "GET", path: () => "/api/auth/providers", owner: 200, other: 200, anonymous: 200 },
  "GET /api/v1/models": { method: "GET", path: () => "/api/v1/models", owner: 200, other: 200, anonymous: 401 },
  // probes for load balancers and orchestrators: public, nothing in them but a status
  "GET /api/health": { method: "GET", path: () => "/api/health", owner: 200, other: 200, anonymous: 200 },
  "GET /api/ready": { method: "GET", path: () => "/api/ready", owner: 200, other: 200, anonymous: 200 },
  // Prometheus metrics (issue 13): only with Authorization: Bearer <JUXTA_METRICS_TOKEN>, never a
  // session; this app has no JUXTA_METRICS_TOKEN, so the route does not exist for anyone (the token
  // checks: tests/integration/observability-metrics.test.ts)
  "GET /api/metrics": { method: "GET", path: () => "/api/metrics", owner: 404, other: 404, anonymous: 404 },
  // Discover (issue 11): the operator's accounts, for anyone signed in; nothing secret in it
  "GET /discover": { method: "GET", path: () => "/discover", owner: 200, other: 200, anonymous: "signin" },
  "GET /api/v1/discover": { method: "GET", path: () => "/api/v1/discover?provider=compatible", owner: 200, other: 200, anonymous: 401 },
  "GET /api/v1/comparisons": { method: "GET", path: () => "/api/v1/comparisons", owner: "listed", other: "unlisted", anonymous: 401 },
  "POST /api/v1/comparisons": {
    method: "POST",
    path: () => "/api/v1/comparisons",
    body: () => ({ prompt: "matrix", models: ["openai:gpt-4o-mini"] }),
    owner: 200,
    other: 200,
    anonymous: 401,
  },
  "GET /api/v1/comparisons/[id]": {
    method: "GET",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "PATCH /api/v1/comparisons/[id]": {
    method: "PATCH",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}`,
    body: () => ({ title: "Renamed by the matrix" }),
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/comparisons/[id]/events": {
    method: "GET",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/events`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/comparisons/[id]/turns": {
    method: "POST",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/turns`,
    body: () => ({ prompt: "follow-up from the matrix" }),
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/comparisons/[id]/stop": {
    method: "POST",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/stop`,
    body: () => ({}),
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/comparisons/[id]/panes/[pane]/retry": {
    method: "POST",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/panes/0/retry`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/comparisons/[id]/shares": {
    method: "GET",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/shares`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/comparisons/[id]/shares": {
    method: "POST",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/shares`,
    body: () => ({}),
    owner: 201,
    other: 404,
    anonymous: 401,
  },
  "PATCH /api/v1/comparisons/[id]/shares/[shareId]": {
    method: "PATCH",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/shares/${c.shareId}`,
    body: () => ({}),
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "DELETE /api/v1/comparisons/[id]/shares/[shareId]": {
    method: "DELETE",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/shares/${c.shareId}`,
    owner: 204,
    other: 404,
    anonymous: 401,
  },
  // tools and images (issue 11): the image of the fixture's prompt; no call of it waits for a result
  "GET /api/v1/comparisons/[id]/images/[imageId]": {
    method: "GET",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/images/${c.imageId}`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/comparisons/[id]/tool-results": {
    method: "POST",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/tool-results`,
    body: () => ({ pane: 0, toolCallId: "s1-0", result: { ok: true } }),
    owner: 404,
    other: 404,
    anonymous: 401,
  },
  "GET /s/[token]/images/[turn]/[index]": {
    method: "GET",
    path: (c) => `/s/${c.shareToken}/images/0/0`,
    owner: 200,
    other: 200,
    anonymous: 200,
  },
  "GET /api/v1/comparisons/[id]/export": {
    method: "GET",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/export?format=json`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/comparisons/[id]/votes": {
    method: "GET",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/votes`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/comparisons/[id]/votes": {
    method: "POST",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/votes`,
    body: () => ({ outcome: "a" }),
    owner: 201,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/comparisons/[id]/feedback": {
    method: "GET",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/feedback`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "PUT /api/v1/comparisons/[id]/feedback": {
    method: "PUT",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/feedback`,
    body: () => ({ pane: 0, thumb: "up" }),
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  // categories (issue 14): a comparison's own tags, an evaluation prompt's tags
  "GET /api/v1/comparisons/[id]/tags": {
    method: "GET",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/tags`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "PUT /api/v1/comparisons/[id]/tags": {
    method: "PUT",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/tags`,
    body: () => ({ tags: ["matrix"] }),
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/evals/[id]/prompts/[index]/tags": {
    method: "GET",
    path: (c) => `/api/v1/evals/${c.evalId}/prompts/0/tags`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "PUT /api/v1/evals/[id]/prompts/[index]/tags": {
    method: "PUT",
    path: (c) => `/api/v1/evals/${c.evalId}/prompts/0/tags`,
    body: () => ({ tags: ["matrix"] }),
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  // global across users (Arena style): anyone signed in sees the same board
  "GET /api/v1/leaderboard": {
    method: "GET",
    path: () => "/api/v1/leaderboard?mode=all&rounds=10",
    owner: 200,
    other: 200,
    anonymous: 401,
  },
  "GET /api/v1/judges": {
    method: "GET",
    path: () => "/api/v1/judges?rounds=10",
    owner: 200,
    other: 200,
    anonymous: 401,
  },
  // model judges (issue 14): the access check comes before the body, so an empty body is a 400
  // for whoever may ask (no judge named), 404 for anyone else; no judged pass runs on the fixture
  // session, so cancelling one is a 409 for its owner
  "GET /api/v1/comparisons/[id]/judgements": {
    method: "GET",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/judgements`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/comparisons/[id]/judgements": {
    method: "POST",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}/judgements`,
    body: () => ({}),
    owner: 400,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/evals/[id]/judgements": {
    method: "GET",
    path: (c) => `/api/v1/evals/${c.evalId}/judgements`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/evals/[id]/judgements": {
    method: "POST",
    path: (c) => `/api/v1/evals/${c.evalId}/judgements`,
    body: () => ({}),
    owner: 400,
    other: 404,
    anonymous: 401,
  },
  "DELETE /api/v1/evals/[id]/judgements": {
    method: "DELETE",
    path: (c) => `/api/v1/evals/${c.evalId}/judgements`,
    owner: 409,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/leaderboard/speed": {
    method: "GET",
    path: () => "/api/v1/leaderboard/speed?provider=openai,azure",
    owner: 200,
    other: 200,
    anonymous: 401,
  },
  // the caller's own votes only (they carry prompt and answer text): another user's export must not
  // name the owner's comparison. The fixture comparison has no vote, so the owner's row checks the
  // status only; tests/integration/votes-export.test.ts checks the per-user content with votes.
  "GET /api/v1/votes/export": {
    method: "GET",
    path: () => "/api/v1/votes/export?format=jsonl&mode=all",
    owner: 200,
    other: "unlisted",
    anonymous: 401,
  },
  "GET /api/v1/tokens": { method: "GET", path: () => "/api/v1/tokens", owner: 200, other: 200, anonymous: 401 },
  "POST /api/v1/tokens": {
    method: "POST",
    path: () => "/api/v1/tokens",
    body: () => ({ name: "matrix" }),
    owner: 201,
    other: 201,
    anonymous: 401,
  },
  "DELETE /api/v1/tokens/[tokenId]": {
    method: "DELETE",
    path: (c) => `/api/v1/tokens/${c.tokenId}`,
    owner: 204,
    other: 404,
    anonymous: 401,
  },
  "DELETE /api/v1/comparisons/[id]": {
    method: "DELETE",
    path: (c) => `/api/v1/comparisons/${c.comparisonId}`,
    owner: 204,
    other: 404,
    anonymous: 401,
  },
  // limits and accounts (issue 13, helper "limits"): the matrix owner is an instance admin, the
  // other person is not (404: the admin pages do not exist for them)
  "GET /admin": { method: "GET", path: () => "/admin", owner: 200, other: 404, anonymous: "signin" },
  // the waiting page: an active account goes home, an anonymous visitor to sign-in
  "GET /pending": { method: "GET", path: () => "/pending", owner: "ok", other: "ok", anonymous: "signin" },
  "GET /api/v1/admin/users": { method: "GET", path: () => "/api/v1/admin/users", owner: 200, other: 404, anonymous: 401 },
  "PATCH /api/v1/admin/users/[id]": {
    method: "PATCH",
    path: () => `/api/v1/admin/users/${people.other.id}`,
    body: () => ({ status: "active" }),
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/admin/limits": { method: "GET", path: () => "/api/v1/admin/limits", owner: 200, other: 404, anonymous: 401 },
  "PUT /api/v1/admin/limits": {
    method: "PUT",
    path: () => "/api/v1/admin/limits",
    body: () => ({ scope: "user", id: people.other.id, requestsPerMinute: null }),
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/admin/usage": { method: "GET", path: () => "/api/v1/admin/usage?days=7", owner: 200, other: 404, anonymous: 401 },
};

// Server actions (public POST endpoints): file#export -> the arguments, and what each person gets.
const actions: Record<string, { args: (c: Ctx) => unknown[] } & Record<Who, "ok" | "unauthorized" | "not_found" | "validation">> = {
  "app/actions.ts#startComparisonAction": {
    args: () => [{ prompt: "matrix action", models: ["openai:gpt-4o-mini"] }],
    owner: "ok",
    other: "ok",
    anonymous: "unauthorized",
  },
  "app/actions.ts#followUpAction": {
    args: (c) => [c.comparisonId, { prompt: "x" }],
    owner: "ok",
    other: "not_found",
    anonymous: "unauthorized",
  },
  "app/actions.ts#stopAction": { args: (c) => [c.comparisonId], owner: "ok", other: "not_found", anonymous: "unauthorized" },
  // no call of the fixture waits for a result: not_found for the owner too, after the access check
  "app/actions.ts#toolResultAction": {
    args: (c) => [c.comparisonId, { pane: 0, toolCallId: "s1-0", result: 1 }],
    owner: "not_found",
    other: "not_found",
    anonymous: "unauthorized",
  },
  "app/actions.ts#retryPaneAction": { args: (c) => [c.comparisonId, 0], owner: "ok", other: "not_found", anonymous: "unauthorized" },
  "app/actions.ts#voteAction": { args: (c) => [c.comparisonId, { best: 0 }], owner: "ok", other: "not_found", anonymous: "unauthorized" },
  "app/actions.ts#saveFeedbackAction": {
    args: (c) => [c.comparisonId, { pane: 0, thumb: "up" }],
    owner: "ok",
    other: "not_found",
    anonymous: "unauthorized",
  },
  "app/tag-actions.ts#saveComparisonTagsAction": {
    args: (c) => [c.comparisonId, { tags: ["matrix"] }],
    owner: "ok",
    other: "not_found",
    anonymous: "unauthorized",
  },
  "app/history/actions.ts#renameComparisonAction": {
    args: (c) => [{ id: c.comparisonId, title: "t" }],
    owner: "ok",
    other: "not_found",
    anonymous: "unauthorized",
  },
  "app/history/actions.ts#deleteComparisonAction": {
    args: (c) => [c.comparisonId],
    owner: "ok",
    other: "not_found",
    anonymous: "unauthorized",
  },
  // Undo of a delete; on a comparison that is not deleted it changes nothing
  "app/history/actions.ts#restoreComparisonAction": {
    args: (c) => [c.comparisonId],
    owner: "ok",
    other: "not_found",
    anonymous: "unauthorized",
  },
  "app/settings/token-actions.ts#createTokenAction": {
    args: () => [{ name: "matrix" }],
    owner: "ok",
    other: "ok",
    anonymous: "unauthorized",
  },
  "app/settings/token-actions.ts#revokeTokenAction": {
    args: (c) => [c.tokenId],
    owner: "ok",
    other: "not_found",
    anonymous: "unauthorized",
  },
};
// instance admin actions (issue 13, helper "limits"): the owner is an admin; anyone else gets "not found"
const adminActions: typeof actions = {
  "app/admin/actions.ts#updateAccountAction": {
    args: () => [people.other.id, { status: "active" }],
    owner: "ok",
    other: "not_found",
    anonymous: "unauthorized",
  },
  "app/admin/actions.ts#setOverrideAction": {
    args: () => [{ scope: "user", id: people.other.id, requestsPerMinute: null }],
    owner: "ok",
    other: "not_found",
    anonymous: "unauthorized",
  },
};
Object.assign(actions, adminActions);

const shareActions: typeof actions = {
  "app/share-actions.ts#createShareAction": {
    args: (c) => [c.comparisonId, {}],
    owner: "ok",
    other: "not_found",
    anonymous: "unauthorized",
  },
  "app/share-actions.ts#listSharesAction": { args: (c) => [c.comparisonId], owner: "ok", other: "not_found", anonymous: "unauthorized" },
  "app/share-actions.ts#revokeShareAction": {
    args: (c) => [c.comparisonId, c.shareId],
    owner: "ok",
    other: "not_found",
    anonymous: "unauthorized",
  },
  "app/share-actions.ts#refreshShareAction": {
    args: (c) => [c.comparisonId, c.shareId],
    owner: "ok",
    other: "not_found",
    anonymous: "unauthorized",
  },
  "app/share-actions.ts#rerunComparisonAction": {
    args: (c) => [c.comparisonId],
    owner: "ok",
    other: "not_found",
    anonymous: "unauthorized",
  },
  // anyone signed in may re-run what was shared with them
  "app/share-actions.ts#rerunShareAction": { args: (c) => [c.shareToken], owner: "ok", other: "ok", anonymous: "unauthorized" },
  // the re-run's cost estimate (issue 10): whoever may re-run may see it
  "app/share-actions.ts#estimateRerunAction": {
    args: (c) => [c.comparisonId],
    owner: "ok",
    other: "not_found",
    anonymous: "unauthorized",
  },
  "app/share-actions.ts#estimateShareRerunAction": { args: (c) => [c.shareToken], owner: "ok", other: "ok", anonymous: "unauthorized" },
};
Object.assign(actions, shareActions);
// the new-session form's import (issue 5, helper "runner"): parses a file, stores nothing; a call
// without a form is a validation error for anyone signed in
Object.assign(actions, {} satisfies typeof actions);
// the rating page's actions (issue 5, helper "rating"): a draft session's queue is {"state": "not_ready"} (ok);
// a malformed item id is a validation error for whoever may rate, not found for anyone else
Object.assign(actions, {
  "app/evals/[id]/rate/actions.ts#nextItemAction": { args: (c) => [c.evalId], owner: "ok", other: "not_found", anonymous: "unauthorized" },
  "app/evals/[id]/rate/actions.ts#openItemAction": {
    args: (c) => [c.evalId, "!"],
    owner: "validation",
    other: "not_found",
    anonymous: "unauthorized",
  },
  "app/evals/[id]/rate/actions.ts#submitRatingAction": {
    args: (c) => [c.evalId, {}],
    owner: "validation",
    other: "not_found",
    anonymous: "unauthorized",
  },
} satisfies typeof actions);

// scorecards (issue 12, helper "runs"): personal scorecards like evaluation sessions (another
// person's is 404). The fixture run is finished, so pause / resume / cancel are 409 for the owner.
// Starting a run calls the emulator (2 deployments x the built-in suite x 1 sample).
const sc = (c: Ctx) => `/api/v1/scorecards/${c.scorecardId}`;
const scRun = (c: Ctx) => `${sc(c)}/runs/${c.scorecardRunId}`;
Object.assign(routes, {
  "GET /api/v1/scorecards": { method: "GET", path: () => "/api/v1/scorecards", owner: 200, other: 200, anonymous: 401 },
  "POST /api/v1/scorecards": { method: "POST", path: () => "/api/v1/scorecards", body: () => ({}), owner: 400, other: 400, anonymous: 401 },
  "GET /api/v1/scorecards/[id]": { method: "GET", path: sc, owner: 200, other: 404, anonymous: 401 },
  "PATCH /api/v1/scorecards/[id]": { method: "PATCH", path: sc, body: () => ({ name: "renamed" }), owner: 200, other: 404, anonymous: 401 },
  "DELETE /api/v1/scorecards/[id]": { method: "DELETE", path: sc, owner: 204, other: 404, anonymous: 401 },
  "GET /api/v1/scorecards/[id]/settings": { method: "GET", path: (c) => `${sc(c)}/settings`, owner: 200, other: 404, anonymous: 401 },
  "GET /api/v1/scorecards/[id]/runs": { method: "GET", path: (c) => `${sc(c)}/runs`, owner: 200, other: 404, anonymous: 401 },
  "POST /api/v1/scorecards/[id]/runs": {
    method: "POST",
    path: (c) => `${sc(c)}/runs`,
    body: () => ({}),
    owner: 201,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/scorecards/[id]/runs/[runId]/pause": {
    method: "POST",
    path: (c) => `${scRun(c)}/pause`,
    body: () => ({}),
    owner: 409,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/scorecards/[id]/runs/[runId]/resume": {
    method: "POST",
    path: (c) => `${scRun(c)}/resume`,
    body: () => ({}),
    owner: 409,
    other: 404,
    anonymous: 401,
  },
  "POST /api/v1/scorecards/[id]/runs/[runId]/cancel": {
    method: "POST",
    path: (c) => `${scRun(c)}/cancel`,
    body: () => ({}),
    owner: 409,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/scorecards/[id]/runs/[runId]/export": {
    method: "GET",
    path: (c) => `${scRun(c)}/export`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/scorecards/[id]/runs/[runId]/calls": {
    method: "GET",
    path: (c) => `${scRun(c)}/calls`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/scorecards/[id]/route": {
    method: "GET",
    path: (c) => `${sc(c)}/route?by=speed&format=litellm`,
    owner: 200,
    other: 404,
    anonymous: 401,
  },
  "GET /api/v1/scorecards/[id]/shares": { method: "GET", path: (c) => `${sc(c)}/shares`, owner: 200, other: 404, anonymous: 401 },
  "POST /api/v1/scorecards/[id]/shares": {
    method: "POST",
    path: (c) => `${sc(c)}/shares`,
    body: () => ({}),
    owner: 201,
    other: 404,
    anonymous: 401,
  },
  "DELETE /api/v1/scorecards/[id]/shares/[shareId]": {
    method: "DELETE",
    path: (c) => `${sc(c)}/shares/${c.scorecardShareId}`,
    owner: 204,
    other: 404,
    anonymous: 401,
  },
  // custom probe suites: any signed-in person may upload (an empty body is a validation error)
  "GET /api/v1/probe-suites": { method: "GET", path: () => "/api/v1/probe-suites", owner: 200, other: 200, anonymous: 401 },
  "POST /api/v1/probe-suites": {
    method: "POST",
    path: () => "/api/v1/probe-suites",
    body: () => ({}),
    owner: 400,
    other: 400,
    anonymous: 401,
  },
  // the bell: everyone reads their own
  "GET /api/v1/notifications": { method: "GET", path: () => "/api/v1/notifications", owner: 200, other: 200, anonymous: 401 },
  "POST /api/v1/notifications/read": {
    method: "POST",
    path: () => "/api/v1/notifications/read",
    body: () => ({ all: true }),
    owner: 200,
    other: 200,
    anonymous: 401,
  },
} satisfies typeof routes);

// ---------------------------------------------------------------------------------------------
// Discovering the entry points

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(path.relative(root, p));
  }
  return out;
}

/**
 * Every route handler: its URL pattern and the methods it implements. A method is
 * `export async function GET`, `export const GET = endpoint(...)` or `export { handler as GET }`;
 * the rest, `export const { PUT, ... } = otherMethods(...)`, answer 405. A segment validated with
 * `z.enum([...])` (evaluations' `[action]`) is one URL per value, each with its own row.
 */
function routeHandlers(): { dir: string; methods: string[] }[] {
  const found: { dir: string; methods: string[] }[] = [];
  for (const file of walk(path.join(root, "app"))) {
    const rel = file.replace(/^app/, "").replace(/\\/g, "/");
    if (path.posix.basename(rel) !== "route.ts") continue;
    const source = fs.readFileSync(path.join(root, file), "utf8");
    const methods = new Set<string>();
    for (const m of source.matchAll(/export (?:async function\s+|const\s+|\{[^}]*\bas\s+)(GET|POST|PATCH|PUT|DELETE)\b/g))
      methods.add(m[1]!);
    for (const m of source.matchAll(/export \{ handler as (GET|POST)(?:, handler as (GET|POST))? \}/g)) methods.add(m[1]!);
    let dirs = [path.posix.dirname(rel)];
    for (const [segment, name] of path.posix.dirname(rel).matchAll(/\[(\w+)\]/g)) {
      const values = new RegExp(`\\b${name}: z\\.enum\\(\\[([^\\]]*)\\]`).exec(source)?.[1];
      if (values) dirs = dirs.flatMap((d) => [...values.matchAll(/"([^"]+)"/g)].map((v) => d.replace(segment, v[1]!)));
    }
    for (const dir of dirs) found.push({ dir, methods: [...methods] });
  }
  return found;
}

function discoveredRoutes(): string[] {
  const keys: string[] = [];
  for (const file of walk(path.join(root, "app"))) {
    const rel = file.replace(/^app/, "").replace(/\\/g, "/");
    const dir = path.posix.dirname(rel) === "/" ? "/" : path.posix.dirname(rel);
    const base = path.posix.basename(rel);
    if (/^page\.tsx$/.test(base)) keys.push(`GET ${dir}`);
    else if (/^opengraph-image\.tsx$/.test(base)) keys.push(`GET ${dir === "/" ? "" : dir}/opengraph-image`);
  }
  for (const { dir, methods } of routeHandlers()) for (const method of methods) keys.push(`${method} ${dir}`);
  // next-auth's handler answers GET and POST; one row covers both
  return [...new Set(keys.filter((k) => k !== "POST /api/auth/[...nextauth]"))].sort();
}

function discoveredActions(): string[] {
  const keys: string[] = [];
  for (const file of walk(path.join(root, "app"))) {
    if (!/\.tsx?$/.test(file)) continue;
    const source = fs.readFileSync(path.join(root, file), "utf8");
    if (!/^["']use server["'];?/m.test(source)) continue;
    for (const m of source.matchAll(/export async function (\w+)/g)) keys.push(`${file.replace(/\\/g, "/")}#${m[1]}`);
  }
  return keys.sort();
}

test("the matrix lists every page, route handler and server action", () => {
  // teams (issue 5): the team rows are in ./team-matrix.ts, with a column per team role
  expect([...Object.keys(routes), ...Object.keys(teamRoutes)].sort()).toEqual(discoveredRoutes());
  expect([...Object.keys(actions), ...Object.keys(teamActions)].sort()).toEqual(discoveredActions());
});

// Methods a route does not have: 405 with the error envelope and Allow, for anyone (no sign-in
// needed to learn what a URL supports), before any id is looked up
test("every route handler answers a method it does not have with 405 in the error envelope", async ({ request }) => {
  const handlers = routeHandlers();
  expect(handlers.length).toBeGreaterThan(30);
  for (const { dir, methods } of handlers) {
    const method = ["PUT", "PATCH", "DELETE", "POST", "GET"].find((m) => !methods.includes(m))!;
    const url = dir.replace("[...nextauth]", "providers").replace(/\[(\w+)\]/g, "x123456789abcdef");
    const res = await request.fetch(url, { method, maxRedirects: 0 });
    expect(res.status(), `${method} ${dir}`).toBe(405);
    expect(((await res.json()) as { error: { code: string } }).error.code, `${method} ${dir}`).toBe("method_not_allowed");
    for (const m of methods) expect(res.headers()["allow"], `${method} ${dir}`).toContain(m);
  }
  // the evaluation actions are one route: an action it does not have is 404 (not 405), whatever the method
  for (const method of ["POST", "GET"]) {
    const res = await request.fetch("/api/v1/evals/x123456789abcdef/launch", {
      method,
      headers: authHeaders("owner", "api"),
      maxRedirects: 0,
    });
    expect(res.status()).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  }
});

// ---------------------------------------------------------------------------------------------
// People and fixtures, made directly in the app's database (real sessions and API tokens)

let db: pg.Client;
const people: Record<Exclude<Who, "anonymous">, { id: string; session: string; token: string }> = {
  owner: {
    id: `matrix-owner-${randomBytes(4).toString("hex")}`,
    session: randomBytes(32).toString("hex"),
    token: `jx_${randomBytes(32).toString("base64url")}`,
  },
  other: {
    id: `matrix-other-${randomBytes(4).toString("hex")}`,
    session: randomBytes(32).toString("hex"),
    token: `jx_${randomBytes(32).toString("base64url")}`,
  },
};
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

test.beforeAll(async () => {
  db = new pg.Client({ connectionString: readState().databaseUrl });
  await db.connect();
  for (const [who, p] of Object.entries(people)) {
    // the owner is an instance admin (/admin rows)
    await db.query(`INSERT INTO "User" (id, name, email, "isAdmin") VALUES ($1, $2, $3, $4)`, [
      p.id,
      `Matrix ${who}`,
      `${p.id}@example.test`,
      who === "owner",
    ]);
    await db.query(`INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 day')`, [
      `s-${p.id}`,
      sha(p.session), // sessions are stored hashed (lib/auth/hashed-sessions.ts)
      p.id,
    ]);
    await db.query(`INSERT INTO "ApiToken" (id, "userId", name, "tokenHash", prefix) VALUES ($1, $2, 'matrix', $3, 'jx_xxxx')`, [
      `t-${p.id}`.slice(0, 30),
      p.id,
      sha(p.token),
    ]);
  }
});
test.afterAll(async () => {
  await db?.end();
});

/** A fresh comparison of the owner's, with one finished turn and a share link. */
async function freshFixtures(request: APIRequestContext): Promise<Ctx> {
  const res = await request.post("/api/v1/comparisons", {
    headers: { authorization: `Bearer ${people.owner.token}` },
    data: {
      prompt: 'Owned by the matrix owner [[emulate:{"ttftMs":5,"tokensPerSecond":0}]]',
      models: ["openai:gpt-4o-mini", "azure:prod-mini"],
      // a 1×1 PNG, for the image routes' rows
      images: [
        {
          mediaType: "image/png",
          data: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
        },
      ],
    },
  });
  expect(res.status()).toBe(200);
  const lines = (await res.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { type: string; id?: string });
  const comparisonId = lines.find((l) => l.type === "done")!.id!;
  const stored = await request.get(`/api/v1/comparisons/${comparisonId}`, { headers: { authorization: `Bearer ${people.owner.token}` } });
  const imageId = ((await stored.json()) as { turns: { images: { id: string }[] }[] }).turns[0]!.images[0]!.id;
  const share = await request.post(`/api/v1/comparisons/${comparisonId}/shares`, {
    headers: { authorization: `Bearer ${people.owner.token}` },
    data: {},
  });
  const shareJson = (await share.json()) as { id: string; url: string };
  // a token of the owner's for the revoke rows (inserted revoked, so tokens do not pile up to the cap)
  const tokenId = `v${randomBytes(8).toString("hex")}`;
  await db.query(
    `INSERT INTO "ApiToken" (id, "userId", name, "tokenHash", prefix, "revokedAt") VALUES ($1, $2, 'victim', $3, 'jx_xxxx', now())`,
    [tokenId, people.owner.id, sha(tokenId)],
  );
  const evalRes = await request.post("/api/v1/evals", {
    headers: { authorization: `Bearer ${people.owner.token}` },
    data: { name: "matrix session", models: ["openai:gpt-4o-mini", "azure:prod-mini"], prompts: [{ prompt: "p" }] },
  });
  expect(evalRes.status()).toBe(201);
  const evalId = ((await evalRes.json()) as { id: string }).id;
  // rating and results (issue 5): a results link of the owner's session
  const evalShare = await request.post(`/api/v1/evals/${evalId}/shares`, {
    headers: { authorization: `Bearer ${people.owner.token}` },
    data: {},
  });
  expect(evalShare.status()).toBe(201);
  const evalShareJson = (await evalShare.json()) as { id: string; url: string };
  const scorecard = await request.post("/api/v1/scorecards", {
    headers: { authorization: `Bearer ${people.owner.token}` },
    data: { name: "matrix scorecard", deployments: ["openai:gpt-4o-mini", "azure:prod-mini"], reference: "openai:gpt-4o-mini", samples: 1 },
  });
  expect(scorecard.status()).toBe(201);
  const scorecardId = ((await scorecard.json()) as { id: string }).id;
  const scorecardRunId = `r${randomBytes(8).toString("hex")}`;
  await db.query(
    `INSERT INTO "ScorecardRun" (id, "scorecardId", status, trigger, "suiteVersion", deployments, "referenceId", samples, "updatedAt", "finishedAt")
     VALUES ($1, $2, 'finished', 'manual', 'builtin@1', '[]', 'openai:gpt-4o-mini', 1, now(), now())`,
    [scorecardRunId, scorecardId],
  );
  const scorecardShare = await request.post(`/api/v1/scorecards/${scorecardId}/shares`, {
    headers: { authorization: `Bearer ${people.owner.token}` },
    data: {},
  });
  expect(scorecardShare.status()).toBe(201);
  const scorecardShareJson = (await scorecardShare.json()) as { id: string; url: string };
  return {
    scorecardId,
    scorecardRunId,
    scorecardShareId: scorecardShareJson.id,
    scorecardShareToken: scorecardShareJson.url.split("/scorecards/shared/")[1]!,
    comparisonId,
    imageId,
    shareId: shareJson.id,
    shareToken: shareJson.url.split("/s/")[1]!,
    tokenId,
    evalId,
    evalShareId: evalShareJson.id,
    evalShareToken: evalShareJson.url.split("/r/")[1]!,
  };
}

function authHeaders(who: Who, kind: "page" | "api"): Record<string, string> {
  if (who === "anonymous") return {};
  const p = people[who];
  return kind === "api" ? { authorization: `Bearer ${p.token}` } : { cookie: `next-auth.session-token=${p.session}` };
}

for (const [key, row] of Object.entries(routes)) {
  for (const who of ["owner", "other", "anonymous"] as const) {
    test(`${key} as ${who}`, async ({ request }) => {
      const ctx = await freshFixtures(request);
      const kind = key.includes(" /api/") ? "api" : "page";
      const res = await request.fetch(row.path(ctx), {
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
        if (want === "listed") expect(text).toContain(ctx.comparisonId);
        else expect(text).not.toContain(ctx.comparisonId);
      } else {
        expect(res.status(), await res.text().catch(() => "")).toBe(want);
      }
      if (res.status() === 401) expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Server actions, called as the browser calls them: POST with the action id from the build

type ActionManifest = { node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }> };

// read when the tests run: the web server builds the app after the test files are loaded
function actionTarget(name: string): { id: string; page: string } {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(root, ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as ActionManifest;
  const [filename, exportedName] = name.split("#");
  const entry = Object.entries(manifest.node).find(([, v]) => v.filename === filename && v.exportedName === exportedName);
  if (!entry) throw new Error(`${name} is not used by any page, so the build has no id for it`);
  const worker = Object.keys(entry[1].workers)[0]!; // e.g. "app/c/[id]/page"
  return { id: entry[0], page: worker.replace(/^app/, "").replace(/\/page$/, "") || "/" };
}

for (const [name, row] of Object.entries(actions)) {
  for (const who of ["owner", "other", "anonymous"] as const) {
    test(`action ${name} as ${who}`, async ({ request }) => {
      const ctx = await freshFixtures(request);
      const target = actionTarget(name);
      const page = target.page.replace("[id]", ctx.comparisonId).replace("[token]", ctx.shareToken);
      const res = await request.post(page, {
        headers: {
          ...authHeaders(who, "page"),
          "next-action": target.id,
          accept: "text/x-component",
          "content-type": "text/plain;charset=UTF-8",
          origin: readState().baseURL,
        },
        data: JSON.stringify(row.args(ctx)),
        maxRedirects: 0,
      });
      const body = await res.text();
      const result = /\{"ok":(true|false)(,"error":\{"code":"(\w+)")?/.exec(body);
      expect(result, `no action result in: ${body.slice(0, 300)}`).not.toBeNull();
      const got = result![1] === "true" ? "ok" : result![3];
      expect(got).toBe(row[who]);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Teams (issue 5, helper "teams"): owner, admin, member, viewer of a team, a signed-in outsider and
// an anonymous visitor, on every team entry point and on a team's comparison (./team-matrix.ts)
registerTeamMatrix({ state: readState, actionTarget });
