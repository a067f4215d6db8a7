import type { ModelCapabilities } from "@/lib/providers/model-info";

// What a model can do, as small labelled badges (the picker, the Discover page). Only the
// capabilities the model has get a badge; the screen-reader text names them in full, and says so
// when the facts are unknown instead of implying "none".

const labels: { key: keyof ModelCapabilities; badge: string; spoken: string; title: string }[] = [
  { key: "tools", badge: "Tools", spoken: "tools", title: "Calls tools (functions)" },
  { key: "structuredOutput", badge: "JSON", spoken: "structured output (JSON)", title: "Answers in a given JSON Schema" },
  { key: "images", badge: "Images", spoken: "image input", title: "Takes images as input" },
  { key: "reasoning", badge: "Reasoning", spoken: "reasoning", title: "Reasons before answering (thinking tokens)" },
];

/** The sentence a screen reader hears: "Capabilities: tools, image input." */
export function capabilitiesText(capabilities: ModelCapabilities | null): string {
  if (!capabilities) return "Capabilities unknown.";
  const has = labels.filter((l) => capabilities[l.key]).map((l) => l.spoken);
  return has.length === 0 ? "Capabilities: text only." : `Capabilities: ${has.join(", ")}.`;
}

export function CapabilityBadges({ capabilities, className = "" }: { capabilities: ModelCapabilities | null; className?: string }) {
  return (
    <span className={`inline-flex flex-wrap items-center gap-1 ${className}`}>
      <span className="sr-only">{capabilitiesText(capabilities)}</span>
      {capabilities ? (
        labels
          .filter((l) => capabilities[l.key])
          .map((l) => (
            <span
              key={l.key}
              aria-hidden="true"
              title={l.title}
              data-capability={l.key}
              className="inline-flex items-center rounded px-1 py-px text-[10px] leading-3.5 font-medium text-zinc-600 ring-1 ring-zinc-300 ring-inset dark:text-zinc-300 dark:ring-zinc-600"
            >
              {l.badge}
            </span>
          ))
      ) : (
        <span aria-hidden="true" className="text-[11px] text-zinc-500 italic dark:text-zinc-400">
          capabilities unknown
        </span>
      )}
    </span>
  );
}
