// The in-app bell: notifications per user (drift alerts of scorecards for now). Read with
// GET /api/v1/notifications, marked read with POST /api/v1/notifications/read.
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";

export type NotificationView = {
  id: string;
  kind: string;
  title: string;
  body: string;
  href: string | null;
  readAt: string | null;
  createdAt: string;
};

type Deps = { db?: PrismaClient };

/** One notification per user (the same text). */
export async function notifyUsers(
  userIds: string[],
  n: { kind: string; title: string; body: string; href: string | null },
  deps: Deps = {},
): Promise<number> {
  if (!userIds.length) return 0;
  const db = deps.db ?? getDb();
  const { count } = await db.notification.createMany({ data: [...new Set(userIds)].map((userId) => ({ id: newId(), userId, ...n })) });
  return count;
}

/** The viewer's latest notifications (newest first) and how many are unread. */
export async function listNotifications(
  viewer: Pick<Viewer, "id">,
  { unreadOnly = false, take = 50 }: { unreadOnly?: boolean; take?: number } = {},
  deps: Deps = {},
): Promise<{ items: NotificationView[]; unread: number }> {
  const db = deps.db ?? getDb();
  const [rows, unread] = await Promise.all([
    db.notification.findMany({
      where: { userId: viewer.id, ...(unreadOnly ? { readAt: null } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
    }),
    db.notification.count({ where: { userId: viewer.id, readAt: null } }),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      href: r.href,
      readAt: r.readAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    })),
    unread,
  };
}

/** Marks some (or all) of the viewer's notifications read; other people's ids are ignored. */
export async function markRead(
  viewer: Pick<Viewer, "id">,
  input: { ids?: string[]; all?: boolean },
  deps: Deps = {},
): Promise<{ unread: number }> {
  const db = deps.db ?? getDb();
  await db.notification.updateMany({
    where: { userId: viewer.id, readAt: null, ...(input.all ? {} : { id: { in: input.ids ?? [] } }) },
    data: { readAt: new Date() },
  });
  return { unread: await db.notification.count({ where: { userId: viewer.id, readAt: null } }) };
}
