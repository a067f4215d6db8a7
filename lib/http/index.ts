// Request and response helpers without server-only imports (schemas and unit tests use them).
// The route handler wrapper, which authenticates, is in ./route ("@/lib/http/route").
export { bodyTooLarge, MAX_BODY_BYTES, readBodyBytes, readBodyText, readJson } from "./body";
export { parseOrThrow, singleValuedQuery } from "./parse";
export { idParams } from "./params";
export { chunkStream } from "./stream";
