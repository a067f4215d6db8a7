// The one id of Juxta's own rows (comparisons, panes, turns, answers, votes, teams, sessions,
// shares, tokens...), and the one pattern every entry point parses ids with. Pure and isomorphic:
// zod schemas shared with the browser import it, so it uses Web Crypto, not node:crypto.
import { z } from "zod";

/** Random bytes in a new id: 96 bits, 16 base64url characters. */
const ID_BYTES = 12;

/**
 * What an id from a URL or a body may look like: base64url, 10 to 40 characters. Wider than what
 * `newId` makes (16), so ids made by older versions and by tests still parse; anything else is
 * refused before it reaches the database.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{10,40}$/;

/** An id parsed at an entry point; `what` names it in the message ("Malformed team id."). */
export function idSchema(what: string) {
  return z.string().regex(ID_PATTERN, `Malformed ${what} id.`);
}

export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** base64url without padding, as Buffer's "base64url" writes it (and usable in the browser). */
export function base64url(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.ceil((Math.min(3, bytes.length - i) * 8) / 6);
    for (let c = 0; c < chars; c++) out += alphabet[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

/** A new random id: 12 random bytes, base64url (16 characters). */
export function newId(): string {
  return base64url(globalThis.crypto.getRandomValues(new Uint8Array(ID_BYTES)));
}
