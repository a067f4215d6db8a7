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
