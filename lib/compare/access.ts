import type { Viewer } from "@/lib/auth/viewer";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { comparisonIdSchema } from "./schema";

/** Who a comparison belongs to, as a Prisma filter for the viewer's own comparisons. */
export function ownedBy(viewer: Pick<Viewer, "id" | "local">) {
  return viewer.local ? { OR: [{ ownerId: LOCAL_USER_ID }, { ownerId: null }] } : { ownerId: viewer.id };
}

export function canSee(viewer: Pick<Viewer, "id" | "local">, ownerId: string | null): boolean {
  return ownerId === viewer.id || (viewer.local && (ownerId === null || ownerId === LOCAL_USER_ID));
}

/**
 * The comparison if the viewer owns it; otherwise 404 (not 403), so that whether someone else's
 * comparison exists does not leak. Malformed ids are 404 too.
 */
export async function authorizeComparisonOrThrow(
  id: string,
  viewer: Pick<Viewer, "id" | "local">,
  db: PrismaClient = getDb(),
): Promise<{ id: string; ownerId: string | null }> {
  const notFound = new AppError("not_found", "This comparison does not exist.");
  if (!comparisonIdSchema.safeParse(id).success) throw notFound;
  const row = await db.comparison.findUnique({ where: { id }, select: { id: true, ownerId: true } });
  if (!row || !canSee(viewer, row.ownerId)) throw notFound;
  return row;
}
