// Runs the Prisma CLI in its engine-free mode. Every Prisma command needs DATABASE_URL, or it
// falls back to the Rust engine and tries to download it; `generate` accepts any well-formed URL.
// Asynchronous on purpose: the embedded database may be served by the calling process.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const prismaBin = path.join(root, "node_modules", "prisma", "build", "index.js");

export function runPrisma(args, { env = process.env, quiet = false } = {}) {
  const url = env.DATABASE_URL || "postgresql://generate:only@127.0.0.1:1/unused";
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaBin, ...args], {
      cwd: root,
      stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
      env: { ...env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
    });
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`prisma ${args.join(" ")} failed (exit ${code})\n${output}`))));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runPrisma(process.argv.slice(2)).catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
