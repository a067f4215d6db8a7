// The baseline of bench/hot-path.ts: a bare Node HTTP server around `streamText`, nothing else (no
// Next, no database, no events). POST / {"model", "prompt"} streams one NDJSON line per text
// delta ({"type":"text-delta","pane":0,"delta":...}) and a final {"type":"done"}.
// Run: `node node_modules/tsx/dist/cli.mjs --conditions=react-server bench/hot-path-bare.ts <port> <emulatorUrl>`.
import http from "node:http";
import { streamText } from "ai";
import { parseEnv } from "../lib/env";
import { findModel, getLanguageModel } from "../lib/providers";
import { emulatorEnv as emulatorEnvJs } from "../scripts/emulator-env.mjs";

const emulatorEnv = emulatorEnvJs as (url: string) => Record<string, string>;
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const port = Number(process.argv[2]);
const env = parseEnv(emulatorEnv(process.argv[3]!));

const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (d: Buffer) => (body += d.toString("utf8")));
  req.on("end", () => {
    void (async () => {
      const { model, prompt } = JSON.parse(body) as { model: string; prompt: string };
      res.writeHead(200, { "content-type": "application/x-ndjson; charset=utf-8" });
      const result = streamText({ model: getLanguageModel(findModel(model, env)!, env), prompt, onError: () => {} });
      for await (const part of result.fullStream) {
        if (part.type === "text-delta" && part.text) res.write(`${JSON.stringify({ type: "text-delta", pane: 0, delta: part.text })}\n`);
      }
      res.end(`${JSON.stringify({ type: "done" })}\n`);
    })().catch((error: unknown) => {
      res.destroy(error as Error);
    });
  });
});
server.listen(port, "127.0.0.1", () => process.stdout.write(`bare listening on ${port}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
