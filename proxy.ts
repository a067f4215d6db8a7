import { NextResponse, type NextRequest } from "next/server";
import { commonSecurityHeaders, newNonce, pageCsp } from "@/lib/http/security-headers";

// Every page gets a Content-Security-Policy with a nonce of its own (Next reads it from the
// request's CSP header and puts it on its scripts; app/layout.tsx reads `x-nonce` for the theme
// script), and the common security headers. API routes and static files are left out of this
// function (no work on the hot path): next.config.ts gives them fixed headers.
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const csp = pageCsp(nonce, { dev: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  for (const [name, value] of Object.entries(commonSecurityHeaders(request.nextUrl.pathname))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    // everything but API routes, Next's static files and the icon
    { source: "/((?!api/|_next/static|_next/image|icon.svg|favicon.ico).*)" },
  ],
};
