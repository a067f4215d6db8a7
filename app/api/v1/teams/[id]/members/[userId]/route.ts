import { z } from "zod";
import { AppError } from "@/lib/errors";
import { endpoint, otherMethods } from "@/lib/http/route";
import { requireTeamPermission } from "@/lib/teams/access";
import { changeRoleSchema, userIdSchema } from "@/lib/teams/schema";
import { changeRole, removeMember } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.string(), userId: z.string() });

// checked after the team (a malformed id from someone who may not manage members is their 403/404)
function memberId(raw: string): string {
  const parsed = userIdSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("not_found", "This person is not a member of this team.");
  return parsed.data;
}

// PATCH /api/v1/teams/<id>/members/<userId>: change a member's role ({"role": "admin"|"member"|"viewer"}; not the owner's)
export const PATCH = endpoint(
  {
    params: paramsSchema,
    authorize: async ({ viewer, params }) => {
      await requireTeamPermission(params.id, viewer, "team:manage_members");
      return { userId: memberId(params.userId) };
    },
    body: changeRoleSchema,
  },
  async ({ viewer, params, access, body }) => Response.json(await changeRole(params.id, access.userId, body.role, viewer)),
);

// DELETE /api/v1/teams/<id>/members/<userId>: remove a member (never the owner); one's own id: leave the team
export const DELETE = endpoint({ params: paramsSchema }, async ({ viewer, params }) =>
  Response.json(await removeMember(params.id, memberId(params.userId), viewer)),
);

export const { GET, POST, PUT, HEAD, OPTIONS } = otherMethods({ PATCH, DELETE });
