// The check a test needs to call the lib functions that read or change one comparison: they take
// the `ComparisonAccess` that authorizeComparisonOrThrow returns, never a bare id.
import { LOCAL_USER_ID } from "@/lib/auth/local";
import type { Viewer } from "@/lib/auth/viewer";
import type { ComparisonAccess } from "@/lib/compare/access";
import type { EvalPermission, SessionAccess } from "@/lib/evals/access";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** The local user: the owner of the comparisons the tests start. */
export const LOCAL_VIEWER: Pick<Viewer, "id" | "local"> = { id: LOCAL_USER_ID, local: true };

/** `viewer`'s check (default: the local user) for changing comparison `id`; imported late, after a test has set its environment. */
export async function accessTo(
  id: string,
  { db, viewer = LOCAL_VIEWER }: { db?: PrismaClient; viewer?: Pick<Viewer, "id" | "local"> } = {},
): Promise<ComparisonAccess> {
  const { authorizeComparisonOrThrow } = await import("@/lib/compare/access");
  return authorizeComparisonOrThrow(id, viewer, "write", db);
}

/**
 * A rater's check of a session, made up for tests of the queue's mechanics (claims, K raters per
 * item, shuffling) that rate one personal session as many people. Who may rate is tested through
 * authorizeSession and the routes; this skips it on purpose.
 */
export function raterOf(sessionId: string, raterId: string): SessionAccess {
  return { id: sessionId, teamId: null, ownerId: raterId, viewer: { id: raterId }, role: null, can: ["evals:read", "evals:rate"] };
}

/** `viewerId`'s check of session `id` for `permission`; imported late, after a test has set its environment. */
export async function sessionAccessTo(id: string, viewerId: string, permission: EvalPermission = "evals:share"): Promise<SessionAccess> {
  const { authorizeSession } = await import("@/lib/evals/access");
  return authorizeSession(id, { id: viewerId }, permission);
}
