// Calls from the browser to Juxta's server, server actions and API routes alike, with one answer
// shape: the data, or an error with a sentence to show. A call that never reaches the server
// (Juxta stopped, the network dropped) becomes such an error too, instead of a rejected promise
// every caller has to catch. Client code only; it imports no server module.

/** An error as server actions (`safely`) and API routes (the error envelope) return it. */
export type ServerError = { code: string; message: string; field: string | null };

/** A server action's answer (the same shape as `ActionResult` in lib/actions/safe-action.ts). */
export type ServerResult<T> = { ok: true; data: T } | { ok: false; error: ServerError };

/** An API route's answer: also its HTTP status (null when the server was not reached) and body. */
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number | null; error: ServerError; body: unknown };

/** "Could not reach the server[ to <doing>]. Check that Juxta is still running, then try again." */
export function offlineMessage(doing?: string): string {
  return `Could not reach the server${doing ? ` to ${doing}` : ""}. Check that Juxta is still running, then try again.`;
}

function offline(doing?: string): ServerError {
  return { code: "offline", message: offlineMessage(doing), field: null };
}

/**
 * Awaits a server action. `doing` completes the sentence shown when the server cannot be reached
 * ("save your vote": "Could not reach the server to save your vote. ...").
 */
export async function callAction<T>(call: Promise<ServerResult<T>>, doing?: string): Promise<ServerResult<T>> {
  try {
    return await call;
  } catch {
    return { ok: false, error: offline(doing) };
  }
}

function envelopeError(body: unknown): ServerError | null {
  const error = (body as { error?: Partial<ServerError> } | null)?.error;
  if (!error || typeof error.message !== "string") return null;
  return {
    code: typeof error.code === "string" ? error.code : "error",
    message: error.message,
    field: typeof error.field === "string" ? error.field : null,
  };
}

/**
 * fetch() for Juxta's JSON API: a 2xx answer's JSON body as `data`; any other answer as the
 * envelope's error (or "The server answered HTTP <status>." without one), with the whole `body`
 * for routes that say more (an import's line errors).
 */
export async function callApi<T>(url: string, init?: RequestInit, doing?: string): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    return { ok: false, status: null, error: offline(doing), body: null };
  }
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok) return { ok: true, status: response.status, data: body as T };
  return {
    ok: false,
    status: response.status,
    error: envelopeError(body) ?? { code: "http", message: `The server answered HTTP ${response.status}.`, field: null },
    body,
  };
}

/** callApi with a JSON body. */
export function sendJson<T>(
  url: string,
  method: "POST" | "PATCH" | "PUT" | "DELETE",
  body: unknown,
  doing?: string,
): Promise<ApiResult<T>> {
  return callApi<T>(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, doing);
}
