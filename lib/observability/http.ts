// What every API request gets from `endpoint()` (lib/http/route.ts): a request id (the incoming
// `x-request-id` when sane, else a new one) that every log line written while it is handled names
// and that the response carries back in `x-request-id`; and its count and time in the metrics,
// labelled by route pattern (`/api/v1/comparisons/[id]`), never by URL.
import "server-only";
import { requestIdOf, withRequestId } from "./context";
import { metrics } from "./metrics";

type Params = Record<string, string | string[] | undefined>;
type Ctx = { params?: Promise<Params> } | undefined;

/**
 * The route pattern of a request: each path segment equal to a route param's value is replaced by
 * `[name]` (`[...name]` for a catch-all's segments).
 */
export function routePattern(pathname: string, params: Params | undefined): string {
  if (!params) return pathname;
  const byValue = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "string") byValue.set(value, `[${name}]`);
    else if (Array.isArray(value)) for (const v of value) byValue.set(v, `[...${name}]`);
  }
  if (byValue.size === 0) return pathname;
  const out: string[] = [];
  for (const segment of pathname.split("/")) {
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      // a malformed escape stays as it came
    }
    const name = byValue.get(decoded);
    // a catch-all's segments collapse into one `[...name]`
    if (name && !(name.startsWith("[...") && out.at(-1) === name)) out.push(name);
    else if (!name) out.push(segment);
  }
  return out.join("/");
}

function withHeader(response: Response, requestId: string): Response {
  try {
    response.headers.set("x-request-id", requestId);
    return response;
  } catch {
    // immutable headers (a redirect, a fetched response): the same body in a new response
    const headers = new Headers(response.headers);
    headers.set("x-request-id", requestId);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

/** Runs an API handler in its request's scope; counts, times and tags its response. */
export async function observeRequest(request: Request, ctx: Ctx, handle: () => Promise<Response>): Promise<Response> {
  const requestId = requestIdOf(request);
  const started = performance.now();
  const response = await withRequestId(requestId, handle);
  const seconds = (performance.now() - started) / 1000;
  let params: Params | undefined;
  try {
    params = await ctx?.params;
  } catch {
    params = undefined;
  }
  metrics.requestEnded(request.method, routePattern(new URL(request.url).pathname, params), response.status, seconds);
  return withHeader(response, requestId);
}
