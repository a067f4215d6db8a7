// Where invitation links point: NEXTAUTH_URL (the public URL sign-in uses) when set, else the
// origin the request came to (lib/http/origin.ts, shared with share and results links).
import { publicOrigin } from "@/lib/http/origin";

/** The request's origin from its headers (server actions have no URL). */
export function originFromHeaders(h: Headers): string {
  return publicOrigin(h);
}
