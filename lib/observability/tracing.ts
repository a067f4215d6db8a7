// OpenTelemetry traces of each provider call, on when OTEL_EXPORTER_OTLP_ENDPOINT is set: the AI
// SDK's own spans (`ai.streamText`, `ai.streamText.doStream`, with the model, provider, tokens and
// timings) exported over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`. instrumentation.ts starts
// this only when the variable is set; otherwise the SDK is never loaded and `callTelemetry` is
// undefined, so a call pays nothing.
//
// Prompts and answers are never put in spans (recordInputs / recordOutputs false): spans carry
// the deployment (catalog id, provider, logical model, location), timings and token counts only.
// OTEL_EXPORTER_OTLP_HEADERS (e.g. an API key of the collector) and OTEL_SERVICE_NAME are read as
// the OpenTelemetry specification says.
import "server-only";
import type { TelemetrySettings } from "ai";
import { currentRequestId } from "./context";

type Tracing = { flush: () => Promise<void>; shutdown: () => Promise<void> };
const key = Symbol.for("juxta.observability.tracing");
type Holder = { [key]?: Tracing };

/** The function id of provider calls' spans (`ai.telemetry.functionId`). */
export const CALL_FUNCTION_ID = "juxta.provider-call";

/** Registers the global tracer provider exporting to `endpoint` (once per process). */
export async function startTracing(endpoint: string, serviceName = "juxta"): Promise<Tracing> {
  const holder = globalThis as Holder;
  if (holder[key]) return holder[key];
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import("@opentelemetry/sdk-trace-node"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/resources"),
  ]);
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, "")}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 })],
  });
  provider.register();
  const tracing: Tracing = { flush: () => provider.forceFlush(), shutdown: () => provider.shutdown() };
  holder[key] = tracing;
  return tracing;
}

/** Sends the spans ended so far (tests; shutdown). */
export async function flushTracing(): Promise<void> {
  await (globalThis as Holder)[key]?.flush();
}

type Deployment = { id: string; provider: string; logicalModel: string; location?: string | undefined };

/** The AI SDK telemetry settings of one provider call: undefined while tracing is off. */
export function callTelemetry(model: Deployment): TelemetrySettings | undefined {
  if (!(globalThis as Holder)[key]) return undefined;
  const requestId = currentRequestId();
  return {
    isEnabled: true,
    recordInputs: false,
    recordOutputs: false,
    functionId: CALL_FUNCTION_ID,
    metadata: {
      "juxta.model": model.id,
      "juxta.provider": model.provider,
      "juxta.logical_model": model.logicalModel,
      ...(model.location ? { "juxta.location": model.location } : {}),
      ...(requestId ? { "juxta.request_id": requestId } : {}),
    },
  };
}
