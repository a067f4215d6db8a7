// The pure parts of the hardened edges: which requests count as the app's own (lib/http/origin.ts),
// which strings PostgreSQL can store (lib/text/safe.ts) and the security headers (lib/http/security-headers.ts).
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { assertSameOriginRequest, isSameOrigin, publicOrigin, requestOrigin } from "@/lib/http/origin";
import { commonSecurityHeaders, newNonce, pageCsp, referrerPolicy } from "@/lib/http/security-headers";
import { findUnsafeText, storableJson, storableText, unsafeTextReason } from "@/lib/text/safe";
import { AppError } from "@/lib/errors";

const h = (init: Record<string, string>) => new Headers(init);
const post = (headers: Record<string, string>, method = "POST") => new Request("http://127.0.0.1:3000/api/v1/x", { method, headers });
const code = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as AppError).code;
  }
};

afterEach(() => {
  delete process.env.NEXTAUTH_URL;
  resetEnvCache();
});

describe("same origin", () => {
  it("Origin must name the host the request was sent to (port included)", () => {
    expect(isSameOrigin(h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }))).toBe(true);
    expect(isSameOrigin(h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3001" }))).toBe(false);
    expect(isSameOrigin(h({ host: "app.example.com", origin: "https://evil.example.com" }))).toBe(false);
    expect(isSameOrigin(h({ host: "app.example.com", origin: "null" }))).toBe(false);
    expect(isSameOrigin(h({ host: "localhost:3000", "x-forwarded-host": "juxta.example.com", origin: "https://juxta.example.com" }))).toBe(
      true,
    );
  });

  it("NEXTAUTH_URL's origin is the app's too", () => {
    process.env.NEXTAUTH_URL = "https://juxta.example.com";
    resetEnvCache();
    expect(isSameOrigin(h({ host: "10.0.0.5:3000", origin: "https://juxta.example.com" }))).toBe(true);
    expect(publicOrigin(h({ host: "10.0.0.5:3000" }))).toBe("https://juxta.example.com");
  });

  it("without Origin: Sec-Fetch-Site same-origin or none passes, same-site and cross-site do not; neither header: not a browser", () => {
    expect(isSameOrigin(h({ "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(isSameOrigin(h({ "sec-fetch-site": "none" }))).toBe(true);
    expect(isSameOrigin(h({ "sec-fetch-site": "same-site" }))).toBe(false);
    expect(isSameOrigin(h({ "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(isSameOrigin(h({}))).toBe(true);
  });

  it("the request's origin from its headers: forwarded host and proto first; http on loopback, else https", () => {
    expect(requestOrigin(h({ host: "127.0.0.1:3000" }))).toBe("http://127.0.0.1:3000");
    expect(requestOrigin(h({ host: "juxta.example.com" }))).toBe("https://juxta.example.com");
    expect(requestOrigin(h({ host: "localhost:3000", "x-forwarded-host": "a.example, b", "x-forwarded-proto": "http" }))).toBe(
      "http://a.example",
    );
  });
});

describe("assertSameOriginRequest", () => {
  const foreign = { host: "127.0.0.1:3000", origin: "http://127.0.0.1:4000" };
  it("state-changing methods only; bearer tokens exempt", () => {
    expect(code(() => assertSameOriginRequest(post(foreign, "GET")))).toBeNull();
    for (const m of ["POST", "PUT", "PATCH", "DELETE"])
      expect(code(() => assertSameOriginRequest(post(foreign, m)))).toBe("forbidden_origin");
    expect(
      code(() => assertSameOriginRequest(post({ ...foreign, authorization: "Bearer jx_x", "content-type": "text/plain" }))),
    ).toBeNull();
  });
  it("JSON (or the route's own types) with a body; a bodyless request without a Content-Type passes", () => {
    const same = { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" };
    expect(code(() => assertSameOriginRequest(post({ ...same, "content-type": "application/json; charset=utf-8" })))).toBeNull();
    expect(code(() => assertSameOriginRequest(post({ ...same, "content-type": "text/plain" })))).toBe("unsupported_media_type");
    expect(code(() => assertSameOriginRequest(post({ ...same, "content-length": "2" })))).toBe("unsupported_media_type");
    // a cookie or Sec-Fetch-* without Origin: still a browser
    expect(code(() => assertSameOriginRequest(post({ cookie: "a=b", "content-type": "text/plain" })))).toBe("unsupported_media_type");
    expect(code(() => assertSameOriginRequest(post({ "sec-fetch-site": "same-origin", "content-type": "text/plain" })))).toBe(
      "unsupported_media_type",
    );
    // neither: curl or a script, which carries no one's session
    expect(code(() => assertSameOriginRequest(post({ "content-type": "text/plain", "content-length": "2" })))).toBeNull();
    expect(code(() => assertSameOriginRequest(post(same)))).toBeNull();
    expect(code(() => assertSameOriginRequest(post({ ...same, "content-type": "text/csv" }), ["text/csv"]))).toBeNull();
    expect(new AppError("unsupported_media_type", "x").status).toBe(415);
    expect(new AppError("forbidden_origin", "x").status).toBe(403);
  });
});

describe("text PostgreSQL can store", () => {
  it("finds a NUL or a lone surrogate, with the field's path (keys too); pairs are fine", () => {
    expect(unsafeTextReason("ok \ud83d\ude00")).toBeNull();
    expect(unsafeTextReason("a\u0000")).toBe("nul");
    expect(unsafeTextReason("\ud83d")).toBe("surrogate");
    expect(unsafeTextReason("\ude00x")).toBe("surrogate");
    expect(findUnsafeText({ a: [{ b: "ok" }, { c: "x\u0000" }] })).toEqual({ path: "a.1.c", reason: "nul" });
    expect(findUnsafeText({ "k\u0000": 1 })).toEqual({ path: "k\u0000", reason: "nul" });
    expect(findUnsafeText({ a: 1, b: null, c: ["fine"] })).toBeNull();
  });
  it("a model's text: NUL as U+2400, a lone surrogate as U+FFFD, the rest untouched; JSON deep", () => {
    expect(storableText("a\u0000b\ud800c\ud83d\ude00")).toBe("a\u2400b\ufffdc\ud83d\ude00");
    expect(storableText("plain")).toBe("plain");
    expect(storableJson([{ args: { q: "x\u0000" }, n: 1 }])).toEqual([{ args: { q: "x\u2400" }, n: 1 }]);
  });
});

describe("security headers", () => {
  it("a page's CSP: a nonce for scripts, no unsafe-inline, eval for ajv's compiled schemas, no framing", () => {
    const nonce = newNonce();
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(nonce);
    const csp = pageCsp(nonce);
    const script = csp.split("; ").find((d) => d.startsWith("script-src"))!;
    // ajv compiles the JSON Schemas people type into functions in the browser
    expect(script).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'unsafe-eval'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(pageCsp(nonce, { dev: true })).toContain("'unsafe-eval'");
  });
  it("no-referrer on share and results links, strict-origin-when-cross-origin elsewhere", () => {
    expect(referrerPolicy("/s/abc")).toBe("no-referrer");
    expect(referrerPolicy("/r/abc/x")).toBe("no-referrer");
    expect(referrerPolicy("/settings")).toBe("strict-origin-when-cross-origin");
    expect(referrerPolicy("/search")).toBe("strict-origin-when-cross-origin");
    expect(commonSecurityHeaders("/")).toMatchObject({ "x-content-type-options": "nosniff", "x-frame-options": "DENY" });
  });
});
