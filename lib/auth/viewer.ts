import "server-only";
import { getServerSession } from "next-auth";
import { cookies, headers } from "next/headers";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hashSecret } from "./tokens";

import { LOCAL_USER_ID } from "./local";

export { LOCAL_USER_ID };

export type Viewer = { id: string; name: string | null; email: string | null; local: boolean; via: "local" | "session" | "token" };

let localUserReady: Promise<unknown> | null = null;

function ensureLocalUser() {
  localUserReady ??= getDb().user.upsert({
    where: { id: LOCAL_USER_ID },
    create: { id: LOCAL_USER_ID, name: "Local user" },
    update: {},
  });
  return localUserReady;
}

/**
 * Who is asking: the local user when sign-in is off; else the holder of a valid personal API
 * token (`Authorization: Bearer jx_...`), else the signed-in session; null for an anonymous visitor.
 */
export async function getViewer(): Promise<Viewer | null> {
  const env = getEnv();
  if (!env.auth.enabled) {
    await ensureLocalUser();
    return { id: LOCAL_USER_ID, name: "Local user", email: null, local: true, via: "local" };
  }
  const authorization = (await headers()).get("authorization");
  if (authorization) return viewerFromToken(authorization);
  // next-auth reads the session cookie itself; touching cookies() marks the route dynamic
  await cookies();
  const { getAuthOptions } = await import("./options");
  const session = await getServerSession(getAuthOptions());
  const user = session?.user as { id?: string; name?: string | null; email?: string | null } | undefined;
  if (!user?.id) return null;
  return { id: user.id, name: user.name ?? null, email: user.email ?? null, local: false, via: "session" };
}

async function viewerFromToken(authorization: string): Promise<Viewer> {
  const match = /^Bearer\s+(jx_[A-Za-z0-9_-]{20,100})$/.exec(authorization.trim());
  if (!match) throw new AppError("unauthorized", "The Authorization header must be `Bearer jx_...` with a personal API token.");
  const db = getDb();
  const token = await db.apiToken.findUnique({ where: { tokenHash: hashSecret(match[1]!) }, include: { user: true } });
  if (!token || token.revokedAt) throw new AppError("unauthorized", "This API token is not valid: it was revoked or never existed.");
  // last use, at most once a minute per token
  if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60_000)
    void db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  return { id: token.userId, name: token.user.name, email: token.user.email, local: false, via: "token" };
}

/** For API routes and server actions: the viewer, or 401. */
export async function requireViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw new AppError("unauthorized", "Sign in, or send a personal API token as `Authorization: Bearer jx_...`.");
  return viewer;
}

/**
 * Comparisons made in local mode (owner "local", or none) are adopted by the first account that
 * signs in once sign-in is switched on. Later accounts start empty.
 */
export async function adoptLocalComparisons(userId: string): Promise<void> {
  const db = getDb();
  const others = await db.user.count({ where: { id: { notIn: [LOCAL_USER_ID, userId] } } });
  if (others > 0) return;
  await db.comparison.updateMany({ where: { OR: [{ ownerId: LOCAL_USER_ID }, { ownerId: null }] }, data: { ownerId: userId } });
}

/** For pages: the viewer, or a redirect to the sign-in page that comes back to `path`. */
export async function requirePageViewer(path: string): Promise<Viewer> {
  const viewer = await getViewer().catch(() => null);
  if (viewer) return viewer;
  const { redirect } = await import("next/navigation");
  return redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
}
