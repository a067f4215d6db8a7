"use client";
// Images attached to a prompt: the button (a file picker), drag and drop onto the composer, paste
// into the prompt; thumbnails with a remove button each, and the sentences that say why a file
// was not attached, where the user is looking (under the thumbnails). The checks are pure
// (image-files.ts); reading the files is here.
import { useRef, useState, type ClipboardEvent, type DragEvent } from "react";
import { Button } from "@/components/ui/button";
import { AlertIcon, CloseIcon } from "@/components/ui/icons";
import {
  checkImageFiles,
  formatBytes,
  IMAGE_KINDS,
  imageMediaTypes,
  imageSrc,
  MAX_IMAGE_BYTES,
  MAX_IMAGES,
  sniffImageType,
  toBase64,
  type ImageDraft,
} from "./image-files";

let counter = 0;

/** Reads dropped, pasted or picked files into images, checked against what is already attached. */
export function useImageFiles(attached: number, onAttach: (images: ImageDraft[], problems: string[]) => void) {
  return async function addFiles(files: readonly File[]) {
    if (files.length === 0) return;
    const candidates = await Promise.all(
      files.map(async (f) => ({
        name: f.name,
        size: f.size,
        sniffed: f.size > 0 ? sniffImageType(new Uint8Array(await f.slice(0, 16).arrayBuffer())) : null,
      })),
    );
    const { accepted, problems } = checkImageFiles(attached, candidates);
    const images = await Promise.all(
      accepted.map(async (i): Promise<ImageDraft> => {
        const file = files[i]!;
        const bytes = new Uint8Array(await file.arrayBuffer());
        counter += 1;
        return {
          key: `img-${Date.now()}-${counter}`,
          name: file.name || `pasted-image-${counter}`,
          mediaType: candidates[i]!.sniffed!,
          size: file.size,
          data: toBase64(bytes),
        };
      }),
    );
    onAttach(images, problems);
  };
}

/** Files in a paste (a screenshot copied to the clipboard); the text of the paste goes on as usual. */
export function pastedFiles(e: ClipboardEvent): File[] {
  return Array.from(e.clipboardData?.files ?? []);
}

/** Drag and drop of files onto an element: its handlers, and whether files are over it now. */
export function useFileDrop(onFiles: (files: File[]) => void) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes("Files");
  return {
    over,
    handlers: {
      onDragEnter: (e: DragEvent) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current += 1;
        setOver(true);
      },
      onDragOver: (e: DragEvent) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
      },
      onDragLeave: (e: DragEvent) => {
        if (!hasFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      },
      onDrop: (e: DragEvent) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        onFiles(Array.from(e.dataTransfer.files));
      },
    },
  };
}

function ImageIcon({ className = "" }: { className?: string }) {
  return (
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true" className={className}>
      <rect x="2" y="2.5" width="12" height="11" rx="1.5" />
      <circle cx="6" cy="6.5" r="1.25" />
      <path d="m2.5 12 3.5-3.5 2.5 2.5 2-2 3 3" strokeLinejoin="round" />
    </svg>
  );
}

/** "Attach images": opens the file picker (keyboard: a real button; the input is hidden). */
export function AttachImagesButton({
  id,
  count,
  onFiles,
  describedBy,
}: {
  id: string;
  count: number;
  onFiles: (files: File[]) => void;
  describedBy?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const full = count >= MAX_IMAGES;
  return (
    <>
      <Button
        id={id}
        size="sm"
        variant="ghost"
        onClick={() => input.current?.click()}
        aria-describedby={describedBy}
        title={full ? `${MAX_IMAGES} images at most` : `${IMAGE_KINDS}, up to ${formatBytes(MAX_IMAGE_BYTES)} each`}
      >
        <ImageIcon className="size-3.5" />
        {count > 0 ? `Images (${count}/${MAX_IMAGES})` : "Attach images"}
      </Button>
      <input
        ref={input}
        type="file"
        accept={imageMediaTypes.join(",")}
        multiple
        hidden
        tabIndex={-1}
        aria-hidden="true"
        data-testid={`${id}-input`}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          // the same file may be picked again after it was removed
          e.target.value = "";
          onFiles(files);
        }}
      />
    </>
  );
}

/** The attached images as thumbnails with a remove button each, and why some files were not attached. */
export function AttachedImages({
  id,
  images,
  problems,
  onRemove,
  focusAfterRemove,
}: {
  id: string;
  images: readonly ImageDraft[];
  problems: readonly string[];
  onRemove: (key: string) => void;
  /** the element to focus when the last image is removed (the attach button) */
  focusAfterRemove: string;
}) {
  const list = useRef<HTMLUListElement>(null);
  if (images.length === 0 && problems.length === 0) return null;
  return (
    <div id={id} className="mt-2">
      {images.length > 0 ? (
        <ul ref={list} aria-label="Attached images" className="flex flex-wrap gap-2">
          {images.map((image, i) => (
            <li
              key={image.key}
              className="group relative flex items-center gap-2 rounded-lg border border-zinc-200 bg-zinc-50 p-1 pr-1.5 dark:border-zinc-700 dark:bg-zinc-800/60"
            >
              {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL of the user's own file, not an optimizable asset */}
              <img
                src={imageSrc(image)}
                alt={`Attached image ${i + 1}: ${image.name}`}
                className="size-12 rounded-md bg-white object-cover dark:bg-zinc-900"
              />
              <span className="flex max-w-36 min-w-0 flex-col text-xs">
                <span className="truncate font-medium text-zinc-700 dark:text-zinc-200" title={image.name}>
                  {image.name}
                </span>
                <span className="text-zinc-500 dark:text-zinc-400">{formatBytes(image.size)}</span>
              </span>
              <Button
                size="icon"
                variant="ghost"
                aria-label={`Remove image ${image.name}`}
                title="Remove"
                onClick={() => {
                  const buttons = Array.from(list.current?.querySelectorAll<HTMLButtonElement>("button") ?? []);
                  const next = buttons[i + 1] ?? buttons[i - 1];
                  onRemove(image.key);
                  // keep the focus in the list (the next image's remove button), else back on "Attach images"
                  requestAnimationFrame(() => (next?.isConnected ? next : document.getElementById(focusAfterRemove))?.focus());
                }}
              >
                <CloseIcon className="size-3.5" />
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <div role="alert" className="empty:hidden">
        {problems.map((p) => (
          <p key={p} className="mt-1.5 flex items-start gap-1 text-xs text-red-700 dark:text-red-400">
            <AlertIcon className="mt-px size-3.5 shrink-0" />
            <span>{p}</span>
          </p>
        ))}
      </div>
    </div>
  );
}

/** The outline shown over a composer while files are dragged over it. */
export function DropOverlay({ visible }: { visible: boolean }) {
  if (!visible) return null;
  return (
    <div
      aria-hidden="true"
      className="pointer-events-none absolute inset-0 z-10 grid place-items-center rounded-xl border-2 border-dashed border-indigo-500 bg-indigo-50/80 text-sm font-medium text-indigo-800 dark:bg-indigo-950/80 dark:text-indigo-200"
    >
      Drop images to attach them ({IMAGE_KINDS}, up to {formatBytes(MAX_IMAGE_BYTES)} each)
    </div>
  );
}
