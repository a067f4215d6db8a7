// What each role means, in words, for the team pages (the rules are lib/teams/permissions.ts).
import type { TeamRole } from "@/lib/generated/prisma/enums";

export const ROLE_HELP: Record<TeamRole, string> = {
  owner: "everything, including deleting the team and transferring ownership",
  admin: "invites people, changes roles, removes members, renames the team; plus what members do",
  member: "makes team comparisons, creates, runs and rates evaluation sessions",
  viewer: "reads the team's comparisons and evaluation results",
};

export const ROLE_TONES: Record<TeamRole, "indigo" | "green" | "neutral" | "amber"> = {
  owner: "indigo",
  admin: "green",
  member: "neutral",
  viewer: "amber",
};
