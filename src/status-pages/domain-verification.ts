import { randomBytes } from "node:crypto";
import { Resolver } from "node:dns/promises";
import { AppError } from "../http/errors.js";

/** Where the owner of a custom domain puts the challenge, and what it must say. */
export const challengeRecord = (domain: string) => `_vigil-challenge.${domain}`;
export const challengeValue = (token: string) => `vigil-verify=${token}`;
export const newDomainToken = () => randomBytes(18).toString("base64url");

/** The TXT records of a name, each record's strings joined; [] when the name or its TXT records do not exist. */
export type TxtLookup = (name: string) => Promise<string[]>;

const missing = new Set(["ENOTFOUND", "ENODATA"]);

/**
 * Asks `servers` (host or host:port; the machine's resolvers when absent) directly, not through the OS cache, so a
 * record the user has just added is seen as soon as the authoritative servers have it.
 */
export function createTxtLookup(servers?: string[]): TxtLookup {
  const resolver = new Resolver({ timeout: 3_000, tries: 2 });
  if (servers && servers.length > 0) resolver.setServers(servers);
  return async (name) => {
    try {
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""));
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code === "string" && missing.has(code)) return [];
      throw new AppError(
        "service_unavailable",
        `The DNS lookup of ${name} failed (${typeof code === "string" ? code : "error"}): try again shortly`,
      );
    }
  };
}

/** Throws a 400 naming the record and the value it must hold unless one of its TXT records holds it. */
export async function checkChallenge(lookup: TxtLookup, domain: string, token: string): Promise<void> {
  const record = challengeRecord(domain);
  const value = challengeValue(token);
  const found = await lookup(record);
  if (found.includes(value)) return;
  const message =
    found.length === 0
      ? `No TXT record found at ${record}: add one holding ${value} and try again (DNS changes can take a while to spread)`
      : `The TXT records at ${record} do not hold ${value}`;
  throw new AppError("bad_request", message, { record, expected: value, found: found.slice(0, 10) });
}
