import { z } from "zod";
import { assertAdmin, usage } from "@/lib/admin/service";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const querySchema = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }).strict();

// GET /api/v1/admin/usage?days=30: spend, calls and errors per day by person, team and provider (instance admins; 404 for others)
export const GET = endpoint({ query: querySchema, authorize: ({ viewer }) => assertAdmin(viewer) }, async ({ query }) =>
  Response.json(await usage(query.days)),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
