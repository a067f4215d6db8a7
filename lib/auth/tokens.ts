import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** A new secret of 256 random bits, base64url, with a readable prefix (`jx_` API token, none for share links). */
export function newSecret(prefix = ""): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/** Secrets are stored only as their SHA-256: a leaked database reveals no usable token. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
