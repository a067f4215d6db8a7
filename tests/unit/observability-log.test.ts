// The server's logger and request ids (lib/observability): every line written while an API request
// is handled names its request id, the response carries it back, and no secret reaches a line.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";

vi.mock("@/lib/auth/viewer", () => ({
  requireViewer: async () => {
    throw new AppError("unauthorized", "Sign in.");
  },
}));

const { endpoint } = await import("@/lib/http/route");
const { log, logLine, setLogFormat } = await import("@/lib/observability/log");
const { redactText, redactValue, resetRedaction, REDACTED } = await import("@/lib/observability/redact");
const { routePattern } = await import("@/lib/observability/http");
const { requestIdOf } = await import("@/lib/observability/context");

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  setLogFormat("json");
  for (const method of ["log", "warn", "error"] as const)
    vi.spyOn(console, method).mockImplementation((line: string) => void lines.push(line));
});
afterEach(() => {
  vi.restoreAllMocks();
  setLogFormat(undefined);
});

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("request ids", () => {
  const handler = endpoint({ auth: "none" }, async () => {
    log.info("handling");
    await new Promise((r) => setTimeout(r, 5));
    // after an await, and from a callback scheduled later, the id is still known
    await new Promise<void>((r) => setTimeout(() => (log.warn("later", { step: 2 }), r()), 1));
    return Response.json({ ok: true });
  });

  it("an incoming sane x-request-id is kept, returned and in every line written while handling it", async () => {
    const res = await handler(new Request("http://127.0.0.1/api/v1/x", { headers: { "x-request-id": "lb-7f3a:42" } }));
    expect(res.headers.get("x-request-id")).toBe("lb-7f3a:42");
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => [p.msg, p.requestId])).toEqual([
      ["handling", "lb-7f3a:42"],
      ["later", "lb-7f3a:42"],
    ]);
    expect(parsed[1]).toMatchObject({ level: "warn", step: 2, time: expect.any(String) });
  });

  it("a missing or insane id is replaced by a new UUID; two requests never share one", async () => {
    const a = await handler(new Request("http://127.0.0.1/"));
    const b = await handler(new Request("http://127.0.0.1/", { headers: { "x-request-id": "two words" } }));
    const c = await handler(new Request("http://127.0.0.1/", { headers: { "x-request-id": "x".repeat(129) } }));
    const ids = [a, b, c].map((r) => r.headers.get("x-request-id")!);
    for (const id of ids) expect(id).toMatch(uuid);
    expect(new Set(ids).size).toBe(3);
    expect(requestIdOf(new Request("http://127.0.0.1/", { headers: { "x-request-id": "<script>" } }))).toMatch(uuid);
  });

  it("an error response carries the id too, and the unexpected error's line names it", async () => {
    const failing = endpoint({ auth: "none" }, () => {
      throw new Error("database said no");
    });
    const res = await failing(new Request("http://127.0.0.1/", { headers: { "x-request-id": "req-1" } }));
    expect(res.status).toBe(500);
    expect(res.headers.get("x-request-id")).toBe("req-1");
    const line = JSON.parse(lines.at(-1)!) as { level: string; msg: string; requestId: string; error: { message: string } };
    expect(line).toMatchObject({ level: "error", msg: "unexpected error", requestId: "req-1", error: { message: "database said no" } });
  });

  it("a redirect (immutable headers) still gets the id", async () => {
    const redirecting = endpoint({ auth: "none" }, () => Response.redirect("http://127.0.0.1/elsewhere", 302));
    const res = await redirecting(new Request("http://127.0.0.1/", { headers: { "x-request-id": "r-2" } }));
    expect(res.status).toBe(302);
    expect(res.headers.get("x-request-id")).toBe("r-2");
    expect(res.headers.get("location")).toBe("http://127.0.0.1/elsewhere");
  });

  it("outside a request a line has no request id", () => {
    log.info("starting");
    expect(JSON.parse(lines[0]!)).not.toHaveProperty("requestId");
  });
});

describe("log formats", () => {
  it("pretty: one readable line with the fields and the request id", () => {
    setLogFormat("pretty");
    expect(logLine("error", "could not store answer", { answerId: "a1" })).toBe("[juxta] error: could not store answer answerId=a1");
    expect(logLine("info", "ready")).toBe("[juxta] ready");
  });
  it("json: one parseable object per line", () => {
    setLogFormat("json");
    const line = logLine("info", "ready", { ms: 12 }, new Date("2026-12-05T00:00:00Z"));
    expect(JSON.parse(line)).toEqual({ time: "2026-12-05T00:00:00.000Z", level: "info", msg: "ready", ms: 12 });
  });
});

describe("secrets never reach a log line", () => {
  // fake values in the shapes of real keys, put together at run time so that no key-shaped
  // literal sits in the repository (secret scanners would flag it)
  const secrets = {
    openaiKey: ["sk", "proj", "Abc123def456ghi789jkl012"].join("-"),
    juxtaToken: "jx_9f8e7d6c5b4a39281706",
    awsKey: "AKIA" + "IOSFODNN7EXAMPLE",
    googleKey: "AIza" + "SyA1234567890abcdefghijklmnopqrstu",
    cookie: "next-auth.session-token=eyJhbGciOiJIUzI1NiJ9.payload.sig",
    bearer: "Bearer opaque-token-value-123",
    dbPassword: "hunter2hunter2",
    webhook: ["https://hooks.slack.com", "services", "T000", "B000", "XXXXXXXXXXXXXXXX"].join("/"),
  };

  it("by field name (headers, keys, tokens, cookies, passwords, webhooks), by shape in any text, and by the values of secret variables", () => {
    const previous = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = "an-opaque-anthropic-key-without-a-known-shape";
    resetRedaction();
    try {
      log.error(`call failed with key ${secrets.openaiKey} and token ${secrets.juxtaToken}`, {
        headers: new Headers({ authorization: secrets.bearer, cookie: secrets.cookie, "x-api-key": "k-1234567890" }),
        apiKey: "plain-value-1",
        accessToken: "plain-value-2",
        password: "plain-value-3",
        webhookUrl: "https://example.com/anything",
        outputTokens: 42,
        error: new Error(
          `connect to postgres://juxta:${secrets.dbPassword}@db:5432/juxta failed; AWS ${secrets.awsKey}; ` +
            `https://generativelanguage.googleapis.com/v1/models?key=${secrets.googleKey}; posting to ${secrets.webhook}; ` +
            `header ${secrets.bearer}; env an-opaque-anthropic-key-without-a-known-shape`,
        ),
      });
      const line = lines.join("\n");
      for (const secret of [
        ...Object.values(secrets).filter((s) => !s.includes(" ") && !s.includes("=")),
        "opaque-token-value-123",
        "eyJhbGciOiJIUzI1NiJ9",
        "k-1234567890",
        "plain-value-1",
        "plain-value-2",
        "plain-value-3",
        "example.com/anything",
        "B000/XXXXXXXXXXXXXXXX",
        "an-opaque-anthropic-key-without-a-known-shape",
      ]) {
        expect(line).not.toContain(secret);
      }
      const parsed = JSON.parse(lines[0]!) as Record<string, unknown>;
      // what is not secret stays readable
      expect(parsed.outputTokens).toBe(42);
      expect(parsed.msg).toBe(`call failed with key ${REDACTED} and token ${REDACTED}`);
      expect(JSON.stringify(parsed.error)).toContain("db:5432/juxta failed");
    } finally {
      if (previous === undefined) delete process.env.ANTHROPIC_API_KEY;
      else process.env.ANTHROPIC_API_KEY = previous;
      resetRedaction();
    }
  });

  it("plain text and values without secrets are left alone", () => {
    expect(redactText("model listing failed: 503 from https://api.openai.com/v1/models")).toBe(
      "model listing failed: 503 from https://api.openai.com/v1/models",
    );
    expect(redactValue({ answerId: "a1", tokens: 3, nested: [{ ok: true }] })).toEqual({
      answerId: "a1",
      tokens: 3,
      nested: [{ ok: true }],
    });
  });
});

describe("route patterns (the requests metric's label)", () => {
  it("replace param segments by their names, never keeping ids", () => {
    expect(routePattern("/api/v1/comparisons/cm123/panes/2/retry", { id: "cm123", pane: "2" })).toBe(
      "/api/v1/comparisons/[id]/panes/[pane]/retry",
    );
    expect(routePattern("/api/v1/invites/a%20b/accept", { token: "a b" })).toBe("/api/v1/invites/[token]/accept");
    expect(routePattern("/api/auth/callback/github", { nextauth: ["callback", "github"] })).toBe("/api/auth/[...nextauth]");
    expect(routePattern("/api/v1/models", undefined)).toBe("/api/v1/models");
  });
});

describe("observability variables (lib/env.ts)", async () => {
  const { parseEnv, EnvError } = await import("@/lib/env");
  it("default: no metrics token, no tracing, json logs only in production", () => {
    expect(parseEnv({}).observability).toEqual({
      metricsToken: undefined,
      otlpEndpoint: undefined,
      serviceName: "juxta",
      logFormat: "pretty",
    });
    expect(parseEnv({ NODE_ENV: "production" }).observability.logFormat).toBe("json");
    expect(parseEnv({ NODE_ENV: "production", JUXTA_LOG_FORMAT: "pretty" }).observability.logFormat).toBe("pretty");
  });
  it("a short metrics token, an unknown log format or a non-URL endpoint stop start-up; the token is never echoed", () => {
    try {
      parseEnv({ JUXTA_METRICS_TOKEN: "short-secret", JUXTA_LOG_FORMAT: "xml", OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const issues = (error as InstanceType<typeof EnvError>).issues;
      expect(issues.map((i) => i.variable).sort()).toEqual(["JUXTA_LOG_FORMAT", "JUXTA_METRICS_TOKEN", "OTEL_EXPORTER_OTLP_ENDPOINT"]);
      expect(JSON.stringify(issues)).not.toContain("short-secret");
    }
  });
});
