/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (NODE_OPTIONS=--require) */
// Preloaded into the app's processes by bench/hot-path.ts (BENCH_HOT_PROFILE): Node 20 refuses
// --cpu-prof in NODE_OPTIONS, so this starts the same V8 sampling profiler through node:inspector
// and, on each SIGUSR2, writes <dir>/<pid>-<n>.cpuprofile (the --cpu-prof format) and starts a
// new one: the bench signals after its warm-up and after its steps, so profile 2 is the measured window.
const inspector = require("node:inspector");
const fs = require("node:fs");
const path = require("node:path");

const dir = process.env.HOT_PATH_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable", () =>
    session.post("Profiler.setSamplingInterval", { interval: 250 }, () => session.post("Profiler.start")),
  );
  let n = 0;
  process.on("SIGUSR2", () => {
    n += 1;
    const file = path.join(dir, `${process.pid}-${n}.cpuprofile`);
    session.post("Profiler.stop", (error, result) => {
      if (!error) fs.writeFileSync(file, JSON.stringify(result.profile));
      session.post("Profiler.start");
    });
  });
}
