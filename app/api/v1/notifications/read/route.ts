import { endpoint, otherMethods } from "@/lib/http/route";
import { markRead } from "@/lib/notifications/service";
import { markReadSchema } from "@/lib/scorecards/schema";

export const dynamic = "force-dynamic";

// POST /api/v1/notifications/read: mark {"ids": [...]} or {"all": true} read; answers the unread count
export const POST = endpoint({ body: markReadSchema }, async ({ viewer, body }) => Response.json(await markRead(viewer, body)));

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
