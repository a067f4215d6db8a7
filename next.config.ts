import type { NextConfig } from "next";
import { getEnv } from "./lib/env";
import { commonSecurityHeaders, NON_PAGE_CSP } from "./lib/http/security-headers";

// Validate the environment at start-up: a malformed variable stops the app with a sentence
// that names it, instead of failing on the first request.
getEnv();

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The AWS credential chain is loaded on demand on the server; keep it out of the bundle.
  serverExternalPackages: ["@aws-sdk/credential-providers", "@electric-sql/pglite"],
  // The compare form's actions carry up to 4 images of 5 MB (base64): the same bound as the API's
  // MAX_COMPARISON_BODY_BYTES (lib/compare/schema.ts); the default is 1 MB.
  experimental: { serverActions: { bodySizeLimit: "30mb" } },
  // Pages get their headers (CSP with a nonce) from proxy.ts; what proxy.ts leaves out gets these.
  async headers() {
    const fixed = (source: string, csp: boolean) => ({
      source,
      headers: Object.entries({ ...commonSecurityHeaders(source), ...(csp ? { "content-security-policy": NON_PAGE_CSP } : {}) }).map(
        ([key, value]) => ({ key, value }),
      ),
    });
    return [fixed("/api/:path*", true), fixed("/_next/:path*", false), fixed("/icon.svg", true), fixed("/favicon.ico", false)];
  },
};

export default nextConfig;
