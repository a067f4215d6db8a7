import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { SharedComparison } from "@/components/share/shared-comparison";
import { getViewer } from "@/lib/auth/viewer";
import { getEnv } from "@/lib/env";
import { publicOrigin } from "@/lib/http/origin";
import { excerpt } from "@/lib/shares/og-text";
import { findActiveShareByToken } from "@/lib/shares/service";

// Read from the database on every request: a revoked or expired link must stop working at once.
export const dynamic = "force-dynamic";

const load = cache((token: string) => findActiveShareByToken({ token }));

/** Absolute URLs (og:image) need the public origin: NEXTAUTH_URL when set, else the request's (lib/http/origin.ts). */
async function metadataBase(): Promise<URL> {
  return new URL(publicOrigin(await headers()));
}

// Shared links are not for search engines, and the token in the URL must not travel in a
// Referer header when a visitor follows a link inside an answer.
const hidden = { robots: { index: false, follow: false }, referrer: "no-referrer" } satisfies Metadata;

export async function generateMetadata({ params }: { params: Promise<{ token: string }> }): Promise<Metadata> {
  const share = await load((await params).token);
  if (!share) return { ...hidden, title: "Not found" };
  const { snapshot } = share;
  const models = snapshot.panes.map((p) => p.model.label).join(", ");
  const description = `${excerpt(snapshot.turns[0]?.prompt ?? "", 160)} · compared on ${models}`;
  return {
    ...hidden,
    metadataBase: await metadataBase(),
    title: snapshot.title,
    description,
    openGraph: { type: "article", siteName: "Juxta", title: `${snapshot.title} · Juxta`, description },
    twitter: { card: "summary_large_image", title: `${snapshot.title} · Juxta`, description },
  };
}

// GET /s/<token>: a shared comparison, read-only, as of when it was shared; no sign-in needed
export default async function SharedPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const share = await load(token);
  // unknown, revoked, expired and malformed tokens: the same 404
  if (!share) notFound();
  const viewer = await getViewer().catch(() => null);
  const rerun = viewer ? "run" : getEnv().auth.enabled ? "sign-in" : null;
  return (
    <main id="main" className="mx-auto max-w-[1600px] px-4 py-5 sm:px-6">
      <SharedComparison snapshot={share.snapshot} token={token} expiresAt={share.expiresAt} rerun={rerun} />
    </main>
  );
}
