import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/health: the process is up (no database, no auth): 200 {"status":"ok"}
export const GET = endpoint({ auth: "none" }, () => Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } }));

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
