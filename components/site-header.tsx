import Link from "next/link";
import { connection } from "next/server";
import { getCatalog } from "@/lib/providers";
import { SignOutButton } from "./auth/sign-in-buttons";
import { HeaderMenu } from "./header-menu";
import { NotificationBell } from "./notifications/bell";
import { NavLinks, SettingsLink } from "./nav-links";
import { ThemeSwitch } from "./ui/theme-switch";
import { getViewer } from "@/lib/auth/viewer";

const demoNotice = "Demo: models are emulated locally";

/**
 * Wordmark, navigation, theme, settings and account, and a notice when the models are the local
 * emulator (npm run demo). Below 1024 px the navigation, theme and account fold into a menu.
 */
export async function SiteHeader() {
  await connection(); // the catalog comes from the runtime environment, not the build's
  const emulated = getCatalog().some((m) => m.emulated);
  const viewer = await getViewer().catch(() => null);
  const who = viewer?.local ? (
    <span className="text-zinc-500 dark:text-zinc-400" title="No sign-in provider is configured: Juxta runs as a single local user.">
      Local mode · single user
    </span>
  ) : viewer ? (
    <span className="min-w-0 truncate font-medium" aria-label="Signed in as">
      {viewer.name ?? viewer.email}
    </span>
  ) : null;
  return (
    <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="relative mx-auto flex h-12 max-w-[1600px] items-center gap-4 px-4 sm:px-6">
        <Link href="/" className="flex shrink-0 items-center gap-1.5 rounded text-base font-semibold tracking-tight">
          <span aria-hidden="true" className="flex gap-0.5">
            <span className="h-4 w-1.5 rounded-sm bg-indigo-500" />
            <span className="h-4 w-1.5 rounded-sm bg-sky-400" />
          </span>
          Juxta
        </Link>
        {viewer ? (
          <nav aria-label="Main" className="hidden lg:block">
            <NavLinks />
          </nav>
        ) : null}
        <div className="ml-auto flex min-w-0 items-center gap-2 text-xs">
          {emulated ? (
            <p className="hidden rounded-full bg-amber-50 px-2.5 py-0.5 text-xs font-medium whitespace-nowrap text-amber-800 ring-1 ring-amber-300 ring-inset xl:block dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800">
              {demoNotice}
            </p>
          ) : null}
          {viewer ? (
            <>
              <NotificationBell />
              <div className="hidden min-w-0 items-center gap-2 lg:flex">
                <ThemeSwitch compact />
                <SettingsLink />
                {who}
                {viewer.local ? null : <SignOutButton />}
              </div>
              <HeaderMenu>
                <nav aria-label="Main">
                  <NavLinks layout="menu" />
                </nav>
                <div className="mt-3 flex flex-wrap items-center justify-between gap-3 border-t border-zinc-200 pt-3 dark:border-zinc-800">
                  <span className="text-sm font-medium">Theme</span>
                  <ThemeSwitch />
                </div>
                <div className="mt-3 flex flex-wrap items-center justify-between gap-2 border-t border-zinc-200 pt-3 text-sm dark:border-zinc-800">
                  {who}
                  {viewer.local ? null : <SignOutButton />}
                </div>
                {emulated ? <p className="mt-3 text-xs text-amber-800 dark:text-amber-200">{demoNotice}.</p> : null}
              </HeaderMenu>
            </>
          ) : (
            // not signed in (sign-in mode): the theme is still the visitor's to choose
            <ThemeSwitch compact />
          )}
        </div>
      </div>
    </header>
  );
}
