import { afterEach, describe, expect, it, vi } from "vitest";
import { callAction, callApi, offlineMessage, sendJson } from "@/lib/client/call-server";

afterEach(() => vi.unstubAllGlobals());

describe("callAction", () => {
  it("passes a server action's result through", async () => {
    expect(await callAction(Promise.resolve({ ok: true as const, data: 1 }))).toEqual({ ok: true, data: 1 });
    const failed = { ok: false as const, error: { code: "forbidden", message: "No.", field: null } };
    expect(await callAction(Promise.resolve(failed))).toEqual(failed);
  });

  it("a call that never reached the server is an error with a sentence saying so", async () => {
    const result = await callAction(Promise.reject(new TypeError("Failed to fetch")), "save your vote");
    expect(result).toEqual({
      ok: false,
      error: {
        code: "offline",
        message: "Could not reach the server to save your vote. Check that Juxta is still running, then try again.",
        field: null,
      },
    });
    expect(offlineMessage()).toBe("Could not reach the server. Check that Juxta is still running, then try again.");
  });
});

describe("callApi", () => {
  const answer = (status: number, body?: unknown) =>
    vi.fn(async () => new Response(body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body), { status }));

  it("2xx: the JSON body as data; 204: null", async () => {
    vi.stubGlobal("fetch", answer(200, { id: "x" }));
    expect(await callApi("/api/v1/x")).toEqual({ ok: true, status: 200, data: { id: "x" } });
    vi.stubGlobal("fetch", answer(204));
    expect(await callApi("/api/v1/x", { method: "DELETE" })).toEqual({ ok: true, status: 204, data: null });
  });

  it("an error envelope: its error, and the whole body for routes that say more", async () => {
    const body = {
      error: { code: "bad_request", message: "The file has 2 problems.", field: "file" },
      errors: [{ line: 2, message: "x" }],
    };
    vi.stubGlobal("fetch", answer(400, body));
    expect(await callApi("/api/v1/evals/import")).toEqual({ ok: false, status: 400, error: body.error, body });
  });

  it("a non-JSON failure names the status; an unreachable server says so", async () => {
    vi.stubGlobal("fetch", answer(502, "<html>Bad gateway</html>"));
    expect(await callApi("/x")).toMatchObject({
      ok: false,
      status: 502,
      error: { code: "http", message: "The server answered HTTP 502.", field: null },
    });
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))),
    );
    expect(await callApi("/x", undefined, "read the file")).toMatchObject({
      ok: false,
      status: null,
      error: { code: "offline", message: offlineMessage("read the file") },
    });
  });

  it("sendJson sends a JSON body", async () => {
    const fetch = answer(201, { id: "s" });
    vi.stubGlobal("fetch", fetch);
    await sendJson("/api/v1/evals", "POST", { a: 1 });
    expect(fetch).toHaveBeenCalledWith("/api/v1/evals", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
    });
  });
});
