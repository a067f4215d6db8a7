// The security headers of every response (proxy.ts for pages, next.config.ts for the rest). Pure:
// unit tests and next.config.ts import it.
//
// Content-Security-Policy of a page: scripts only with the request's nonce ('strict-dynamic' lets
// those load Next's chunks), never 'unsafe-inline'. 'unsafe-eval' is allowed because ajv, which
// checks the JSON Schemas a person types (tool parameters, a response schema) as they are typed,
// compiles each schema into a function in the browser; no model output or URL input is ever
// evaluated (model output is rendered sanitized). style-src keeps 'unsafe-inline': React `style={{...}}` attributes (bar widths,
// chart sizes, Radix positioning) cannot carry a nonce, and a nonce in style-src would switch
// 'unsafe-inline' off; styles cannot run code, and model output is rendered sanitized.

export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "usb=()",
  "browsing-topics=()",
].join(", ");

/** Share and results links carry their token in the path: it never travels in a Referer. */
export function referrerPolicy(pathname: string): string {
  return /^\/(s|r)(\/|$)/.test(pathname) ? "no-referrer" : "strict-origin-when-cross-origin";
}

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** The page policy with `nonce`; `dev` adds what React's development build needs. */
export function pageCsp(nonce: string, { dev = false }: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'unsafe-eval'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "media-src 'self' blob: data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
  ].join("; ");
}

/** The policy of everything that is not a page (API JSON, images, exports): nothing runs, nothing frames it. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The headers every response carries, besides its CSP. */
export function commonSecurityHeaders(pathname: string): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": referrerPolicy(pathname),
    "permissions-policy": PERMISSIONS_POLICY,
    "x-frame-options": "DENY",
  };
}
