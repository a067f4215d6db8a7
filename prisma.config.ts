import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "prisma-adapter-pg-cli";

// Engine-free Prisma 6.19: the CLI runs the bundled WebAssembly schema engine through a
// driver adapter (the 7.x adapter; 6.19's fails on `migrate deploy`). DATABASE_URL must be set,
// or the CLI falls back to the Rust engine and tries to download it.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL! });
  },
});
