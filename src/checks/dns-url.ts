import { isIP } from "node:net";

export const dnsRecordTypes = ["A", "AAAA", "CNAME", "MX", "TXT", "NS"] as const;
export type DnsRecordType = (typeof dnsRecordTypes)[number];

/** What a dns monitor asks: a name, a record type, and the resolver to ask (null: the system's resolvers). */
export type DnsQuery = {
  name: string;
  recordType: DnsRecordType;
  resolver: { host: string; port: number } | null;
};

// Letters, digits, hyphens and underscores (SRV/DKIM-style names like _dmarc.example.com), 63 per label.
const label = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;

/**
 * Parses a dns monitor's url, in the DNS URI form of RFC 4501: `dns:example.com?type=MX` asks the system's
 * resolvers, `dns://9.9.9.9/example.com?type=A` (or `dns://[2620:fe::fe]:53/...`) asks that resolver. The type
 * defaults to A. Returns a message naming the problem when the url is not one.
 */
export function parseDnsUrl(value: string): DnsQuery | string {
  const format = "dns monitors need a url like dns:example.com?type=A or dns://9.9.9.9/example.com?type=MX";
  if (!URL.canParse(value)) return format;
  const url = new URL(value);
  if (url.protocol !== "dns:") return format;
  const name = percentDecoded(url.pathname.replace(/^\//, "")).replace(/\.$/, "");
  if (name.length === 0 || name.length > 253 || !name.split(".").every((l) => label.test(l))) {
    return `${format} (the name "${name}" is not a valid domain name)`;
  }
  let recordType: DnsRecordType = "A";
  // RFC 4501 separates query parameters with ";"; "&" is accepted too, as people type it.
  for (const param of url.search.replace(/^\?/, "").split(/[;&]/).filter(Boolean)) {
    const [key = "", val = ""] = param.split("=");
    if (key.toLowerCase() === "class" && val.toUpperCase() === "IN") continue;
    const type = val.toUpperCase();
    if (key.toLowerCase() !== "type" || !(dnsRecordTypes as readonly string[]).includes(type)) {
      return `${format}; the query may only say type=${dnsRecordTypes.join("|")}`;
    }
    recordType = type as DnsRecordType;
  }
  if (url.hostname === "") return { name, recordType, resolver: null };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // The resolver is dialled directly (no lookup of its own name), so it must be an address.
  if (isIP(host) === 0) return `${format}; the resolver must be an IP address, not "${host}"`;
  // Port 0 is no resolver, and Node's setServers aborts the whole process on it.
  if (url.port === "0") return `${format}; the resolver port must be 1-65535`;
  return { name, recordType, resolver: { host, port: url.port ? Number(url.port) : 53 } };
}

/** Percent-decoding that leaves a malformed escape as it is: the label check then rejects its "%". */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // URIError: not valid percent-encoding, which is a bad name rather than a reason to throw.
    return text;
  }
}
