import "server-only";
import { getServerSession } from "next-auth";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { LOCAL_USER_ID } from "./local";
import { getAuthOptions } from "./options";
import { hashSecret } from "./tokens";

export { LOCAL_USER_ID };
export { adoptLocalComparisons } from "./adopt-local";

export type Viewer = {
  id: string;
  name: string | null;
  email: string | null;
  local: boolean;
  via: "local" | "session" | "token";
  /** the personal API token of this request (its own limits: lib/limits) */
  tokenId?: string;
  /** an instance admin (/admin) */
  isAdmin?: boolean;
};

/** Why a signed-in person is refused everywhere: waiting for approval, or disabled. */
export type Blocked = "pending" | "disabled";

let localUserReady: Promise<unknown> | null = null;

/**
 * The local user's row, made once per process. A failure is not kept: when the first request
 * came while the database was away, the next one tries again (a kept rejection made every page
 * redirect to /signin, and /signin back home, until a restart).
 */
function ensureLocalUser() {
  localUserReady ??= getDb()
    .user.upsert({
      where: { id: LOCAL_USER_ID },
      create: { id: LOCAL_USER_ID, name: "Local user" },
      update: {},
    })
    .catch((error: unknown) => {
      localUserReady = null;
      throw error;
    });
  return localUserReady;
}

/**
 * Who is asking: the local user when sign-in is off; else the holder of a valid personal API
 * token (`Authorization: Bearer jx_...`), else the signed-in session; null for an anonymous visitor.
 * Resolved once per request: a page, its metadata, its layout and the lib functions they call
 * share one session (or token) lookup. Outside a React server render (route handlers, tests)
 * `cache` does not memoize and each call looks again.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => (await getRequestState()).viewer);

/**
 * The viewer, and why a signed-in person has none: an account waiting for approval or disabled
 * (JUXTA_SIGNUP, /admin) is signed in but reaches nothing but the waiting page.
 */
export const getRequestState = cache(resolveViewer);

type RequestState = { viewer: Viewer | null; blocked: Blocked | null };

async function resolveViewer(): Promise<RequestState> {
  const env = getEnv();
  if (!env.auth.enabled) {
    await ensureLocalUser();
    return { viewer: { id: LOCAL_USER_ID, name: "Local user", email: null, local: true, via: "local", isAdmin: true }, blocked: null };
  }
  const authorization = (await headers()).get("authorization");
  if (authorization) return { viewer: await viewerFromToken(authorization), blocked: null };
  // next-auth reads the session cookie itself; touching cookies() marks the route dynamic
  await cookies();
  const session = await getServerSession(getAuthOptions());
  const user = session?.user as
    { id?: string; name?: string | null; email?: string | null; status?: string; isAdmin?: boolean } | undefined;
  if (!user?.id) return { viewer: null, blocked: null };
  if (user.status === "pending" || user.status === "disabled") return { viewer: null, blocked: user.status };
  return {
    viewer: {
      id: user.id,
      name: user.name ?? null,
      email: user.email ?? null,
      local: false,
      via: "session",
      isAdmin: user.isAdmin === true,
    },
    blocked: null,
  };
}

/** The refusal of a blocked account, for API routes and server actions (403). */
export function blockedError(blocked: Blocked): AppError {
  return blocked === "pending"
    ? new AppError("account_pending", "Your account is waiting for an instance admin's approval. You will have access once it is approved.")
    : new AppError("account_disabled", "This account has been disabled by an instance admin.");
}

async function viewerFromToken(authorization: string): Promise<Viewer> {
  const match = /^Bearer\s+(jx_[A-Za-z0-9_-]{20,100})$/.exec(authorization.trim());
  if (!match) throw new AppError("unauthorized", "The Authorization header must be `Bearer jx_...` with a personal API token.");
  const db = getDb();
  const token = await db.apiToken.findUnique({ where: { tokenHash: hashSecret(match[1]!) }, include: { user: true } });
  if (!token || token.revokedAt) throw new AppError("unauthorized", "This API token is not valid: it was revoked or never existed.");
  if (token.user.status !== "active") throw blockedError(token.user.status);
  // last use, at most once a minute per token
  if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60_000)
    void db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  return {
    id: token.userId,
    name: token.user.name,
    email: token.user.email,
    local: false,
    via: "token",
    tokenId: token.id,
    isAdmin: token.user.isAdmin,
  };
}

/** For API routes and server actions: the viewer, or 401. */
export async function requireViewer(): Promise<Viewer> {
  const { viewer, blocked } = await getRequestState();
  if (blocked) throw blockedError(blocked);
  if (!viewer) throw new AppError("unauthorized", "Sign in, or send a personal API token as `Authorization: Bearer jx_...`.");
  return viewer;
}

/**
 * For pages: the viewer, or a redirect to the sign-in page that comes back to `path`. Only "not
 * signed in" (or a bad token) redirects: any other failure (the database is away) is the error
 * page, since a redirect would send a local-mode visitor from /signin back here in a loop.
 */
export async function requirePageViewer(path: string): Promise<Viewer> {
  const { viewer, blocked } = await getRequestState().catch((error: unknown) => {
    if (error instanceof AppError) return { viewer: null, blocked: null };
    throw error;
  });
  if (viewer) return viewer;
  if (blocked) return redirect("/pending");
  return redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
}
