// Images attached to turns, served back to those who may see them: the comparison's readers
// (GET /api/v1/comparisons/<id>/images/<imageId>) and holders of an active share link whose
// snapshot shows that image (GET /s/<token>/images/<turn>/<index>). Stored bytes only ever leave
// with their checked type and headers that stop a browser from reading them as anything else.
import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isId } from "@/lib/ids";
import { findActiveShareByToken } from "@/lib/shares/service";
import { assertComparison, type ComparisonAccess } from "./access";
import { imageMediaTypes } from "./tools-schema";

type Deps = { db?: PrismaClient };
type ImageRow = { mediaType: string; bytes: Uint8Array; size: number };

const notFound = () => new AppError("not_found", "This image does not exist.");

/** An image of a comparison the access allows reading; 404 for one of another comparison. */
export async function getTurnImage(access: ComparisonAccess, imageId: string, deps: Deps = {}): Promise<ImageRow> {
  const { id } = assertComparison(access, "read");
  if (!isId(imageId)) throw notFound();
  const row = await (deps.db ?? getDb()).turnImage.findFirst({
    where: { id: imageId, turn: { comparisonId: id } },
    select: { mediaType: true, bytes: true, size: true },
  });
  if (!row) throw notFound();
  return row;
}

/** An image shown by an active share: only the turns and images its snapshot has. */
export async function getSharedImage(token: string, turn: number, index: number, deps: Deps = {}): Promise<ImageRow> {
  const share = await findActiveShareByToken({ token }, deps);
  const shown = share?.snapshot.turns.find((t) => t.index === turn)?.images?.some((i) => i.index === index);
  if (!share || !shown) throw notFound();
  const row = await (deps.db ?? getDb()).turnImage.findFirst({
    where: { index, turn: { index: turn, comparisonId: share.comparisonId } },
    select: { mediaType: true, bytes: true, size: true },
  });
  if (!row) throw notFound();
  return row;
}

/** The bytes with their type; `nosniff` and a sandboxing CSP so they are only ever an image. */
export function imageResponse(row: ImageRow, { shared }: { shared: boolean }): Response {
  // the type was checked against the bytes when stored; anything else is served as opaque bytes
  const type = (imageMediaTypes as readonly string[]).includes(row.mediaType) ? row.mediaType : "application/octet-stream";
  const headers: Record<string, string> = {
    "content-type": type,
    "content-length": String(row.bytes.byteLength),
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    "content-disposition": "inline",
    // an image never changes under its id, but access can end (a revoked link, a removed member)
    "cache-control": "private, max-age=3600",
  };
  if (shared) {
    headers["x-robots-tag"] = "noindex";
    headers["referrer-policy"] = "no-referrer";
  }
  return new Response(new Uint8Array(row.bytes), { headers });
}
