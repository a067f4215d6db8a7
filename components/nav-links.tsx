"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const links = [
  { href: "/", label: "Compare", active: (p: string) => p === "/" || p.startsWith("/c/") },
  { href: "/history", label: "History", active: (p: string) => p.startsWith("/history") },
  { href: "/leaderboard", label: "Leaderboard", active: (p: string) => p.startsWith("/leaderboard") },
  { href: "/evals", label: "Evaluations", active: (p: string) => p.startsWith("/evals") || p.startsWith("/r/") },
  { href: "/teams", label: "Teams", active: (p: string) => p.startsWith("/teams") || p.startsWith("/invite/") },
];

export function NavLinks() {
  const pathname = usePathname() ?? "/";
  return (
    <ul className="flex items-center gap-1">
      {links.map((l) => {
        const active = l.active(pathname);
        return (
          <li key={l.href}>
            <Link
              href={l.href}
              aria-current={active ? "page" : undefined}
              className={`rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors ${
                active
                  ? "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-white"
                  : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-white"
              }`}
            >
              {l.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
