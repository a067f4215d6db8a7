// A statistics worker thread (lib/workers/pool.ts starts it): runs one task per message and
// answers with its value or its error. Bundled by Next (Turbopack follows
// `new Worker(new URL("./stats.worker.ts", import.meta.url))`); under tsx / vitest it is loaded
// as TypeScript through tsx.
import { parentPort } from "node:worker_threads";
import { runTask, type TaskReply, type TaskRequest } from "./tasks";

parentPort!.on("message", (request: TaskRequest) => {
  let reply: TaskReply;
  try {
    reply = { id: request.id, ok: true, value: runTask(request.task, request.args) };
  } catch (error) {
    reply = {
      id: request.id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    };
  }
  parentPort!.postMessage(reply);
});
