import { buttonClasses } from "@/components/ui/button";
import { DownloadIcon } from "@/components/ui/icons";

/** Export links (a download each), for the owner's API route or a shared page's snapshot. */
export function ExportLinks({ base }: { base: string }) {
  const cls = buttonClasses({ variant: "ghost" });
  return (
    <>
      <a href={`${base}?format=json`} download className={cls}>
        <DownloadIcon className="size-4" />
        {/* "Export" is read out everywhere but shown only where there is room */}
        <span className="max-sm:sr-only">Export</span> JSON
      </a>
      <a href={`${base}?format=md`} download className={cls}>
        <DownloadIcon className="size-4" />
        <span className="max-sm:sr-only">Export</span> Markdown
      </a>
    </>
  );
}
