import { buttonClasses } from "@/components/ui/button";

const formats = [
  { format: "csv", label: "CSV", title: "One row per pairwise outcome, for a spreadsheet" },
  { format: "jsonl", label: "JSONL", title: "One JSON object per vote, with the prompt, every answer and your feedback" },
  {
    format: "pairs",
    label: "Preference pairs",
    title: "JSONL of (prompt, chosen, rejected) for preference training; ties and both-bad left out",
  },
] as const;

/**
 * Download links for the viewer's own votes (GET /api/v1/votes/export). Plain links, not Next
 * <Link>: they fetch a file from a route handler, there is no page to prefetch.
 */
export function ExportLinks() {
  return (
    <div
      role="group"
      aria-labelledby="lb-export-title"
      aria-describedby="lb-export-note"
      className="-mt-3 mb-6 flex flex-wrap items-center gap-x-3 gap-y-2"
    >
      <span id="lb-export-title" className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
        Export my votes
      </span>
      <ul className="flex flex-wrap gap-2">
        {formats.map((f) => (
          <li key={f.format}>
            <a
              href={`/api/v1/votes/export?format=${f.format}`}
              download
              title={f.title}
              className={buttonClasses({
                size: "sm",
                className: "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500",
              })}
            >
              {f.label}
            </a>
          </li>
        ))}
      </ul>
      <span id="lb-export-note" className="text-xs text-zinc-600 dark:text-zinc-400">
        Only your own votes, all of them (blind and named), with their prompts and answers.
      </span>
    </div>
  );
}
