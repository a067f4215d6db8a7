// What the provider's HTTP traffic tells a model call: when each request was written, when its
// response headers came back, and that bytes are still arriving. Every provider instance is built
// with `tracedFetch`, which reports to the call running in the current async context, so the
// (cached, shared) provider instances need no per-call state. No import from lib/providers here:
// the provider modules import this file.
import { AsyncLocalStorage } from "node:async_hooks";

/** One provider request as seen on the wire; times are `performance.now()` values. */
export type WireAttempt = {
  /** fetch called: the SDK has built and signed the request and is about to write it */
  sentAt: number;
  /** the response headers arrived (null while waiting, or when the request failed first) */
  headersAt: number | null;
  requestId: string | null;
};

export type CallTrace = {
  attempts: WireAttempt[];
  /** called whenever the provider shows a sign of life: a request written, headers, a body chunk */
  touch: () => void;
  /** answers instead of the network (the start-up warm-up only: lib/calls/warm-up.ts) */
  respond?: (request: Request) => Response;
};

const current = new AsyncLocalStorage<CallTrace>();

/** Runs `work` with `trace` receiving the wire events of every provider request it makes. */
export function withCallTrace<T>(trace: CallTrace, work: () => T): T {
  return current.run(trace, work);
}

const requestIdHeaders = ["x-request-id", "apim-request-id", "x-amzn-requestid", "request-id", "x-goog-request-id"];

export function requestIdOf(headers: Headers | Record<string, string> | undefined): string | null {
  if (!headers) return null;
  for (const h of requestIdHeaders) {
    const value = headers instanceof Headers ? headers.get(h) : headers[h];
    if (value) return value;
  }
  return null;
}

/** Passes the body through unchanged, touching the trace on every chunk. */
function touching(body: ReadableStream<Uint8Array>, touch: () => void): ReadableStream<Uint8Array> {
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        touch();
        controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * A fetch for provider packages that records wire times for the call in progress. `inner` is read
 * at request time (never captured), so a test's `globalThis.fetch` replacement still applies.
 */
export function tracedFetch(inner?: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const fetchImpl = inner ?? globalThis.fetch;
    const trace = current.getStore();
    if (!trace) return fetchImpl(input, init);
    if (trace.respond) return trace.respond(new Request(input, init));
    const attempt: WireAttempt = { sentAt: performance.now(), headersAt: null, requestId: null };
    trace.attempts.push(attempt);
    trace.touch();
    const response = await fetchImpl(input, init);
    attempt.headersAt = performance.now();
    attempt.requestId = requestIdOf(response.headers);
    trace.touch();
    if (!response.body) return response;
    const traced = new Response(touching(response.body, trace.touch), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    // keep what the SDK may read besides status and headers
    Object.defineProperty(traced, "url", { value: response.url });
    return traced;
  };
}
