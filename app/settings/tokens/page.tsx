import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { ApiTokens } from "@/components/settings/api-tokens";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { requirePageViewer } from "@/lib/auth/viewer";

export const metadata: Metadata = { title: "API tokens" };

// GET /settings/tokens: personal API tokens for scripts and CI
export default async function TokensPage() {
  await connection();
  const viewer = await requirePageViewer("/settings/tokens");
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-6 sm:px-6">
      <nav aria-label="Breadcrumb" className="mb-1 text-xs text-zinc-500 dark:text-zinc-400">
        <Link href="/settings" className="underline-offset-2 hover:underline">
          Settings
        </Link>{" "}
        / API tokens
      </nav>
      <h1 className="text-lg font-semibold tracking-tight">API tokens</h1>
      {viewer.local ? (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Sign-in is off (local mode), so <code>/api/v1</code> needs no token. Tokens become available when a sign-in provider is
          configured.
        </p>
      ) : (
        <>
          <p className="mt-1 mb-5 text-sm text-zinc-600 dark:text-zinc-400">
            Scripts and CI call <code>/api/v1</code> with <code>Authorization: Bearer &lt;token&gt;</code>. A token acts as you; it is
            stored only as a hash and shown once.
          </p>
          <ApiTokens tokens={await listApiTokens({ userId: viewer.id })} />
        </>
      )}
    </main>
  );
}
