import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { assertSafeText } from "@/lib/text/safe";
import { parseOrThrow } from "./parse";

/** 100,000 characters of prompt plus a system prompt, in UTF-8, fit well under this. */
export const MAX_BODY_BYTES = 1_000_000;

const megabytes = (bytes: number) => `${Math.round(bytes / 1_000_000)} MB`;

/** The usual 413: "The request body is larger than 1 MB." */
export const bodyTooLarge = (maxBytes: number) =>
  new AppError("payload_too_large", `The request body is larger than ${megabytes(maxBytes)}.`);

/**
 * The request body as bytes, counted as it arrives: a declared content-length over the limit is
 * refused before anything is read, and a chunked body (no content-length) is cut as soon as it
 * passes the limit, so a client can never make the server hold more than `maxBytes` of it.
 * `tooLarge` is the error thrown (default: the usual 413).
 */
export async function readBodyBytes(
  request: Request,
  maxBytes: number,
  tooLarge: () => AppError = () => bodyTooLarge(maxBytes),
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Stop pulling, without cancelling: cancelling destroys Node's request and with it the
      // socket, so the client could see a reset instead of the 413. Unread, the rest waits in the
      // socket under TCP back-pressure (nothing more is buffered here) until the client, having
      // read the 413, closes, or the server's request timeout does.
      reader.releaseLock();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as UTF-8 text (as `request.text()` decodes it), read with the limit of `readBodyBytes`. */
export async function readBodyText(request: Request, maxBytes: number, tooLarge?: () => AppError): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request, maxBytes, tooLarge));
}

/** Reads and validates a JSON body: 413 when too large, 400 when not JSON or not matching. No body is `{}`. */
export async function readJson<T extends z.ZodType>(
  request: Request,
  schema: T,
  { maxBytes = MAX_BODY_BYTES }: { maxBytes?: number } = {},
): Promise<z.infer<T>> {
  const text = await readBodyText(request, maxBytes);
  let body: unknown;
  try {
    body = text.length ? JSON.parse(text) : {};
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
  // a NUL or a lone surrogate anywhere is refused here, naming the field, before any schema
  assertSafeText(body);
  return parseOrThrow(schema, body);
}
