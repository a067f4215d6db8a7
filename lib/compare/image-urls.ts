// Where images of turns are served (isomorphic: the UI builds a shared page's image links with it).
import type { ImageMediaType, ImageView } from "./tools-schema";

/** Where a comparison's reader gets an image (lib/compare/images.ts checks access). */
export function imageUrl(comparisonId: string, imageId: string): string {
  return `/api/v1/comparisons/${comparisonId}/images/${imageId}`;
}

/** Where a share link's visitor gets the image `index` of turn `turn` (snapshots carry no image ids). */
export function sharedImageUrl(token: string, turn: number, index: number): string {
  return `/s/${token}/images/${turn}/${index}`;
}

export function imageViews(comparisonId: string, images: { id: string; mediaType: string; size: number }[]): ImageView[] {
  return images.map((i) => ({ id: i.id, mediaType: i.mediaType as ImageMediaType, size: i.size, url: imageUrl(comparisonId, i.id) }));
}
