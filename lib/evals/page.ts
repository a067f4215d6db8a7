import "server-only";
// The one loader of a session's pages (/evals/<id>, /rate, /results): who is asking (else a
// redirect to sign in) and the session when they may `permission` it. Anyone outside gets the
// 404 page, as for a session that does not exist; a team member whose role lacks the permission
// gets `forbidden` (the sentence to show).
import { notFound } from "next/navigation";
import { cache } from "react";
import { requirePageViewer, type Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { authorizeSession, type EvalPermission, type SessionAccess } from "./access";

export type SessionPage =
  { viewer: Viewer; session: SessionAccess; forbidden: null } | { viewer: Viewer; session: null; forbidden: string };

/** Cached per request: a page and its metadata share one check. `subpath`: "" or "/rate", "/results" (for the sign-in redirect). */
export const loadSessionPage = cache(async (id: string, permission: EvalPermission, subpath = ""): Promise<SessionPage> => {
  const viewer = await requirePageViewer(`/evals/${encodeURIComponent(id)}${subpath}`);
  try {
    return { viewer, session: await authorizeSession(id, viewer, permission), forbidden: null };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    if (error instanceof AppError && error.code === "forbidden") return { viewer, session: null, forbidden: error.message };
    throw error;
  }
});
