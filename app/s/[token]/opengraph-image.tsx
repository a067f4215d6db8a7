import { ImageResponse } from "next/og";
import { ogText } from "@/lib/shares/og-text";
import { findActiveShareByToken } from "@/lib/shares/service";

// The link preview of a shared comparison: the prompt and the models. Drawn with the font bundled
// in next/og only (no remote fonts, no emoji CDN): ogText keeps the characters that font has, so
// rendering never reaches off this machine.

export const dynamic = "force-dynamic";
export const alt = "A Juxta comparison: the prompt and the models that answered it";
export const size = { width: 1200, height: 630 };
export const contentType = "image/png";

const providerColor: Record<string, string> = {
  openai: "#10b981",
  azure: "#0ea5e9",
  bedrock: "#f97316",
  compatible: "#8b5cf6",
  anthropic: "#d97757",
  google: "#2563eb",
  vertex: "#f43f5e",
};

const MAX_CHIPS = 6;

// GET /s/<token>/opengraph-image: a 1200x630 PNG, or the same 404 as the page for a link that does not work
export default async function Image({ params }: { params: Promise<{ token: string }> }) {
  const share = await findActiveShareByToken({ token: (await params).token });
  if (!share) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  const { snapshot } = share;
  const panes = snapshot.panes.slice(0, MAX_CHIPS);
  // fewer characters when the model chips take a third row
  const prompt = ogText(snapshot.turns[0]?.prompt ?? "", panes.length > 4 ? 170 : 220, "A prompt in a script this preview cannot draw");
  const more = snapshot.panes.length - panes.length;
  const turns = snapshot.turns.length;

  return new ImageResponse(
    <div
      style={{
        width: "100%",
        height: "100%",
        display: "flex",
        flexDirection: "column",
        justifyContent: "space-between",
        padding: "56px 64px",
        background: "#09090b",
        color: "#fafafa",
      }}
    >
      <div style={{ display: "flex", alignItems: "center", justifyContent: "space-between" }}>
        <div style={{ display: "flex", alignItems: "center", gap: 14 }}>
          <div style={{ display: "flex", gap: 5 }}>
            <div style={{ width: 12, height: 34, borderRadius: 3, background: "#6366f1" }} />
            <div style={{ width: 12, height: 34, borderRadius: 3, background: "#38bdf8" }} />
          </div>
          <div style={{ fontSize: 40, letterSpacing: -1 }}>Juxta</div>
        </div>
        <div style={{ display: "flex", fontSize: 24, color: "#a1a1aa" }}>
          {`Shared comparison · ${snapshot.panes.length} ${snapshot.panes.length === 1 ? "model" : "models"}${turns > 1 ? ` · ${turns} turns` : ""}`}
        </div>
      </div>

      <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
        <div style={{ display: "flex", fontSize: 22, color: "#818cf8", textTransform: "uppercase", letterSpacing: 2 }}>Prompt</div>
        <div
          style={{
            display: "flex",
            fontSize: prompt.length > 140 ? 40 : 50,
            lineHeight: 1.25,
            color: "#f4f4f5",
            maxHeight: 260,
            overflow: "hidden",
          }}
        >
          {prompt}
        </div>
      </div>

      <div style={{ display: "flex", flexWrap: "wrap", gap: 10 }}>
        {panes.map((p) => (
          <div
            key={p.index}
            style={{
              display: "flex",
              alignItems: "center",
              gap: 9,
              padding: "8px 16px",
              borderRadius: 999,
              border: "2px solid #3f3f46",
              background: "#18181b",
              fontSize: 22,
            }}
          >
            <div style={{ width: 12, height: 12, borderRadius: 999, background: providerColor[p.model.provider] ?? "#a1a1aa" }} />
            <div style={{ display: "flex", color: "#fafafa" }}>{ogText(p.model.label, 32, "model")}</div>
            <div style={{ display: "flex", color: "#a1a1aa" }}>{ogText(p.model.providerLabel, 24, "")}</div>
          </div>
        ))}
        {more > 0 ? (
          <div style={{ display: "flex", alignItems: "center", padding: "8px 8px", fontSize: 22, color: "#a1a1aa" }}>{`+${more} more`}</div>
        ) : null}
      </div>
    </div>,
    { ...size, headers: { "cache-control": "private, no-store", "x-robots-tag": "noindex" } },
  );
}
