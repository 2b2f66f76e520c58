import net from "node:net";

/**
 * The SSRF guard: addresses a check may not reach unless ALLOW_PRIVATE_TARGETS=true. It is applied to every address
 * a name resolves to, at connect time and on every redirect hop, so neither a redirect nor DNS rebinding gets past.
 */
const ranges: [kind: string, family: "ipv4" | "ipv6", network: string, prefix: number][] = [
  ["unspecified", "ipv4", "0.0.0.0", 8],
  ["private", "ipv4", "10.0.0.0", 8],
  ["CGNAT", "ipv4", "100.64.0.0", 10],
  ["loopback", "ipv4", "127.0.0.0", 8],
  ["link-local (cloud metadata)", "ipv4", "169.254.0.0", 16],
  ["private", "ipv4", "172.16.0.0", 12],
  ["reserved", "ipv4", "192.0.0.0", 24],
  ["private", "ipv4", "192.168.0.0", 16],
  ["benchmarking", "ipv4", "198.18.0.0", 15],
  ["multicast", "ipv4", "224.0.0.0", 4],
  ["reserved", "ipv4", "240.0.0.0", 4],
  ["unspecified", "ipv6", "::", 128],
  ["loopback", "ipv6", "::1", 128],
  ["private", "ipv6", "fc00::", 7],
  ["link-local", "ipv6", "fe80::", 10],
  ["multicast", "ipv6", "ff00::", 8],
];

const lists = ranges.map(([kind, family, network, prefix]) => {
  const list = new net.BlockList();
  list.addSubnet(network, prefix, family);
  return { kind, family, list };
});

/** IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96): judged by that address. */
function embeddedIpv4(address: string): string | undefined {
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex?.[1] || !hex[2]) return undefined;
  const high = Number.parseInt(hex[1], 16);
  const low = Number.parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** The kind of blocked range the address is in ("private", "loopback", ...), or undefined when it may be checked. */
export function blockedRange(address: string): string | undefined {
  const family = net.isIP(address);
  if (family === 0) return undefined;
  const v4 = family === 6 ? embeddedIpv4(address) : address;
  if (v4) return lists.find((l) => l.family === "ipv4" && l.list.check(v4, "ipv4"))?.kind;
  return lists.find((l) => l.family === "ipv6" && l.list.check(address, "ipv6"))?.kind;
}

export class BlockedTargetError extends Error {
  constructor(address: string, kind: string) {
    super(
      `Target address ${address} is ${kind}: checks of private and internal addresses are off (set ALLOW_PRIVATE_TARGETS=true to allow them)`,
    );
  }
}

export type TargetPolicy = {
  /** ALLOW_PRIVATE_TARGETS: lifts the guard entirely (self-hosted installs watching a LAN). */
  allowPrivateTargets?: boolean;
  /** ALLOWED_PRIVATE_NETWORKS: CIDRs let through while the guard stays on for everything else. */
  allowedPrivateNetworks?: string[];
};

/** Parses "a.b.c.d/n" or "x::y/n"; undefined when it is not a CIDR. */
export function parseCidr(
  cidr: string,
): { network: string; prefix: number; family: "ipv4" | "ipv6" } | undefined {
  const [network = "", prefixText] = cidr.trim().split("/");
  const version = net.isIP(network);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  return { network, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** The connector hook for a policy: refuses a blocked address before it is dialled; undefined when all is allowed. */
export function addressGuard(policy: TargetPolicy): ((address: string) => void) | undefined {
  if (policy.allowPrivateTargets) return undefined;
  const allowed = new net.BlockList();
  for (const cidr of policy.allowedPrivateNetworks ?? []) {
    const parsed = parseCidr(cidr);
    if (parsed) allowed.addSubnet(parsed.network, parsed.prefix, parsed.family);
  }
  return (address) => {
    const kind = blockedRange(address);
    if (kind && !allowed.check(address, net.isIP(address) === 6 ? "ipv6" : "ipv4")) {
      throw new BlockedTargetError(address, kind);
    }
  };
}

/**
 * An early, friendlier refusal at the API for URLs whose host is a blocked IP literal or localhost. Names are
 * resolved only at check time (their addresses may change), where the connector applies the same guard.
 */
export function urlTargetError(url: string, policy: TargetPolicy): string | undefined {
  const guard = addressGuard(policy);
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  const address = host === "localhost" || host.endsWith(".localhost") ? "127.0.0.1" : host;
  try {
    guard?.(address);
    return undefined;
  } catch (err) {
    if (err instanceof BlockedTargetError) return err.message;
    throw err;
  }
}
