import { accountPatchSchema, assertAdmin, updateAccount } from "@/lib/admin/service";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// PATCH /api/v1/admin/users/<id>: {"status":"active"|"disabled","isAdmin":bool} approve, disable (signed out everywhere) or make admin
export const PATCH = endpoint(
  { params: idParams, authorize: ({ viewer }) => assertAdmin(viewer), body: accountPatchSchema },
  async ({ viewer, params, body }) => Response.json({ user: await updateAccount(viewer, params.id, body) }),
);

export const { GET, POST, PUT, DELETE, HEAD, OPTIONS } = otherMethods({ PATCH }, { params: idParams });
