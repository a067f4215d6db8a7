import { assertAdmin, listLimits, overrideSchema, setOverride } from "@/lib/admin/service";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/admin/limits: the instance defaults (JUXTA_LIMIT_*) and every override (instance admins; 404 for others)
export const GET = endpoint({ authorize: ({ viewer }) => assertAdmin(viewer) }, async () => Response.json(await listLimits()));

// PUT /api/v1/admin/limits: {"scope":"user"|"team"|"token","id","requestsPerMinute","concurrentPanes","dailyUsd","monthlyUsd"} (null = the default; all null removes the override)
export const PUT = endpoint({ authorize: ({ viewer }) => assertAdmin(viewer), body: overrideSchema }, async ({ viewer, body }) => {
  await setOverride(viewer, body);
  return Response.json(await listLimits());
});

export const { POST, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, PUT });
