// The route handler wrapper (lib/http/route.ts): order of checks, the body limit counted while the
// body arrives, the one error envelope, and 405 for methods a route does not have.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";

const auth = vi.hoisted(() => ({ viewer: null as null | { id: string }, calls: 0 }));
vi.mock("@/lib/auth/viewer", () => ({
  requireViewer: async () => {
    auth.calls++;
    if (!auth.viewer) throw new AppError("unauthorized", "Sign in.");
    return auth.viewer;
  },
}));

const { endpoint, otherMethods } = await import("@/lib/http/route");
const { readBodyBytes, MAX_BODY_BYTES } = await import("@/lib/http");

beforeEach(() => {
  auth.viewer = { id: "alice" };
  auth.calls = 0;
});

type Envelope = { error: { code: string; message: string; field: string | null } };
async function envelope(res: Response): Promise<Envelope["error"]> {
  const json = (await res.json()) as Envelope;
  expect(Object.keys(json)).toEqual(["error"]);
  expect(Object.keys(json.error).sort()).toEqual(["code", "field", "message"]);
  return json.error;
}

/** A chunked body (no content-length) of `total` bytes in `chunk`-byte pieces that counts what was pulled from it. */
function countingBody(total: number, chunk = 64 * 1024) {
  const counter = { pulled: 0, cancelled: false };
  const piece = new Uint8Array(chunk).fill(0x20); // spaces: valid JSON whitespace, so only the size can fail
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (counter.pulled >= total) return controller.close();
        const n = Math.min(chunk, total - counter.pulled);
        counter.pulled += n;
        controller.enqueue(n === chunk ? piece : piece.slice(0, n));
      },
      cancel() {
        counter.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, counter };
}

const post = (body: BodyInit | null, init: RequestInit = {}) =>
  new Request("http://127.0.0.1/api/x", {
    method: "POST",
    body,
    ...init,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);

describe("the body limit", () => {
  const route = endpoint({ body: z.object({ a: z.number() }) }, ({ body }) => Response.json(body));

  it("cuts a chunked body with no content-length at the limit: 413, and stops pulling near it", async () => {
    const { stream, counter } = countingBody(50_000_000);
    const res = await route(post(stream));
    expect(res.status).toBe(413);
    expect(await envelope(res)).toMatchObject({ code: "payload_too_large", message: "The request body is larger than 1 MB.", field: null });
    expect(counter.pulled).toBeGreaterThan(MAX_BODY_BYTES);
    expect(counter.pulled).toBeLessThan(MAX_BODY_BYTES + 4 * 64 * 1024);
    // and nothing more is pulled afterwards (the stream is not cancelled: see readBodyBytes)
    const after = counter.pulled;
    await new Promise((r) => setTimeout(r, 50));
    expect(counter.pulled).toBe(after);
  });

  it("refuses a declared content-length over the limit before reading anything", async () => {
    const { stream, counter } = countingBody(2_000_000);
    const res = await route(post(stream, { headers: { "content-length": "2000000" } }));
    expect(res.status).toBe(413);
    expect(counter.pulled).toBe(0);
  });

  it("takes a chunked body up to the limit, and a route's own limit", async () => {
    const json = JSON.stringify({ a: 1 });
    const { stream } = countingBody(MAX_BODY_BYTES - json.length);
    const padded = stream.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(json));
        },
      }),
    );
    const res = await route(post(padded));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ a: 1 });

    const small = endpoint({ body: z.object({}), maxBytes: 10 }, () => new Response(null, { status: 204 }));
    expect((await small(post("{}          "))).status).toBe(413);
    expect((await small(post("{}        "))).status).toBe(204);
  });

  it("readBodyBytes takes its own error (e.g. a file field's 413)", async () => {
    const tooLarge = () => new AppError("payload_too_large", "The file is too large.", "file");
    await expect(readBodyBytes(post("x".repeat(20)), 10, tooLarge)).rejects.toMatchObject({ code: "payload_too_large", field: "file" });
    expect(new TextDecoder().decode(await readBodyBytes(post("héllo"), 10))).toBe("héllo");
  });
});

describe("parsing", () => {
  const route = endpoint(
    {
      params: z.object({ id: z.string().regex(/^\w+$/, "No such thing.") }),
      query: z.object({ limit: z.coerce.number().int().max(10).default(5) }).strict(),
      body: z.object({ title: z.string().min(1, "Enter a title.") }).strict(),
    },
    ({ viewer, params, query, body }) => Response.json({ viewer: viewer.id, params, query, body }),
  );
  const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

  it("gives the handler typed params, query and body", async () => {
    const res = await route(post(JSON.stringify({ title: "t" }), { headers: {} }), ctx("abc"));
    expect(await res.json()).toEqual({ viewer: "alice", params: { id: "abc" }, query: { limit: 5 }, body: { title: "t" } });
    const withQuery = await route(new Request("http://127.0.0.1/api/x?limit=3", { method: "POST", body: '{"title":"t"}' }), ctx("abc"));
    expect(((await withQuery.json()) as { query: unknown }).query).toEqual({ limit: 3 });
  });

  it("invalid JSON is 400 invalid_json; no body is {}", async () => {
    const bad = await route(post("{not json"), ctx("abc"));
    expect(bad.status).toBe(400);
    expect(await envelope(bad)).toMatchObject({ code: "invalid_json", field: null });
    const none = await route(post(null), ctx("abc"));
    expect(none.status).toBe(400);
    expect(await envelope(none)).toMatchObject({ code: "validation", field: "title" });
  });

  it("a zod failure is 400 validation naming the field", async () => {
    const res = await route(post(JSON.stringify({ title: "" })), ctx("abc"));
    expect(res.status).toBe(400);
    expect(await envelope(res)).toEqual({ code: "validation", message: "Enter a title.", field: "title" });
    const query = await route(new Request("http://127.0.0.1/api/x?limit=99", { method: "POST", body: '{"title":"t"}' }), ctx("abc"));
    expect(query.status).toBe(400);
    expect((await envelope(query)).field).toBe("limit");
  });

  it("a malformed route param is 404 with the schema's message", async () => {
    const res = await route(post('{"title":"t"}'), ctx("../etc"));
    expect(res.status).toBe(404);
    expect(await envelope(res)).toEqual({ code: "not_found", message: "No such thing.", field: "id" });
  });

  it("runs in a fixed order: 401, then params, then query, then the access check, then the body", async () => {
    const seen: string[] = [];
    const { stream, counter } = countingBody(10);
    const guarded = endpoint(
      {
        params: z.object({ id: z.string() }),
        authorize: ({ params }) => {
          seen.push(`authorize ${params.id}`);
          if (params.id !== "mine") throw new AppError("not_found", "This comparison does not exist.");
          return { id: params.id, canWrite: true };
        },
        body: z.object({ title: z.string() }),
      },
      ({ access }) => Response.json(access),
    );
    // an outsider gets 404 whatever they send, and their body is never read
    const outsider = await guarded(post(stream), ctx("theirs"));
    expect(outsider.status).toBe(404);
    expect(counter.pulled).toBe(0);
    const owner = await guarded(post('{"title":"t"}'), ctx("mine"));
    expect(await owner.json()).toEqual({ id: "mine", canWrite: true });
    // anonymous: 401 before anything else is looked at
    auth.viewer = null;
    const anonymous = await guarded(post("{not json"), ctx("theirs"));
    expect(anonymous.status).toBe(401);
    expect((await envelope(anonymous)).code).toBe("unauthorized");
    expect(seen).toEqual(["authorize theirs", "authorize mine"]);
  });
});

describe("authentication and errors", () => {
  it("401 in the envelope without a viewer where sign-in is required", async () => {
    auth.viewer = null;
    const res = await endpoint({}, () => new Response("secret"))();
    expect(res.status).toBe(401);
    expect(await envelope(res)).toMatchObject({ code: "unauthorized", field: null });
  });

  it("a public route (auth: none) never asks who is calling", async () => {
    auth.viewer = null;
    const res = await endpoint({ auth: "none" }, ({ viewer }) => Response.json({ viewer }))();
    expect(await res.json()).toEqual({ viewer: null });
    expect(auth.calls).toBe(0);
  });

  it("an unexpected error is 500 with a safe message (the details go to the log)", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await endpoint({}, () => {
      throw new Error("connection string postgres://secret");
    })();
    expect(res.status).toBe(500);
    const error = await envelope(res);
    expect(error.code).toBe("internal");
    expect(error.message).not.toContain("secret");
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});

describe("methods a route does not have", () => {
  const GET = endpoint({}, () => Response.json({ ok: true }));
  const DELETE = endpoint({}, () => new Response(null, { status: 204 }));
  const others = otherMethods({ GET, DELETE });

  it("405 with the envelope and Allow, without sign-in", async () => {
    auth.viewer = null;
    for (const method of ["POST", "PUT", "PATCH"] as const) {
      const res = await others[method](new Request("http://127.0.0.1/api/x", { method }));
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("DELETE, GET, HEAD, OPTIONS");
      expect(await envelope(res)).toEqual({
        code: "method_not_allowed",
        message: `${method} is not supported here. Allowed: DELETE, GET, HEAD, OPTIONS.`,
        field: null,
      });
    }
    expect(auth.calls).toBe(0);
  });

  it("HEAD is the GET handler (as Next does) and OPTIONS is 204 with Allow", async () => {
    expect(others.HEAD).toBe(GET);
    const options = await others.OPTIONS();
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("DELETE, GET, HEAD, OPTIONS");
    const postOnly = otherMethods({ POST: DELETE });
    expect((await postOnly.HEAD()).status).toBe(405);
    expect((await postOnly.HEAD()).headers.get("allow")).toBe("OPTIONS, POST");
  });

  it("with params, a URL that does not exist is 404 first, whatever the method", async () => {
    const params = z.object({ action: z.enum(["run", "pause"], { error: "No such action." }) });
    const withParams = otherMethods({ POST: DELETE }, { params });
    const ctx = (action: string) => ({ params: Promise.resolve({ action }) });
    expect((await withParams.GET(undefined, ctx("run"))).status).toBe(405);
    const unknown = await withParams.GET(undefined, ctx("launch"));
    expect(unknown.status).toBe(404);
    expect(await envelope(unknown)).toEqual({ code: "not_found", message: "No such action.", field: "action" });
    expect((await withParams.OPTIONS(undefined, ctx("launch"))).status).toBe(404);
  });
});
