import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { SignOutButton } from "@/components/auth/sign-in-buttons";
import { ThemeSwitch } from "@/components/ui/theme-switch";
import { requirePageViewer } from "@/lib/auth/viewer";

export const metadata: Metadata = { title: "Settings" };

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-xl border border-zinc-200 bg-white p-4 sm:p-5 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id={id} className="text-sm font-semibold">
        {title}
      </h2>
      <div className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{children}</div>
    </section>
  );
}

// GET /settings: appearance, API tokens and the account, in every mode (local included)
export default async function SettingsPage() {
  await connection();
  const viewer = await requirePageViewer("/settings");
  return (
    <main id="main" className="mx-auto grid max-w-3xl gap-4 px-4 py-6 sm:px-6">
      <h1 className="text-lg font-semibold tracking-tight">Settings</h1>
      <Section id="settings-appearance" title="Appearance">
        <p className="mb-3">Kept in this browser. System follows your device&apos;s light or dark setting.</p>
        <ThemeSwitch />
      </Section>
      <Section id="settings-tokens" title="API tokens">
        {viewer.local ? (
          <p>
            Sign-in is off (local mode), so scripts call <code>/api/v1</code> without a token.{" "}
            <Link href="/settings/tokens" className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
              About API tokens
            </Link>
          </p>
        ) : (
          <p>
            Personal tokens let scripts and CI call <code>/api/v1</code> as you.{" "}
            <Link href="/settings/tokens" className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
              Manage API tokens
            </Link>
          </p>
        )}
      </Section>
      <Section id="settings-account" title="Account">
        {viewer.local ? (
          <p>
            Local mode: no sign-in provider is configured, so Juxta runs as a single local user. Configure one (see the README) to sign in
            and work as a team.
          </p>
        ) : (
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="min-w-0 break-words">
              Signed in as <span className="font-medium text-zinc-900 dark:text-zinc-100">{viewer.name ?? viewer.email}</span>
              {viewer.name && viewer.email ? <> ({viewer.email})</> : null}
            </p>
            <SignOutButton />
          </div>
        )}
      </Section>
    </main>
  );
}
