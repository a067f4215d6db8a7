import type { z } from "zod";
import { AppError, fromZodError } from "@/lib/errors";

/** 100,000 characters of prompt plus a system prompt, in UTF-8, fit well under this. */
export const MAX_BODY_BYTES = 1_000_000;

/** Reads and validates a JSON body: 413 when too large, 400 when not JSON or not matching. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T, { maxBytes = MAX_BODY_BYTES }: { maxBytes?: number } = {}): Promise<z.infer<T>> {
  const limit = `${Math.round(maxBytes / 1_000_000)} MB`;
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new AppError("payload_too_large", `The request body is larger than ${limit}.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new AppError("payload_too_large", `The request body is larger than ${limit}.`);
  let body: unknown;
  try {
    body = text.length ? JSON.parse(text) : {};
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
  return parseOrThrow(schema, body);
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

/**
 * A response body read from an async generator of text chunks. The first chunk is awaited here,
 * so a failure before any output (a database error) becomes a normal error response rather than
 * a truncated download.
 */
export async function chunkStream(chunks: AsyncGenerator<string>): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let pending: IteratorResult<string> | null = await chunks.next();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = pending ?? (await chunks.next());
      pending = null;
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
