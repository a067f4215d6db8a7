// Memory under large request bodies: `npx tsx bench/body-limit.ts`.
// 8 clients send a 50 MB chunked JSON body each (no Content-Length), all at once, to a server that
// reads them the way route handlers used to (`request.text()`, then the size check) and the way
// they do now (`readJson` from lib/http: counted as it arrives, cut at 1 MB with 413). Each way runs
// in its own process, so each starts from the same resident memory; the server hands Node's
// request to the reader as a Web `Request`, as Next does. Prints the resident set size (RSS) before
// and at its peak. Loopback only; no database, no Next build.
import { spawn } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const CLIENTS = 8;
const BODY_BYTES = 50_000_000;
const CHUNK = new Uint8Array(64 * 1024).fill(0x20); // spaces: valid JSON whitespace
const MAX_BYTES = 1_000_000;

type Mode = "before" | "after";
type Report = { mode: Mode; baselineMb: number; peakMb: number; statuses: number[]; seconds: number };

async function serve(mode: Mode): Promise<void> {
  const { readJson } = await import("../lib/http/body");
  const { errorResponse, AppError } = await import("../lib/errors");
  const schema = z.object({}).passthrough();
  // the reader of lib/http.ts before this change: the whole text first, then the size
  const readWhole = async (request: Request) => {
    const text = await request.text();
    if (Buffer.byteLength(text) > MAX_BYTES) throw new AppError("payload_too_large", "The request body is larger than 1 MB.");
    return schema.parse(text.trim() ? JSON.parse(text) : {});
  };
  const server = http.createServer(async (req, res) => {
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: req as unknown as ReadableStream<Uint8Array>, // Node's request itself, as Next passes it
      duplex: "half",
    } as RequestInit);
    let response: Response;
    try {
      await (mode === "before" ? readWhole(request) : readJson(request, schema, { maxBytes: MAX_BYTES }));
      response = Response.json({ ok: true });
    } catch (error) {
      response = errorResponse(error);
    }
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  process.send!({ port, rssMb: process.memoryUsage().rss / 1e6 });
  let peak = 0;
  setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 1e6)), 10).unref();
  process.on("message", (msg: string) => {
    if (msg === "peak") process.send!({ peakMb: Math.max(peak, process.memoryUsage().rss / 1e6) });
    if (msg === "stop") server.close(() => process.exit(0));
  });
}

/** One chunked upload of BODY_BYTES; stops writing once the server has answered. */
function upload(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/api/v1/x",
      headers: { "content-type": "application/json" },
    });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      req.destroy();
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    let sent = 0;
    const write = () => {
      while (!answered && sent < BODY_BYTES) {
        sent += CHUNK.byteLength;
        if (!req.write(CHUNK)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

async function measure(mode: Mode): Promise<Report> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--serve", mode], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = <T>() => new Promise<T>((resolve) => child.once("message", (m) => resolve(m as T)));
  const { port, rssMb } = await next<{ port: number; rssMb: number }>();
  const started = performance.now();
  const statuses = await Promise.all(Array.from({ length: CLIENTS }, () => upload(port)));
  const seconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 200));
  child.send("peak");
  const { peakMb } = await next<{ peakMb: number }>();
  child.send("stop");
  await new Promise((r) => child.once("exit", r));
  return { mode, baselineMb: rssMb, peakMb, statuses, seconds };
}

if (process.argv[2] === "--serve") {
  await serve(process.argv[3] as Mode);
} else {
  console.log(`${CLIENTS} parallel chunked bodies of ${BODY_BYTES / 1e6} MB, limit ${MAX_BYTES / 1e6} MB\n`);
  console.log("reader                            | RSS before | RSS peak | growth  | statuses       | seconds");
  console.log("----------------------------------|-----------:|---------:|--------:|----------------|--------:");
  for (const mode of ["before", "after"] as const) {
    const r = await measure(mode);
    const label = mode === "before" ? "before: request.text(), then size" : "after: readJson, counted";
    const statuses = [...new Set(r.statuses)].map((s) => `${s} x${r.statuses.filter((x) => x === s).length}`).join(", ");
    console.log(
      `${label.padEnd(34)}| ${r.baselineMb.toFixed(0).padStart(7)} MB | ${r.peakMb.toFixed(0).padStart(5)} MB | ${(r.peakMb - r.baselineMb).toFixed(0).padStart(4)} MB | ${statuses.padEnd(15)}| ${r.seconds.toFixed(1).padStart(7)}`,
    );
  }
}
