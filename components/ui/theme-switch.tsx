"use client";

import { useId, useSyncExternalStore } from "react";
import { MonitorIcon, MoonIcon, SunIcon } from "./icons";
import { readTheme, setTheme, subscribeTheme, THEMES, type ThemeChoice } from "./theme";

const META: Record<ThemeChoice, { label: string; Icon: typeof SunIcon }> = {
  system: { label: "System", Icon: MonitorIcon },
  light: { label: "Light", Icon: SunIcon },
  dark: { label: "Dark", Icon: MoonIcon },
};

/**
 * System / Light / Dark as one radio group (arrow keys move between them). `compact`: icons
 * only (each still named), for the header; otherwise icons with their words.
 */
export function ThemeSwitch({ compact = false }: { compact?: boolean }) {
  // the server cannot know the stored choice: it renders "system", the browser then its own
  const choice = useSyncExternalStore(subscribeTheme, readTheme, () => "system" as const);
  const name = useId();
  return (
    <fieldset className="flex min-w-0 items-center">
      <legend className="sr-only">Theme</legend>
      <div className="inline-flex rounded-lg border border-zinc-200 bg-zinc-100 p-0.5 dark:border-zinc-700 dark:bg-zinc-800">
        {THEMES.map((t) => {
          const { label, Icon } = META[t];
          return (
            <label
              key={t}
              title={compact ? `${label} theme` : undefined}
              className={`relative flex cursor-pointer items-center gap-1.5 rounded-md text-xs font-medium transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-1 has-[:focus-visible]:outline-indigo-500 ${
                compact ? "size-7 justify-center" : "h-8 px-2.5"
              } ${
                choice === t
                  ? "bg-white text-zinc-900 shadow-sm dark:bg-zinc-950 dark:text-zinc-100"
                  : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
              }`}
            >
              <input
                type="radio"
                name={name}
                value={t}
                checked={choice === t}
                onChange={() => setTheme(t)}
                className="sr-only"
                aria-label={compact ? `${label} theme` : undefined}
              />
              <Icon className="size-3.5" />
              {compact ? null : label}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
