import "server-only";
// Start-up warm-up: the first call through a provider package pays once for loading its code,
// compiling its response schemas and resolving credentials (measured: about 1 s more time to
// first token on the first comparison after a start). At start-up, each configured provider's own
// cached instance answers one canned stream, offline (the transport answers instead of the
// network), so that cost is paid before anyone is waiting, and credentials are resolved.
import { crc32 } from "node:zlib";
import { streamText } from "ai";
import type { Env } from "@/lib/env";
import { getCatalog, getLanguageModel, type CatalogModel, type ProviderId } from "@/lib/providers";
import { withCallTrace } from "./transport";

const sse = (events: unknown[], done = false) =>
  new Response(events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join("") + (done ? "data: [DONE]\n\n" : ""), {
    headers: { "content-type": "text/event-stream" },
  });

function responsesStream(model: string): Response {
  const response = { id: "resp_warmup", object: "response", created_at: 0, model, output: [], usage: null, status: "in_progress" };
  const item = { id: "msg_warmup", type: "message", role: "assistant", status: "in_progress", content: [] };
  return sse([
    { type: "response.created", sequence_number: 0, response },
    { type: "response.output_item.added", sequence_number: 1, output_index: 0, item },
    {
      type: "response.output_text.delta",
      sequence_number: 2,
      item_id: item.id,
      output_index: 0,
      content_index: 0,
      delta: "ok",
      logprobs: [],
    },
    {
      type: "response.output_item.done",
      sequence_number: 3,
      output_index: 0,
      item: { ...item, status: "completed", content: [{ type: "output_text", text: "ok", annotations: [] }] },
    },
    {
      type: "response.completed",
      sequence_number: 4,
      response: {
        ...response,
        status: "completed",
        usage: {
          input_tokens: 1,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: 1,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: 2,
        },
      },
    },
  ]);
}

function chatStream(model: string): Response {
  const chunk = (delta: object, finish: string | null, usage?: object) => ({
    id: "chatcmpl-warmup",
    object: "chat.completion.chunk",
    created: 0,
    model,
    choices: finish === "usage" ? [] : [{ index: 0, delta, finish_reason: finish }],
    ...(usage ? { usage } : {}),
  });
  return sse(
    [
      chunk({ role: "assistant", content: "ok" }, null),
      chunk({}, "stop"),
      chunk({}, "usage", { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }),
    ],
    true,
  );
}

/** One AWS event-stream frame (binary `application/vnd.amazon.eventstream`), as Bedrock sends them. */
function eventFrame(eventType: string, payload: object): Uint8Array {
  const headers = Object.entries({ ":event-type": eventType, ":content-type": "application/json", ":message-type": "event" }).map(
    ([name, value]) => {
      const n = Buffer.from(name);
      const v = Buffer.from(value);
      const h = Buffer.alloc(1 + n.length + 1 + 2 + v.length);
      h.writeUInt8(n.length, 0);
      n.copy(h, 1);
      h.writeUInt8(7, 1 + n.length); // 7: string
      h.writeUInt16BE(v.length, 2 + n.length);
      v.copy(h, 4 + n.length);
      return h;
    },
  );
  const headerBytes = Buffer.concat(headers);
  const body = Buffer.from(JSON.stringify(payload));
  const total = 12 + headerBytes.length + body.length + 4;
  const frame = Buffer.alloc(total);
  frame.writeUInt32BE(total, 0);
  frame.writeUInt32BE(headerBytes.length, 4);
  frame.writeUInt32BE(crc32(frame.subarray(0, 8)), 8);
  headerBytes.copy(frame, 12);
  body.copy(frame, 12 + headerBytes.length);
  frame.writeUInt32BE(crc32(frame.subarray(0, total - 4)), total - 4);
  return frame;
}

function converseStream(): Response {
  const frames = [
    eventFrame("messageStart", { role: "assistant" }),
    eventFrame("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "ok" } }),
    eventFrame("contentBlockStop", { contentBlockIndex: 0 }),
    eventFrame("messageStop", { stopReason: "end_turn" }),
    eventFrame("metadata", { usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, metrics: { latencyMs: 1 } }),
  ];
  return new Response(Buffer.concat(frames), { headers: { "content-type": "application/vnd.amazon.eventstream" } });
}

/** Anthropic Messages SSE (`event:` names as the API sends them; the SDK reads the `data:` type). */
function messagesStream(model: string): Response {
  const events: Record<string, unknown>[] = [
    {
      type: "message_start",
      message: { id: "msg_warmup", type: "message", role: "assistant", model, content: [], usage: { input_tokens: 1, output_tokens: 1 } },
    },
    { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "ok" } },
    { type: "content_block_stop", index: 0 },
    { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 1 } },
    { type: "message_stop" },
  ];
  return new Response(events.map((e) => `event: ${String(e.type)}\ndata: ${JSON.stringify(e)}\n\n`).join(""), {
    headers: { "content-type": "text/event-stream" },
  });
}

function generateContentStream(model: string): Response {
  const parts = (text: string, finishReason?: string) => ({
    candidates: [{ content: { parts: [{ text }], role: "model" }, index: 0, ...(finishReason ? { finishReason } : {}) }],
    usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 },
    modelVersion: model,
    responseId: "warmup",
  });
  return sse([parts("ok"), parts("", "STOP")]);
}

function cannedAnswer(provider: ProviderId, request: Request, model: CatalogModel): Response {
  switch (provider) {
    case "openai":
    case "azure":
      return new URL(request.url).pathname.endsWith("/chat/completions")
        ? chatStream(model.providerModelId)
        : responsesStream(model.providerModelId);
    case "compatible":
      return chatStream(model.providerModelId);
    case "bedrock":
      return converseStream();
    case "anthropic":
      return messagesStream(model.providerModelId);
    case "google":
      return generateContentStream(model.providerModelId);
    case "vertex":
      // Vertex MaaS speaks Chat Completions; Gemini generateContent
      return new URL(request.url).pathname.endsWith("/chat/completions")
        ? chatStream(model.providerModelId)
        : generateContentStream(model.providerModelId);
    default: {
      const unknown: never = provider;
      throw new Error(`no warm-up answer for ${String(unknown)}`);
    }
  }
}

/**
 * Runs one canned call through one available model of each configured provider (and endpoint).
 * Returns what was warmed and what failed (a provider whose credentials cannot be resolved says so
 * here, at start-up, instead of in the first pane).
 */
export async function warmUpProviders(env: Env): Promise<{ warmed: string[]; failed: { model: string; error: string }[] }> {
  const seen = new Set<string>();
  const picks = getCatalog(env).filter((m) => {
    const key = m.provider === "compatible" ? `compatible:${m.id.split(":")[0]}` : m.provider;
    if (!m.available || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const warmed: string[] = [];
  const failed: { model: string; error: string }[] = [];
  await Promise.all(
    picks.map(async (model) => {
      const trace = { attempts: [], touch: () => {}, respond: (request: Request) => cannedAnswer(model.provider, request, model) };
      try {
        await withCallTrace(trace, async () => {
          const result = streamText({ model: getLanguageModel(model, env), prompt: "warm-up", maxRetries: 0, onError: () => {} });
          for await (const part of result.fullStream) if (part.type === "error") throw part.error;
        });
        warmed.push(model.id);
      } catch (error) {
        failed.push({ model: model.id, error: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
  return { warmed, failed };
}
