// Traces of provider calls (lib/observability/tracing.ts): with tracing started, as instrumentation.ts
// does when OTEL_EXPORTER_OTLP_ENDPOINT is set, a provider call through the one call core sends
// the AI SDK's spans over OTLP/HTTP to a collector (here a tiny receiver on 127.0.0.1), with the
// deployment's attributes and without the prompt or the answer.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callModel } from "@/lib/calls/call-model";
import { parseEnv, type Env } from "@/lib/env";
import { callTelemetry, flushTracing, startTracing } from "@/lib/observability/tracing";
import { clearProviderCache, findModel } from "@/lib/providers";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { startEmulator, type Emulator } from "../emulator/server";

type Attribute = { key: string; value: { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number } };
type Span = { name: string; attributes: Attribute[] };
type Export = { resourceSpans: { resource: { attributes: Attribute[] }; scopeSpans: { spans: Span[] }[] }[] };

let emulator: Emulator;
let env: Env;
let receiver: Server;
const received: { path: string; contentType: string; body: string }[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ scripts: {} });
  clearProviderCache();
  env = parseEnv(emulatorEnv(emulator.url));
  receiver = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", contentType: req.headers["content-type"] ?? "", body });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await emulator?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

const attr = (span: { attributes: Attribute[] }, key: string) => {
  const v = span.attributes.find((a) => a.key === key)?.value;
  return v?.stringValue ?? v?.intValue ?? v?.boolValue ?? v?.doubleValue;
};

describe("OpenTelemetry traces of provider calls", () => {
  it("are off until tracing starts: a call carries no telemetry settings", () => {
    expect(callTelemetry(findModel("openai:gpt-4o-mini", env)!)).toBeUndefined();
  });

  it("a provider call's spans reach the OTLP/HTTP receiver with the deployment's attributes, never the prompt or answer", async () => {
    const { port } = receiver.address() as AddressInfo;
    await startTracing(`http://127.0.0.1:${port}/`, "juxta-test");
    const model = findModel("azure:prod-mini", env)!;
    const prompt = "The secret word of this prompt is periwinkle-7781.";
    const result = await callModel({ model, env, system: null, messages: [{ role: "user", content: prompt }], params: {} });
    expect(result.status).toBe("done");
    expect(result.text.length).toBeGreaterThan(10);
    await flushTracing();

    expect(received.length).toBeGreaterThan(0);
    expect(received.every((r) => r.path === "/v1/traces" && r.contentType.includes("application/json"))).toBe(true);
    const exports = received.map((r) => JSON.parse(r.body) as Export);
    const resourceNames = exports.flatMap((e) => e.resourceSpans.map((rs) => attr(rs.resource, "service.name")));
    expect(new Set(resourceNames)).toEqual(new Set(["juxta-test"]));
    const spans = exports.flatMap((e) => e.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((s) => s.spans)));
    const names = spans.map((s) => s.name);
    expect(names).toContain("ai.streamText");
    expect(names).toContain("ai.streamText.doStream");
    const outer = spans.find((s) => s.name === "ai.streamText")!;
    expect(attr(outer, "ai.telemetry.functionId")).toBe("juxta.provider-call");
    expect(attr(outer, "ai.telemetry.metadata.juxta.model")).toBe("azure:prod-mini");
    expect(attr(outer, "ai.telemetry.metadata.juxta.provider")).toBe("azure");
    expect(attr(outer, "ai.telemetry.metadata.juxta.logical_model")).toBe("gpt-4o-mini");
    const inner = spans.find((s) => s.name === "ai.streamText.doStream")!;
    expect(attr(inner, "ai.model.id")).toBe(model.providerModelId);
    expect(Number(attr(inner, "ai.usage.outputTokens"))).toBeGreaterThan(0);
    // privacy: neither the prompt nor the answer is in any span
    const everything = received.map((r) => r.body).join("\n");
    expect(everything).not.toContain("periwinkle-7781");
    expect(everything).not.toContain(result.text.slice(0, 40));
    for (const span of spans) {
      for (const key of ["ai.prompt", "ai.prompt.messages", "ai.response.text", "gen_ai.prompt", "gen_ai.completion"]) {
        expect(attr(span, key), `${span.name} ${key}`).toBeUndefined();
      }
    }
  });
});
