import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

const minLength = 32;

async function readSecret(file: string): Promise<string | undefined> {
  try {
    const existing = (await readFile(file, "utf8")).trim();
    return existing.length >= minLength ? existing : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/**
 * The configured secret, or outside production one generated on first start and kept in `dataDir/fileName`, so a
 * local install works without anyone inventing secrets and keeps them across restarts.
 */
export async function resolvePersistedSecret(
  configured: string | undefined,
  dataDir: string,
  fileName: string,
): Promise<string> {
  if (configured) return configured;
  const file = path.resolve(dataDir, fileName);
  const existing = await readSecret(file);
  if (existing) return existing;
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  // Written whole under a temporary name, then linked into place, which fails if the file exists: two processes
  // starting on one data directory end up with the same secret, and neither ever reads a half-written file.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(temporary, secret, { mode: 0o600 });
  try {
    await link(temporary, file);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    const winner = await readSecret(file);
    if (winner) return winner;
    // A file too short to be a secret (truncated, hand-edited) is replaced.
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  } finally {
    await rm(temporary, { force: true });
  }
}
