import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import type { Cleanup } from "./scratch.js";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * `vigil start` from the sources as a child process with exactly this environment; resolves with its base URL once
 * Fastify says it listens. Killed by the cleanup.
 */
export async function startVigil(
  env: Record<string, string>,
  cleanup: Cleanup,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "start"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  cleanup.add("stop vigil", async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  });
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vigil start was not ready in 60 s:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk;
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`vigil start exited with ${code}:\n${out}`)));
  });
  return { url, child };
}
