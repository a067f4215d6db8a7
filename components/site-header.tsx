import Link from "next/link";
import { connection } from "next/server";
import { getCatalog } from "@/lib/providers";
import { SignOutButton } from "./auth/sign-in-buttons";
import { NavLinks } from "./nav-links";
import { getViewer } from "@/lib/auth/viewer";

/** Wordmark, navigation, and a notice when the models are the local emulator (npm run demo). */
export async function SiteHeader() {
  await connection(); // the catalog comes from the runtime environment, not the build's
  const emulated = getCatalog().some((m) => m.emulated);
  const viewer = await getViewer().catch(() => null);
  return (
    <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="mx-auto flex h-12 max-w-[1600px] items-center gap-4 px-4 sm:px-6">
        <Link href="/" className="flex items-center gap-1.5 rounded text-base font-semibold tracking-tight">
          <span aria-hidden="true" className="flex gap-0.5">
            <span className="h-4 w-1.5 rounded-sm bg-indigo-500" />
            <span className="h-4 w-1.5 rounded-sm bg-sky-400" />
          </span>
          Juxta
        </Link>
        {viewer ? (
          <nav aria-label="Main">
            <NavLinks />
          </nav>
        ) : null}
        {emulated ? (
          <p className="ml-auto hidden rounded-full sm:block bg-amber-50 px-2.5 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-300 ring-inset dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800">
            Demo: models are emulated locally
          </p>
        ) : null}
        <div className={`flex items-center gap-2 text-xs ${emulated ? "" : "ml-auto"}`}>
          {viewer?.local ? (
            <span
              className="text-zinc-500 dark:text-zinc-400"
              title="No sign-in provider is configured: Juxta runs as a single local user."
            >
              Local mode · single user
            </span>
          ) : viewer ? (
            <>
              <Link
                href="/settings/tokens"
                className="rounded px-1.5 py-1 text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
              >
                API tokens
              </Link>
              <span className="max-w-48 truncate font-medium" aria-label="Signed in as">
                {viewer.name ?? viewer.email}
              </span>
              <SignOutButton />
            </>
          ) : null}
        </div>
      </div>
    </header>
  );
}
