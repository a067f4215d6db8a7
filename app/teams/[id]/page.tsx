import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { DangerZone } from "@/components/teams/danger-zone";
import { InvitePanel } from "@/components/teams/invite-panel";
import { MembersTable } from "@/components/teams/members-table";
import { ROLE_HELP, ROLE_TONES } from "@/components/teams/roles";
import { TeamName } from "@/components/teams/team-name";
import { Badge } from "@/components/ui/badge";
import { requirePageViewer } from "@/lib/auth/viewer";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { formatCount } from "@/lib/format";
import { mailConfigured } from "@/lib/teams/mail";
import { ROLE_LABELS } from "@/lib/teams/permissions";
import { loadTeamPage } from "@/lib/teams/service";

// A team the viewer is not in is "not found", exactly like one that does not exist.
const load = cache(async (id: string) => {
  const viewer = await requirePageViewer(`/teams/${encodeURIComponent(id)}`);
  const page = await loadTeamPage(id, viewer).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  });
  return page ? { viewer, ...page } : null;
});

export async function generateMetadata({ params }: PageProps<"/teams/[id]">): Promise<Metadata> {
  const loaded = await load((await params).id);
  return { title: loaded?.team.name ?? "Not found" };
}

// GET /teams/<id>: members and roles, invitations, and leave / transfer / delete, as the viewer's role allows
export default async function TeamPage({ params }: PageProps<"/teams/[id]">) {
  await connection();
  const loaded = await load((await params).id);
  if (!loaded) notFound();
  const { viewer, team, members, invites, contents } = loaded;
  const { comparisons, sessions } = contents;
  const may = new Set(team.permissions);
  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-6 sm:px-6">
      <p className="mb-1 text-xs">
        <Link href="/teams" className="text-zinc-500 underline-offset-2 hover:underline dark:text-zinc-400">
          Teams
        </Link>
      </p>
      <TeamName teamId={team.id} name={team.name} canRename={may.has("team:rename")} />
      <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
        <span>Your role</span>
        <Badge tone={ROLE_TONES[team.role]}>{ROLE_LABELS[team.role]}</Badge>
        <span>— {ROLE_HELP[team.role]}.</span>
      </p>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        <Link
          href={`/history?team=${team.id}`}
          className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
        >
          {comparisons === 1 ? "1 comparison" : `${formatCount(comparisons)} comparisons`}
        </Link>
        {" · "}
        <Link href="/evals" className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
          {sessions === 1 ? "1 evaluation session" : `${formatCount(sessions)} evaluation sessions`}
        </Link>
        {" · "}
        <Link
          href={`/leaderboard?team=${team.id}`}
          className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
        >
          leaderboard
        </Link>
      </p>

      <MembersTable teamId={team.id} members={members} viewerId={viewer.id} canManage={may.has("team:manage_members")} />

      {may.has("team:invite") ? (
        <InvitePanel teamId={team.id} invites={invites} mailReady={mailConfigured(getEnv())} local={viewer.local} />
      ) : null}

      <DangerZone
        teamId={team.id}
        teamName={team.name}
        role={team.role}
        viewerId={viewer.id}
        members={members.map((m) => ({ userId: m.userId, label: m.name ?? m.email ?? m.userId, role: m.role }))}
        contents={{ comparisons, sessions }}
      />
    </main>
  );
}
