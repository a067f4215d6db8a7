// Where requests come from and where links point. No server-only imports: the route wrapper, the
// proxy, server actions and unit tests use it.
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

const first = (value: string | null) => value?.split(",")[0]?.trim() || null;

/** The host the request was sent to: X-Forwarded-Host (a proxy in front), else Host. */
export function requestHost(h: Headers): string | null {
  return first(h.get("x-forwarded-host")) ?? h.get("host");
}

/** The origin the request was sent to, from its headers (a route handler's `request.url` may say localhost behind a proxy). */
export function requestOrigin(h: Headers, fallback = "http://localhost:3000"): string {
  const host = requestHost(h);
  if (!host) return fallback;
  const proto = first(h.get("x-forwarded-proto")) ?? (LOOPBACK.test(host) ? "http" : "https");
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return fallback;
  }
}

/**
 * Where links handed out (share links, results links, invitations) point: NEXTAUTH_URL's origin
 * (the public URL of the app, behind its load balancer) when set, else the origin the request came to.
 */
export function publicOrigin(h: Headers, fallback?: string): string {
  const configured = getEnv().auth.url;
  if (configured) return new URL(configured).origin;
  return requestOrigin(h, fallback);
}

/** An absolute link to `path` (`/s/<token>`) on the public origin of `request` (its URL's origin when it has no Host header). */
export function publicUrl(path: string, request: Request): string {
  return new URL(path, publicOrigin(request.headers, new URL(request.url).origin)).toString();
}

/** The request carries a personal API token (`Authorization: Bearer ...`): a browser cannot add one across origins. */
export function hasBearer(h: Headers): boolean {
  return /^Bearer\s/i.test(h.get("authorization") ?? "");
}

/**
 * Is this request from the app's own pages? The Origin header when there is one (its host must be
 * the host the request was sent to, or NEXTAUTH_URL's); without it, `Sec-Fetch-Site` (same-origin,
 * or none: typed in the address bar); with neither, the client is not a browser (curl, scripts),
 * which cannot carry a visitor's cookies against their will. Another port of the same host and a
 * sibling subdomain ("same-site") are foreign.
 */
export function isSameOrigin(h: Headers): boolean {
  const origin = h.get("origin");
  if (origin !== null) {
    if (!URL.canParse(origin)) return false; // "null": sandboxed frames, file: pages, some redirects
    const from = new URL(origin);
    const configured = getEnv().auth.url;
    if (configured && new URL(configured).origin === from.origin) return true;
    const host = requestHost(h);
    return host !== null && from.host === host.toLowerCase();
  }
  const site = h.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" || site === "none";
  return true;
}

/** The media type of the body, lower case without parameters ("" when there is no Content-Type). */
export function mediaType(h: Headers): string {
  return (h.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * Does the request come from a browser (or something that carries a browser's credentials)? Every
 * browser of the last years sends `Origin` on a POST and `Sec-Fetch-*` on every request, and a
 * signed-in one sends its cookie. A client with none of them (curl, scripts, the tests) rides on
 * no one's session: its body type is its own business.
 */
function fromBrowser(h: Headers): boolean {
  if (h.has("origin") || h.has("cookie")) return true;
  for (const name of h.keys()) if (name.startsWith("sec-fetch-")) return true;
  return false;
}

function hasBody(h: Headers): boolean {
  const length = h.get("content-length");
  return (length !== null && length !== "0") || h.has("transfer-encoding");
}

/**
 * The cross-site request checks of a state-changing API request (POST, PUT, PATCH, DELETE) made
 * with cookies or in local mode (bearer-token requests are exempt: a browser cannot send one from
 * another site without CORS, which the app never grants):
 *  - it comes from the app's own origin, else 403 `forbidden_origin`;
 *  - when a browser sent it (Origin, a cookie or Sec-Fetch-* headers), its body is
 *    `application/json` (or one of `accepts`, for a route that takes files), else 415
 *    `unsupported_media_type`: a cross-site form can only send text/plain, urlencoded or multipart.
 *    A request without a body and without a Content-Type (POST .../stop) passes: every cross-site
 *    form or simple request with a body carries one.
 * Either check alone stops today's attacks; together they also cover browsers that send no Origin.
 */
export function assertSameOriginRequest(request: Request, accepts: readonly string[] = ["application/json"]): void {
  const method = request.method.toUpperCase();
  if (!UNSAFE_METHODS.has(method)) return;
  const h = request.headers;
  if (hasBearer(h)) return;
  if (!isSameOrigin(h))
    throw new AppError(
      "forbidden_origin",
      "This request came from another site. Requests that change data must come from Juxta's own pages, or carry a personal API token.",
    );
  if (!fromBrowser(h)) return;
  const type = mediaType(h);
  if (type === "" && !hasBody(h)) return;
  if (!accepts.includes(type))
    throw new AppError(
      "unsupported_media_type",
      `Send the body as ${accepts.join(" or ")}${type ? `, not ${type}` : " with a Content-Type header"}.`,
    );
}
