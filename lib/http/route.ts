import "server-only";
import type { z } from "zod";
import { requireViewer, type Viewer } from "@/lib/auth/viewer";
import { AppError, errorResponse, fromZodError } from "@/lib/errors";
import { observeRequest } from "@/lib/observability/http";
import { MAX_BODY_BYTES, readJson } from "./body";
import { assertSameOriginRequest } from "./origin";
import { parseOrThrow } from "./parse";
import { assertSafeText } from "@/lib/text/safe";

// The one wrapper every API route handler goes through, as `safely` is for server actions. The
// checks run in a fixed order, and any failure is the one error envelope
// {"error": {"code", "message", "field"}} with its status:
//   0. a state-changing request (POST, PUT, PATCH, DELETE) without a bearer token comes from the
//      app's own origin (403 `forbidden_origin`) with a JSON body (415 `unsupported_media_type`;
//      a route that takes files lists its types in `accepts`): see ./origin.ts
//   1. authenticate: the viewer, or 401 (skipped for a public route, `auth: "none"`): an anonymous
//      caller learns nothing about its input
//   2. route params (zod): a malformed segment is 404, as for a row that does not exist
//   3. query string (zod): 400 naming the field
//   4. authorize (the route's own check, e.g. "may this viewer write this comparison?"), so an
//      outsider gets 404/403 whatever body they send
//   5. body: JSON read with a size limit counted while it arrives (413), then zod (400)
//   6. the work
// Methods a route does not have answer 405 with the envelope and an `Allow` header (`otherMethods`).

export const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** What Next passes a route handler. Both arguments are optional so tests may call `GET()`. */
export type RouteContext = { params?: Promise<Record<string, string | string[] | undefined>> };
export type RouteHandler = (request?: Request, ctx?: RouteContext) => Promise<Response>;

type Auth = "required" | "none";
type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;
type ViewerFor<A extends Auth> = A extends "none" ? null : Viewer;

export type EndpointSpec<A extends Auth, P extends Schema, Q extends Schema, B extends Schema, R> = {
  /** "none": a public route (share links); otherwise the viewer is required (401). */
  auth?: A;
  /** The route's dynamic segments; a failure is 404 with the schema's message. */
  params?: P;
  /** The query string; by default `Object.fromEntries(searchParams)` (a repeated name: the last value). */
  query?: Q;
  /** What the query schema reads instead of the default object (e.g. `singleValuedQuery`). */
  queryInput?: (url: URL) => unknown;
  /** The JSON body; read only when given (no body is `{}`). */
  body?: B;
  /** The body limit in bytes (default MAX_BODY_BYTES, 1 MB). */
  maxBytes?: number;
  /**
   * The media types a state-changing request with a cookie session (or in local mode) may send
   * (default `["application/json"]`): a route that takes a file adds its types, e.g. multipart/form-data.
   */
  accepts?: readonly string[];
  /** The route's access check, run before the body is read; its result is the handler's `access`. */
  authorize?: (input: { viewer: ViewerFor<A>; params: Out<P>; query: Out<Q>; request: Request }) => Promise<R> | R;
};

export type EndpointInput<A extends Auth, P extends Schema, Q extends Schema, B extends Schema, R> = {
  viewer: ViewerFor<A>;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  access: R;
  request: Request;
};

/**
 * A route handler: `export const GET = endpoint({ params, query, body, authorize }, async ({ viewer, params, query, body, access, request }) => Response)`.
 * Every input is typed from its schema; every error thrown (AppError or not) becomes the envelope.
 */
export function endpoint<
  A extends Auth = "required",
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
  R = undefined,
>(spec: EndpointSpec<A, P, Q, B, R>, handler: (input: EndpointInput<A, P, Q, B, R>) => Promise<Response> | Response): RouteHandler {
  const handle: RouteHandler = async (request = new Request("http://localhost/"), ctx) => {
    try {
      assertSameOriginRequest(request, spec.accepts);
      const viewer = (spec.auth === "none" ? null : await requireViewer()) as ViewerFor<A>;
      const params = (spec.params ? await parseParams(spec.params, ctx) : undefined) as Out<P>;
      const query = (spec.query ? parseOrThrow(spec.query, queryInput(spec, request)) : undefined) as Out<Q>;
      const access = (spec.authorize ? await spec.authorize({ viewer, params, query, request }) : undefined) as R;
      const body = (spec.body ? await readJson(request, spec.body, { maxBytes: spec.maxBytes ?? MAX_BODY_BYTES }) : undefined) as Out<B>;
      return await handler({ viewer, params, query, body, access, request });
    } catch (error) {
      return errorResponse(error);
    }
  };
  // a request id (x-request-id, named in every log line) and the request metrics: lib/observability/http.ts
  return (request = new Request("http://localhost/"), ctx) => observeRequest(request, ctx, () => handle(request, ctx));
}

function queryInput(spec: { queryInput?: (url: URL) => unknown }, request: Request): unknown {
  const url = new URL(request.url);
  const input = spec.queryInput ? spec.queryInput(url) : Object.fromEntries(url.searchParams);
  assertSafeText(input);
  return input;
}

async function parseParams<S extends z.ZodType>(schema: S, ctx: RouteContext | undefined): Promise<z.output<S>> {
  const parsed = schema.safeParse((await ctx?.params) ?? {});
  if (parsed.success) return parsed.data;
  const error = fromZodError(parsed.error);
  throw new AppError("not_found", error.message, error.field);
}

type OtherMethods<M> = { [K in Exclude<HttpMethod, keyof M>]: RouteHandler };

/**
 * The methods a route does not implement, for `export const { POST, PUT, HEAD, OPTIONS } = otherMethods({ GET, PATCH, DELETE })`:
 * each answers 405 with the envelope and `Allow`, except HEAD (the GET handler, when there is one,
 * as Next does) and OPTIONS (204 with `Allow`). With `params`, a malformed segment is 404 first
 * (`/api/v1/evals/<id>/<unknown action>` does not exist, whatever the method).
 */
export function otherMethods<const M extends Partial<Record<HttpMethod, (...args: never[]) => unknown>>>(
  implemented: M,
  { params }: { params?: z.ZodType } = {},
): OtherMethods<M> {
  const has = new Set(HTTP_METHODS.filter((m) => implemented[m]));
  const allow = [...new Set([...has, "OPTIONS", ...(has.has("GET") ? ["HEAD"] : [])])].sort().join(", ");
  const answer =
    (respond: (method: HttpMethod) => Response, method: HttpMethod): RouteHandler =>
    async (_request, ctx) => {
      try {
        if (params) await parseParams(params, ctx);
        return respond(method);
      } catch (error) {
        return errorResponse(error);
      }
    };
  const others: Partial<Record<HttpMethod, RouteHandler>> = {};
  for (const method of HTTP_METHODS) {
    if (has.has(method)) continue;
    if (method === "HEAD" && implemented.GET) others.HEAD = implemented.GET as RouteHandler;
    else if (method === "OPTIONS") others.OPTIONS = answer(() => new Response(null, { status: 204, headers: { allow } }), method);
    else others[method] = answer((m) => methodNotAllowed(m, allow), method);
  }
  return others as OtherMethods<M>;
}

/** 405 in the envelope: `{"error": {"code": "method_not_allowed", ...}}` with the `Allow` header. */
export function methodNotAllowed(method: string, allow: string): Response {
  const error = new AppError("method_not_allowed", `${method} is not supported here. Allowed: ${allow}.`);
  return Response.json(error.toJSON(), { status: error.status, headers: { allow } });
}
