import { describe, expect, it } from "vitest";
import { checkImageFiles, formatBytes, imageSrc, MAX_IMAGE_BYTES, sniffImageType, toBase64 } from "@/components/compare/image-files";

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
const png = (name: string, size = 2048) => ({ name, size, sniffed: "image/png" as const });

describe("which files can be attached", () => {
  it("takes images up to four in all, in order, and names the ones left out", () => {
    const { accepted, problems } = checkImageFiles(2, [png("a.png"), png("b.png"), png("c.png"), png("d.png")]);
    expect(accepted).toEqual([0, 1]);
    expect(problems).toEqual(["A prompt takes up to 4 images: “c.png” and “d.png” were not added. Remove one to make room."]);
  });

  it("refuses a file that is not a PNG, JPEG, WebP or GIF by its bytes, whatever its name", () => {
    const { accepted, problems } = checkImageFiles(0, [{ name: "photo.png", size: 900, sniffed: null }, png("ok.png")]);
    expect(accepted).toEqual([1]);
    expect(problems).toEqual(["“photo.png” is not an image Juxta can send: use PNG, JPEG, WebP or GIF."]);
  });

  it("refuses an image over 5 MB with its size, and takes one of exactly 5 MB", () => {
    const { accepted, problems } = checkImageFiles(0, [png("big.png", MAX_IMAGE_BYTES + 1), png("edge.png", MAX_IMAGE_BYTES)]);
    expect(accepted).toEqual([1]);
    expect(problems).toEqual(["“big.png” (5.1 MB) is larger than 5 MB, the limit per image."]);
  });

  it("says each kind of problem once, naming every file of that kind", () => {
    const files = [
      { name: "a.pdf", size: 10, sniffed: null },
      { name: "b.txt", size: 10, sniffed: null },
      { name: "", size: 0, sniffed: null },
      png("huge.png", 7.3 * 1024 * 1024),
    ];
    const { accepted, problems } = checkImageFiles(0, files);
    expect(accepted).toEqual([]);
    expect(problems).toEqual([
      "“a.pdf” and “b.txt” are not images Juxta can send: use PNG, JPEG, WebP or GIF.",
      "“huge.png” (7.3 MB) is larger than 5 MB, the limit per image.",
      "“pasted image” is empty.",
    ]);
  });

  it("a refused file does not take one of the four places", () => {
    const { accepted } = checkImageFiles(3, [{ name: "x.gif", size: 10, sniffed: null }, png("y.png")]);
    expect(accepted).toEqual([1]);
  });
});

describe("image bytes", () => {
  it("knows the four types by their first bytes", () => {
    expect(sniffImageType(new Uint8Array(PNG))).toBe("image/png");
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffImageType(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]))).toBe("image/gif");
    expect(sniffImageType(new Uint8Array([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50]))).toBe("image/webp");
    expect(sniffImageType(new TextEncoder().encode("%PDF-1.7"))).toBeNull();
  });

  it("encodes large files to base64 without overflowing the stack, as Node's Buffer does", () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 31) % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
    expect(imageSrc({ mediaType: "image/png", data: "AAA=" })).toBe("data:image/png;base64,AAA=");
  });

  it("writes sizes as people read them", () => {
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatBytes(820 * 1024)).toBe("820 KB");
    expect(formatBytes(MAX_IMAGE_BYTES)).toBe("5 MB");
    expect(formatBytes(4.24 * 1024 * 1024)).toBe("4.2 MB");
    expect(formatBytes(MAX_IMAGE_BYTES + 1, { up: true })).toBe("5.1 MB");
  });
});
