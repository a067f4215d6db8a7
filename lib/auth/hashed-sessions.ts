import "server-only";
import type { Adapter, AdapterSession } from "next-auth/adapters";
import { hashSecret } from "./tokens";

/**
 * next-auth's database sessions, stored as the SHA-256 of their token (hex, as API tokens are):
 * the `Session` table never holds a cookie that works. The browser keeps the token; every lookup,
 * update and delete hashes it first, and what the adapter returns carries the token again
 * (next-auth sets the cookie from `createSession`'s result). Sessions made before this was
 * switched on were hashed in place by migration 20261205100700_hashed_sessions.
 * Email sign-in links (VerificationToken) are hashed by next-auth itself (sha256 of token+secret).
 */
export function withHashedSessions(adapter: Adapter): Adapter {
  const { createSession, getSessionAndUser, updateSession, deleteSession } = adapter;
  if (!createSession || !getSessionAndUser || !updateSession || !deleteSession) return adapter;
  const withToken = (session: AdapterSession, sessionToken: string): AdapterSession => ({ ...session, sessionToken });
  return {
    ...adapter,
    async createSession(session) {
      return withToken(await createSession({ ...session, sessionToken: hashSecret(session.sessionToken) }), session.sessionToken);
    },
    async getSessionAndUser(sessionToken) {
      const found = await getSessionAndUser(hashSecret(sessionToken));
      return found ? { ...found, session: withToken(found.session, sessionToken) } : null;
    },
    async updateSession(session) {
      const updated = await updateSession({ ...session, sessionToken: hashSecret(session.sessionToken) });
      return updated ? withToken(updated, session.sessionToken) : updated;
    },
    async deleteSession(sessionToken) {
      const deleted = await deleteSession(hashSecret(sessionToken));
      return deleted ? { ...deleted, sessionToken } : null;
    },
  };
}
