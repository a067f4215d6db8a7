// The request id of the API request being handled, carried through every await of its handler
// (AsyncLocalStorage), so each log line written meanwhile names it. lib/http/route.ts `endpoint()`
// opens the scope; lib/observability/log.ts reads it.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export type RequestScope = { requestId: string };

const key = Symbol.for("juxta.observability.requestScope");
type Holder = { [key]?: AsyncLocalStorage<RequestScope> };
// one store per process, even when Next's dev server reloads this module
const storage = ((globalThis as Holder)[key] ??= new AsyncLocalStorage<RequestScope>());

/** The request id of the request being handled, or undefined outside one. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Runs `fn` with `requestId` as the current request id. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

// an id a client or load balancer sent: 1-128 characters of a safe alphabet (UUIDs, ULIDs, trace ids)
const saneRequestId = /^[A-Za-z0-9._:@\/+=-]{1,128}$/;

/** The incoming `x-request-id` when it looks like an id, else a new UUID. */
export function requestIdOf(request: Request): string {
  const sent = request.headers.get("x-request-id")?.trim();
  return sent && saneRequestId.test(sent) ? sent : randomUUID();
}
