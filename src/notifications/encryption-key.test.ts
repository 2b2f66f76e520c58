import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveEncryptionKey } from "./encryption-key.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "vigil-key-"));
  dirs.push(dir);
  return path.join(dir, "data");
}

describe("resolveEncryptionKey", () => {
  it("prefers the configured key and writes nothing", async () => {
    const dir = await dataDir();
    expect(await resolveEncryptionKey("c".repeat(32), dir)).toBe("c".repeat(32));
    await expect(readFile(path.join(dir, "encryption-key"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("generates a key once and returns the same one on the next start", async () => {
    const dir = await dataDir();
    const first = await resolveEncryptionKey(undefined, dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(await readFile(path.join(dir, "encryption-key"), "utf8")).toBe(first);
    expect(await resolveEncryptionKey(undefined, dir)).toBe(first);
  });

  it("gives processes starting together on one data directory the same key", async () => {
    const dir = await dataDir();
    const keys = await Promise.all(Array.from({ length: 8 }, () => resolveEncryptionKey(undefined, dir)));
    expect(new Set(keys).size).toBe(1);
  });
});
