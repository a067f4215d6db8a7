import "server-only";
import { getDb } from "@/lib/db";
import { LOCAL_USER_ID } from "./local";

/**
 * Comparisons made in local mode (owner "local", or none) are adopted by the first account that
 * signs in once sign-in is switched on. Later accounts start empty. Its own module: the sign-in
 * options (./options.ts) call it, and the viewer (./viewer.ts) reads those options, so keeping it
 * in viewer.ts made the two import each other.
 */
export async function adoptLocalComparisons(userId: string): Promise<void> {
  const db = getDb();
  const others = await db.user.count({ where: { id: { notIn: [LOCAL_USER_ID, userId] } } });
  if (others > 0) return;
  await db.comparison.updateMany({ where: { OR: [{ ownerId: LOCAL_USER_ID }, { ownerId: null }] }, data: { ownerId: userId } });
}
