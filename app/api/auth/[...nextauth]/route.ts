import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";
import { getEnv } from "@/lib/env";
import { otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// GET|POST /api/auth/*: next-auth's sign-in, callback, session and sign-out endpoints (404 in local mode)
async function handler(request: Request, ctx: Ctx) {
  if (!getEnv().auth.enabled)
    return Response.json({ error: { code: "not_found", message: "Sign-in is not switched on.", field: null } }, { status: 404 });
  return NextAuth(getAuthOptions())(request, { params: await ctx.params });
}

export { handler as GET, handler as POST };
// HEAD stays Next's own (the GET handler); every other method is 405 in the envelope
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET: handler, POST: handler });
