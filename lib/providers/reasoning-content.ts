// Chat Completions hosts that stream reasoning as `delta.reasoning_content` (Bedrock's OpenAI API for
// gpt-oss, Foundry's DeepSeek-R1) talk to `@ai-sdk/openai`'s chat model, which knows no such field:
// it would drop the reasoning, and it only returns from `doStream` at the first *content* chunk, so
// a pane would show nothing while the model reasons and then the whole reasoning at once. This fetch
// wrapper moves `reasoning_content` into `content` between `<tag>...</tag>`, which the SDK streams at
// once and `extractReasoningMiddleware` (lib/providers/index.ts) turns back into reasoning parts:
// the same path as gpt-oss on Converse, which writes `<reasoning>` in its text itself.
// Only bodies are rewritten; status, headers and timing (tracedFetch runs inside) are untouched.

type Delta = { content?: unknown; reasoning_content?: unknown; reasoning?: unknown; tool_calls?: unknown };

/** The reasoning text of a delta or message: `reasoning_content` (most hosts) or `reasoning` (vLLM, OpenRouter). */
function reasoningOf(delta: Delta): string | undefined {
  const value = typeof delta.reasoning_content === "string" ? delta.reasoning_content : delta.reasoning;
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Rewrites one parsed chunk (streaming) or completion (non-streaming) in place; `open` tracks choices inside the tag. */
export function moveReasoningIntoContent(data: unknown, tag: string, open: Set<number>, key: "delta" | "message"): boolean {
  if (!data || typeof data !== "object" || !Array.isArray((data as { choices?: unknown }).choices)) return false;
  let changed = false;
  for (const choice of (data as { choices: unknown[] }).choices) {
    if (!choice || typeof choice !== "object") continue;
    const c = choice as { index?: unknown; finish_reason?: unknown; delta?: Delta; message?: Delta };
    const delta = c[key];
    const index = typeof c.index === "number" ? c.index : 0;
    if (!delta || typeof delta !== "object") {
      if (c.finish_reason != null && open.has(index)) {
        // the stream ends inside the reasoning: close the tag so the middleware flushes it
        c[key] = { content: `</${tag}>` };
        open.delete(index);
        changed = true;
      }
      continue;
    }
    const reasoning = reasoningOf(delta);
    const content = typeof delta.content === "string" ? delta.content : "";
    const hasOutput = content !== "" || (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0) || c.finish_reason != null;
    if (reasoning === undefined && !(open.has(index) && hasOutput)) continue;
    let text = "";
    if (reasoning !== undefined) {
      if (!open.has(index)) text += `<${tag}>`;
      text += reasoning;
      open.add(index);
    }
    if (open.has(index) && (hasOutput || key === "message")) {
      text += `</${tag}>`;
      open.delete(index);
    }
    delta.content = text + content;
    delete delta.reasoning_content;
    delete delta.reasoning;
    changed = true;
  }
  return changed;
}

/** Rewrites an SSE body (`data: {...}` lines) chunk by chunk, keeping every other line as it came. */
function rewriteEventStream(body: ReadableStream<Uint8Array>, tag: string): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const open = new Set<number>();
  let buffer = "";
  const rewriteLine = (line: string): string => {
    const m = /^data:\s?(.*?)(\r?)$/.exec(line);
    if (!m || m[1] === "" || m[1] === "[DONE]") return line;
    let data: unknown;
    try {
      data = JSON.parse(m[1]!);
    } catch {
      return line; // not ours to judge: the SDK reports malformed chunks itself
    }
    return moveReasoningIntoContent(data, tag, open, "delta") ? `data: ${JSON.stringify(data)}${m[2]}` : line;
  };
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        buffer += decoder.decode(chunk, { stream: true });
        const end = buffer.lastIndexOf("\n");
        if (end < 0) return;
        const complete = buffer.slice(0, end + 1);
        buffer = buffer.slice(end + 1);
        controller.enqueue(encoder.encode(complete.split("\n").map(rewriteLine).join("\n")));
      },
      flush(controller) {
        buffer += decoder.decode();
        if (buffer !== "") controller.enqueue(encoder.encode(rewriteLine(buffer)));
      },
    }),
  );
}

/** A fetch that moves `reasoning_content` into `<tag>...</tag>` content in Chat Completions answers. */
export function reasoningContentAsText(tag: string, inner: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (!response.ok || !response.body) return response;
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("text/event-stream")) {
      return new Response(rewriteEventStream(response.body, tag), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    if (type.includes("application/json")) {
      const text = await response.text();
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
      }
      const changed = moveReasoningIntoContent(data, tag, new Set(), "message");
      const headers = new Headers(response.headers);
      headers.delete("content-length");
      return new Response(changed ? JSON.stringify(data) : text, { status: response.status, statusText: response.statusText, headers });
    }
    return response;
  };
}
