import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { AccountButtons, OverrideForm } from "@/components/admin/admin-controls";
import { listAccounts, listLimits, usage, type UsageRow } from "@/lib/admin/service";
import { requirePageViewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { usd } from "@/lib/limits/format";

export const metadata: Metadata = { title: "Admin", robots: { index: false } };

const th = "px-2 py-1.5 text-left text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400";
const td = "px-2 py-1.5 align-top";

function UsageTable({ title, rows }: { title: string; rows: UsageRow[] }) {
  return (
    <section aria-labelledby={`usage-${title}`} className="mt-6">
      <h3 id={`usage-${title}`} className="text-sm font-semibold">
        By {title}
      </h3>
      {rows.length === 0 ? (
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">No calls in this period.</p>
      ) : (
        <div className="mt-1 overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr>
                <th className={th}>Day (UTC)</th>
                <th className={th}>{title}</th>
                <th className={`${th} text-right`}>Spend</th>
                <th className={`${th} text-right`}>Calls</th>
                <th className={`${th} text-right`}>Errors</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {rows.slice(0, 200).map((r) => (
                <tr key={`${r.day}|${r.key}`}>
                  <td className={`${td} tabular-nums`}>{r.day}</td>
                  <td className={`${td} break-all`}>{r.label}</td>
                  <td className={`${td} text-right tabular-nums`}>{usd(r.spendUsd)}</td>
                  <td className={`${td} text-right tabular-nums`}>{r.calls}</td>
                  <td className={`${td} text-right tabular-nums`}>{r.errors}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// GET /admin: accounts, limits and usage (instance admins only; 404 for everyone else)
export default async function AdminPage() {
  await connection();
  const viewer = await requirePageViewer("/admin");
  if (!viewer.isAdmin) notFound();
  const [accounts, limits, use, teams] = await Promise.all([
    listAccounts(),
    listLimits(),
    usage(30),
    getDb().team.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" }, take: 200 }),
  ]);
  const overrideOf = (scope: "user" | "team", id: string) => limits.overrides.find((o) => o.scope === scope && o.id === id) ?? null;
  const d = limits.defaults;
  const off = (n: number, f: (n: number) => string, none: string) => (n === 0 ? none : f(n));
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-8">
      <h1 className="text-xl font-semibold tracking-tight">Admin</h1>

      <section aria-labelledby="accounts" className="mt-6">
        <h2 id="accounts" className="text-lg font-semibold">
          Accounts
        </h2>
        {accounts.length === 0 ? (
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            No accounts: sign-in is off (local mode) or nobody has signed in yet.
          </p>
        ) : (
          <div className="mt-2 overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
            <table className="w-full text-sm">
              <thead>
                <tr>
                  <th className={th}>Person</th>
                  <th className={th}>Status</th>
                  <th className={th}>Actions</th>
                  <th className={th}>Limits (empty: default)</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {accounts.map((a) => (
                  <tr key={a.id}>
                    <td className={`${td} break-all`}>
                      {a.email ?? a.name ?? a.id}
                      {a.isAdmin && (
                        <span className="ml-1 rounded bg-indigo-100 px-1 text-xs text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200">
                          admin
                        </span>
                      )}
                    </td>
                    <td className={td}>
                      <span
                        className={
                          a.status === "pending"
                            ? "font-medium text-amber-700 dark:text-amber-300"
                            : a.status === "disabled"
                              ? "text-red-700 dark:text-red-300"
                              : ""
                        }
                      >
                        {a.status === "pending" ? "waiting for approval" : a.status}
                      </span>
                    </td>
                    <td className={td}>
                      <AccountButtons id={a.id} status={a.status} isAdmin={a.isAdmin} self={a.id === viewer.id} />
                    </td>
                    <td className={td}>
                      <OverrideForm scope="user" id={a.id} label={a.email ?? a.name ?? a.id} current={overrideOf("user", a.id)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="limits" className="mt-8">
        <h2 id="limits" className="text-lg font-semibold">
          Limits
        </h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Instance defaults (from the environment, per person and per API token):{" "}
          {off(d.requestsPerMinute, (n) => `${n} requests a minute`, "no request limit")} ·{" "}
          {off(d.concurrentPanes, (n) => `${n} panes at once`, "no pane limit")} ·{" "}
          {off(d.dailyUsd, (n) => `${usd(n)} a day`, "no daily limit")} ·{" "}
          {off(d.monthlyUsd, (n) => `${usd(n)} a month`, "no monthly limit")}. A person&apos;s override comes first, then their team&apos;s
          for that team&apos;s work; 0 turns a limit off.
        </p>
        <h3 className="mt-4 text-sm font-semibold">Teams</h3>
        {teams.length === 0 ? (
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">No teams.</p>
        ) : (
          <ul className="mt-2 space-y-3">
            {teams.map((t) => (
              <li key={t.id}>
                <p className="text-sm font-medium">{t.name}</p>
                <OverrideForm scope="team" id={t.id} label={t.name} current={overrideOf("team", t.id)} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="usage" className="mt-8">
        <h2 id="usage" className="text-lg font-semibold">
          Usage, last {use.days} days
        </h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Comparison answers, evaluation answers and judge calls that ended, per day.
        </p>
        <UsageTable title="person" rows={use.byPerson} />
        <UsageTable title="team" rows={use.byTeam} />
        <UsageTable title="provider" rows={use.byProvider} />
      </section>
    </main>
  );
}
