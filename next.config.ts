import type { NextConfig } from "next";
import { getEnv } from "./lib/env";

// Validate the environment at start-up: a malformed variable stops the app with a sentence
// that names it, instead of failing on the first request.
getEnv();

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The AWS credential chain is loaded on demand on the server; keep it out of the bundle.
  serverExternalPackages: ["@aws-sdk/credential-providers", "@electric-sql/pglite"],
};

export default nextConfig;
