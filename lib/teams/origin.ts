// Where invitation links point: NEXTAUTH_URL (the public URL sign-in uses) when set, else the
// origin the request came to.
import { getEnv } from "@/lib/env";

export function linkOrigin(requestOrigin: string): string {
  return getEnv().auth.url ?? requestOrigin;
}

/** The request's origin from its headers (server actions have no URL). */
export function originFromHeaders(h: Headers): string {
  const host = h.get("x-forwarded-host")?.split(",")[0]?.trim() || h.get("host") || "localhost:3000";
  const proto =
    h.get("x-forwarded-proto")?.split(",")[0]?.trim() || (/^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host) ? "http" : "https");
  return linkOrigin(`${proto}://${host}`);
}
