import { z } from "zod";
import { endpoint, otherMethods } from "@/lib/http/route";
import { listNotifications } from "@/lib/notifications/service";

export const dynamic = "force-dynamic";

const query = z.object({ unread: z.enum(["1", "true"]).optional() }).strict();

// GET /api/v1/notifications?unread=1: the caller's latest notifications (the bell), newest first, with the unread count
export const GET = endpoint({ query }, async ({ viewer, query }) =>
  Response.json(await listNotifications(viewer, { unreadOnly: Boolean(query.unread) }), { headers: { "cache-control": "no-store" } }),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
