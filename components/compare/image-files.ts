// Image attachments in the browser: which files may be attached (count, size, type) and the
// sentences that say why one was not. Pure (no DOM): the composer reads the files and calls these.
// The limits and the type sniffing are the server's (lib/compare/tools-schema.ts): the type comes
// from the file's first bytes, not its name or the browser's guess, so a renamed PDF is refused
// here as it is on the server.
import { MAX_IMAGE_BYTES, MAX_IMAGES, type ImageMediaType } from "@/lib/compare/tools-schema";
import { formatCount } from "@/lib/format";

export { imageMediaTypes, MAX_IMAGE_BYTES, MAX_IMAGES, sniffImageType, type ImageMediaType } from "@/lib/compare/tools-schema";

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

/**
 * "4.2 MB", "820 KB" (1 MB = 1024 × 1024 bytes, as the limit is counted). `up`: rounded up, so a
 * file just over the limit never reads as the limit itself.
 */
export function formatBytes(bytes: number, { up = false }: { up?: boolean } = {}): string {
  const mb = bytes / (1024 * 1024);
  if (bytes >= 1024 * 1024) return `${(up ? Math.ceil(mb * 10) / 10 : Math.round(mb * 10) / 10).toFixed(1).replace(/\.0$/, "")} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${formatCount(bytes)} bytes`;
}

/** A file as the checks need it: the name, its size, and its type sniffed from the first bytes. */
export type CandidateFile = { name: string; size: number; sniffed: ImageMediaType | null };

function list(names: string[], after: (name: string) => string = () => ""): string {
  const quoted = names.map((n) => `“${n}”${after(n)}`);
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
  const sizes = new Map<string, number>();
  const empty: string[] = [];
  const overCount: string[] = [];
  files.forEach((f, i) => {
    const name = f.name || "pasted image";
    sizes.set(name, f.size);
    if (f.size === 0) empty.push(name);
    else if (f.sniffed === null) wrongType.push(name);
    else if (f.size > MAX_IMAGE_BYTES) tooLarge.push(name);
    else if (attached + accepted.length >= MAX_IMAGES) overCount.push(name);
    else accepted.push(i);
  });
  const problems: string[] = [];
  if (wrongType.length > 0)
    problems.push(
      `${list(wrongType)} ${wrongType.length === 1 ? "is not an image" : "are not images"} Juxta can send: use ${IMAGE_KINDS}.`,
    );
  if (tooLarge.length > 0)
    problems.push(
      `${list(tooLarge, (n) => ` (${formatBytes(sizes.get(n) ?? 0, { up: true })})`)} ${tooLarge.length === 1 ? "is" : "are"} larger than ${formatBytes(MAX_IMAGE_BYTES)}, the limit per image.`,
    );
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
