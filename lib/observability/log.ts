// The server's logger: one line per event, as JSON (for log collectors) or pretty (for a terminal),
// chosen by JUXTA_LOG_FORMAT (default: json when NODE_ENV=production, else pretty). Every line
// written while an API request is handled names its request id (lib/observability/context.ts).
// Secrets are redacted from messages and fields (lib/observability/redact.ts).
//
//   log.error("could not store answer", { answerId, error })
//   -> {"time":"...","level":"error","msg":"could not store answer","requestId":"...","answerId":"...","error":{...}}
//   -> [juxta] could not store answer answerId=... error=Error: ... (request ...)
//
// Errors go to stderr (console.error), the rest to stdout, so the lines reach wherever the
// process's console goes, Next's dev overlay included.
import { getEnv } from "@/lib/env";
import { currentRequestId } from "./context";
import { redactText, redactValue } from "./redact";

export type LogLevel = "info" | "warn" | "error";
export type LogFormat = "json" | "pretty";
export type LogFields = Record<string, unknown>;

let format: LogFormat | undefined;

function formatOf(): LogFormat {
  if (format) return format;
  try {
    format = getEnv().observability.logFormat;
  } catch {
    // a malformed environment is reported elsewhere; the log still works
    format = process.env.NODE_ENV === "production" ? "json" : "pretty";
  }
  return format;
}

/** Use this format from now on (tests), or `undefined` to read the environment again. */
export function setLogFormat(next: LogFormat | undefined): void {
  format = next;
}

function prettyValue(value: unknown): string {
  if (value && typeof value === "object" && "message" in value && "name" in value) {
    const e = value as { name: string; message: string; stack?: string };
    return e.stack ?? `${e.name}: ${e.message}`;
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The line `log` writes (exported for tests). */
export function logLine(level: LogLevel, msg: string, fields?: LogFields, time = new Date()): string {
  const requestId = currentRequestId();
  const safe = fields ? (redactValue(fields) as LogFields) : undefined;
  if (formatOf() === "json") {
    return JSON.stringify({ time: time.toISOString(), level, msg: redactText(msg), ...(requestId ? { requestId } : {}), ...safe });
  }
  const parts = [`[juxta] ${level === "info" ? "" : `${level}: `}${redactText(msg)}`];
  for (const [k, v] of Object.entries(safe ?? {})) if (v !== undefined) parts.push(`${k}=${prettyValue(v)}`);
  if (requestId) parts.push(`(request ${requestId})`);
  return parts.join(" ");
}

function write(level: LogLevel, msg: string, fields?: LogFields): void {
  let line: string;
  try {
    line = logLine(level, msg, fields);
  } catch {
    line = JSON.stringify({ time: new Date().toISOString(), level, msg: redactText(msg), note: "fields could not be written" });
  }
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** `log.error("could not ...", { id, error })`: a caught value goes in a field (errors keep name, message, code, stack). */
export const log = {
  info: (msg: string, fields?: LogFields) => write("info", msg, fields),
  warn: (msg: string, fields?: LogFields) => write("warn", msg, fields),
  error: (msg: string, fields?: LogFields) => write("error", msg, fields),
};
