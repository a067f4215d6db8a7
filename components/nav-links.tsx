"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { GearIcon } from "@/components/ui/icons";

const links = [
  { href: "/", label: "Compare", active: (p: string) => p === "/" || p.startsWith("/c/") },
  { href: "/history", label: "History", active: (p: string) => p.startsWith("/history") },
  { href: "/leaderboard", label: "Leaderboard", active: (p: string) => p.startsWith("/leaderboard") },
  { href: "/judges", label: "Judges", active: (p: string) => p.startsWith("/judges") },
  { href: "/evals", label: "Evaluations", active: (p: string) => p.startsWith("/evals") || p.startsWith("/r/") },
  { href: "/scorecards", label: "Scorecards", active: (p: string) => p.startsWith("/scorecards") },
  { href: "/teams", label: "Teams", active: (p: string) => p.startsWith("/teams") || p.startsWith("/invite/") },
  { href: "/discover", label: "Discover", active: (p: string) => p.startsWith("/discover") },
];

const settingsActive = (p: string) => p.startsWith("/settings");

function linkClasses(active: boolean, layout: "bar" | "menu") {
  return `flex items-center gap-1.5 rounded-md font-medium transition-colors ${layout === "bar" ? "px-2.5 py-1.5 text-sm" : "px-3 py-2.5 text-base"} ${
    active
      ? "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-white"
      : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-white"
  }`;
}

/** The main sections: a row in the header bar, a column in the small-screen menu (with Settings). */
export function NavLinks({ layout = "bar" }: { layout?: "bar" | "menu" }) {
  const pathname = usePathname() ?? "/";
  return (
    <ul className={layout === "bar" ? "flex items-center gap-1" : "grid gap-0.5"}>
      {links.map((l) => {
        const active = l.active(pathname);
        return (
          <li key={l.href}>
            <Link href={l.href} aria-current={active ? "page" : undefined} className={linkClasses(active, layout)}>
              {l.label}
            </Link>
          </li>
        );
      })}
      {layout === "menu" ? (
        <li>
          <SettingsLink layout="menu" />
        </li>
      ) : null}
    </ul>
  );
}

/** Settings (theme, API tokens, account): in every mode, local included. */
export function SettingsLink({ layout = "bar" }: { layout?: "bar" | "menu" }) {
  const active = settingsActive(usePathname() ?? "/");
  return (
    <Link href="/settings" aria-current={active ? "page" : undefined} className={linkClasses(active, layout)}>
      <GearIcon className={layout === "bar" ? "size-4" : "size-4.5"} />
      Settings
    </Link>
  );
}
