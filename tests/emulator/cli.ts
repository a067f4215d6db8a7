// tsx tests/emulator/cli.ts [--port 4010] [--quiet] [--quirks '<json>' | --quirks quirks.json]
// Starts the provider emulator with the default credentials and per-model scripts.
import { parseArgs } from "node:util";
import { EMULATOR_CREDENTIALS } from "./defaults";
import { loadQuirks } from "./quirks";
import { startEmulator } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p", default: process.env.EMULATOR_PORT ?? "4010" },
    quiet: { type: "boolean", short: "q", default: false },
    /** quirk profiles: inline JSON or a JSON file path (default: EMULATOR_QUIRKS) */
    quirks: { type: "string", default: process.env.EMULATOR_QUIRKS },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`invalid --port ${values.port}\n`);
  process.exit(2);
}

let quirks: ReturnType<typeof loadQuirks>;
try {
  quirks = loadQuirks(values.quirks);
} catch (e) {
  process.stderr.write(`invalid --quirks / EMULATOR_QUIRKS: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}

const emulator = await startEmulator({ port, log: !values.quiet, ...(quirks ? { quirks } : {}) });
process.stdout.write(`emulator listening on ${emulator.url}\n`);
if (!values.quiet) {
  const c = EMULATOR_CREDENTIALS;
  process.stdout.write(
    [
      `  OpenAI   baseURL ${emulator.url}/v1              key ${c.openaiKey}`,
      `  Azure    baseURL ${emulator.url}/openai/v1       api-key ${c.azureKey}`,
      `  Bedrock  baseURL ${emulator.url}                 ${c.aws.accessKeyId} / ${c.aws.secretAccessKey} / ${c.aws.region} (or bearer ${c.aws.bearerToken})`,
      `  Gemini   baseURL ${emulator.url}/v1beta          key ${c.google.geminiKey}`,
      `  Vertex   GOOGLE_VERTEX_ENDPOINT=${emulator.url} GCE_METADATA_HOST=${new URL(emulator.url).host} (project ${c.google.project}, ${c.google.location}; express key ${c.google.vertexKey})`,
      `  Compat.  baseURL ${emulator.url}/compatible/v1   any key`,
      `  lists    GET /v1/models (OpenAI, Anthropic), /v1beta/models, /compatible/v1/models, /foundation-models, /inference-profiles (Discover; AWS_ENDPOINT_URL_BEDROCK=${emulator.url})`,
      `  control  ${emulator.url}/__emulator/{health,requests,scripts,reset}`,
      "",
    ].join("\n"),
  );
}

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  if (!values.quiet) process.stdout.write(`emulator: ${signal}, closing\n`);
  const timer = setTimeout(() => process.exit(0), 2000);
  timer.unref();
  void emulator.close().then(() => process.exit(0));
};
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
