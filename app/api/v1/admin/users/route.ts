import { assertAdmin, listAccounts } from "@/lib/admin/service";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/admin/users: every account with its status (active, pending, disabled) and admin role (instance admins; 404 for others)
export const GET = endpoint({ authorize: ({ viewer }) => assertAdmin(viewer) }, async () => Response.json({ users: await listAccounts() }));

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
