import "server-only";
import type { z } from "zod";
import { requireViewer, type Viewer } from "@/lib/auth/viewer";
import { authorizeComparisonOrThrow, type ComparisonAccess, type ComparisonNeed } from "@/lib/compare/access";
import { AppError, fromZodError, toAppError } from "@/lib/errors";
import { MAX_BODY_BYTES } from "@/lib/http";
import { assertSafeText } from "@/lib/text/safe";
import { log } from "@/lib/observability/log";

// The one wrapper every server action goes through. A server action is a public POST endpoint:
// it authenticates, validates its input with zod, checks ownership, and returns a result object
// (never throws to the client), so a form can show the message beside the field.

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; field: string | null } };

export async function safely<T>(work: (viewer: Viewer) => Promise<T> | T): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work(await requireViewer()) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, ...error.toJSON() };
    log.error("action failed", { error });
    // a database that does not answer is said so (503-style `database_unavailable`), the rest is `internal`
    return { ok: false, ...toAppError(error).toJSON() };
  }
}

/** Validates an action argument; a zod failure becomes a 400-style error naming the field. */
export function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  if (JSON.stringify(value ?? null).length > MAX_BODY_BYTES) throw new AppError("payload_too_large", "The request is larger than 1 MB.");
  // a NUL or a lone surrogate in any string is refused, naming the field (lib/text/safe.ts)
  assertSafeText(value);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

/**
 * The check of a comparison the viewer may `need` ("read", or "write" to change it): their own, or
 * their team's by role; anything else is "not found" (403 for a team role without the permission).
 * The lib functions the action then calls take it and do not check again.
 */
export async function ownedComparison(id: unknown, viewer: Viewer, need: ComparisonNeed): Promise<ComparisonAccess> {
  if (typeof id !== "string") throw new AppError("not_found", "This comparison does not exist.");
  return authorizeComparisonOrThrow(id, viewer, need);
}
