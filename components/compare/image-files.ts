// Image attachments in the browser: which files may be attached (count, size, type) and the
// sentences that say why one was not. Pure (no DOM): the composer reads the files and calls these.
// The limits are the server's (lib/compare/schema.ts); the type comes from the file's first bytes,
// not its name or the browser's guess, so a renamed PDF is refused here as it is on the server.
import { formatCount } from "@/lib/format";

export const MAX_IMAGES = 4;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const imageMediaTypes = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;
export type ImageMediaType = (typeof imageMediaTypes)[number];

/** "PNG, JPEG, WebP or GIF", for messages and the picker's hint. */
export const IMAGE_KINDS = "PNG, JPEG, WebP or GIF";

/** An image ready to send: its bytes as base64, with what the composer shows. */
export type ImageDraft = {
  key: string;
  name: string;
  mediaType: ImageMediaType;
  /** bytes */
  size: number;
  /** base64, no data: prefix */
  data: string;
};

/** The image type from its first bytes (magic numbers), or null when it is none of the four. */
export function sniffImageType(head: Uint8Array): ImageMediaType | null {
  const at = (offset: number, bytes: number[]) => bytes.every((b, i) => head[offset + i] === b);
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (at(0, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (at(0, [0x47, 0x49, 0x46, 0x38]) && (head[4] === 0x37 || head[4] === 0x39) && head[5] === 0x61) return "image/gif";
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return "image/webp";
  return null;
}

/** "4.2 MB", "820 KB" (1 MB = 1024 × 1024 bytes, as the limit is counted). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${formatCount(bytes)} bytes`;
}

/** A file as the checks need it: the name, its size, and its type sniffed from the first bytes. */
export type CandidateFile = { name: string; size: number; sniffed: ImageMediaType | null };

function list(names: string[]): string {
  const quoted = names.map((n) => `“${n}”`);
  return quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
}

/**
 * Which of `files` can join the `attached` images already there, in order, and one sentence per
 * kind of refusal (wrong type, too large, one too many): every refused file is named.
 */
export function checkImageFiles(attached: number, files: readonly CandidateFile[]): { accepted: number[]; problems: string[] } {
  const accepted: number[] = [];
  const wrongType: string[] = [];
  const tooLarge: string[] = [];
  const empty: string[] = [];
  const overCount: string[] = [];
  files.forEach((f, i) => {
    const name = f.name || "pasted image";
    if (f.size === 0) empty.push(name);
    else if (f.sniffed === null) wrongType.push(name);
    else if (f.size > MAX_IMAGE_BYTES) tooLarge.push(`${name} (${formatBytes(f.size)})`);
    else if (attached + accepted.length >= MAX_IMAGES) overCount.push(name);
    else accepted.push(i);
  });
  const problems: string[] = [];
  if (wrongType.length > 0)
    problems.push(`${list(wrongType)} ${wrongType.length === 1 ? "is not an image" : "are not images"} Juxta can send: use ${IMAGE_KINDS}.`);
  if (tooLarge.length > 0)
    problems.push(`${list(tooLarge)} ${tooLarge.length === 1 ? "is" : "are"} larger than ${formatBytes(MAX_IMAGE_BYTES)}, the limit per image.`);
  if (empty.length > 0) problems.push(`${list(empty)} ${empty.length === 1 ? "is" : "are"} empty.`);
  if (overCount.length > 0)
    problems.push(
      `A prompt takes up to ${MAX_IMAGES} images: ${list(overCount)} ${overCount.length === 1 ? "was" : "were"} not added. Remove one to make room.`,
    );
  return { accepted, problems };
}

/** Base64 of bytes (chunked: String.fromCharCode with a whole 5 MB array overflows the stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** The `src` of an image's thumbnail. */
export function imageSrc(image: { mediaType: string; data: string }): string {
  return `data:${image.mediaType};base64,${image.data}`;
}
