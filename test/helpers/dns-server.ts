import dgram from "node:dgram";
import { Resolver } from "node:dns/promises";
import { afterAll } from "vitest";
import type { Lookup } from "../../src/checks/timed-connector.js";

/** The records of one name, by type. TXT records are lists of character-strings, as on the wire. */
export type DnsRecords = {
  A?: string[];
  AAAA?: string[];
  CNAME?: string[];
  MX?: { priority: number; exchange: string }[];
  TXT?: string[][];
  NS?: string[];
};

/** Names (lowercase, no trailing dot) to their records; a plain list means A records. */
export type DnsZone = Record<string, string[] | DnsRecords>;

export type DnsServerOptions = {
  /** Names the server never answers, so a check times out. */
  silent?: string[];
  /** Names answered with this error code instead of their records. */
  failing?: Record<string, "SERVFAIL" | "REFUSED">;
};

const typeCodes = { A: 1, NS: 2, CNAME: 5, MX: 15, TXT: 16, AAAA: 28 } as const;
const rcodes = { NOERROR: 0, NXDOMAIN: 3, SERVFAIL: 2, REFUSED: 5 } as const;

function questionEnd(query: Buffer): number {
  let offset = 12;
  while (offset < query.length && query[offset] !== 0) offset += (query[offset] ?? 0) + 1;
  return offset + 5; // the zero label, then QTYPE and QCLASS
}

function questionName(query: Buffer): string {
  const labels: string[] = [];
  let offset = 12;
  while (offset < query.length && query[offset] !== 0) {
    const length = query[offset] ?? 0;
    labels.push(query.subarray(offset + 1, offset + 1 + length).toString("ascii"));
    offset += length + 1;
  }
  return labels.join(".").toLowerCase();
}

/** A name as labels, uncompressed: simpler than pointers and every resolver reads it. */
function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, "").split(".").filter(Boolean);
  return Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);
}

function ipv6Bytes(address: string): Buffer {
  const [head = "", tail] = address.split("::");
  const groups = (part: string) => part.split(":").filter(Boolean);
  const missing = 8 - groups(head).length - (tail === undefined ? 0 : groups(tail).length);
  const all = [
    ...groups(head),
    ...Array<string>(tail === undefined ? 0 : missing).fill("0"),
    ...groups(tail ?? ""),
  ];
  const bytes = Buffer.alloc(16);
  for (const [i, group] of all.entries()) bytes.writeUInt16BE(Number.parseInt(group, 16), i * 2);
  return bytes;
}

/** The record data of every record of the asked type, encoded. */
function recordData(records: DnsRecords, qtype: number): Buffer[] {
  switch (qtype) {
    case typeCodes.A:
      return (records.A ?? []).map((a) => Buffer.from(a.split(".").map(Number)));
    case typeCodes.AAAA:
      return (records.AAAA ?? []).map(ipv6Bytes);
    case typeCodes.CNAME:
      return (records.CNAME ?? []).map(encodeName);
    case typeCodes.NS:
      return (records.NS ?? []).map(encodeName);
    case typeCodes.MX:
      return (records.MX ?? []).map(({ priority, exchange }) => {
        const preference = Buffer.alloc(2);
        preference.writeUInt16BE(priority);
        return Buffer.concat([preference, encodeName(exchange)]);
      });
    case typeCodes.TXT:
      return (records.TXT ?? []).map((chunks) =>
        Buffer.concat(
          chunks.map((c) => Buffer.concat([Buffer.from([Buffer.byteLength(c)]), Buffer.from(c)])),
        ),
      );
    default:
      return [];
  }
}

function answerRecord(qtype: number, data: Buffer): Buffer {
  const fixed = Buffer.alloc(12);
  fixed.writeUInt16BE(0xc00c, 0); // the owner name: a pointer to the name in the question
  fixed.writeUInt16BE(qtype, 2);
  fixed.writeUInt16BE(1, 4); // IN
  fixed.writeUInt32BE(60, 6);
  fixed.writeUInt16BE(data.length, 10);
  return Buffer.concat([fixed, data]);
}

/**
 * A tiny authoritative DNS server on 127.0.0.1 answering A, AAAA, CNAME, MX, TXT and NS queries from a table, so a
 * test controls what a name resolves to (a private address, say) without touching the machine's resolver. Unknown
 * names get NXDOMAIN; a known name without records of the asked type gets an empty answer (NODATA).
 */
export async function startDnsServer(zone: DnsZone, options: DnsServerOptions = {}) {
  const socket = dgram.createSocket("udp4");
  let queries = 0;
  socket.on("message", (query, peer) => {
    queries++;
    const name = questionName(query);
    if (options.silent?.includes(name)) return;
    const end = questionEnd(query);
    const qtype = query.readUInt16BE(end - 4);
    const entry = zone[name];
    const records = Array.isArray(entry) ? { A: entry } : entry;
    const failure = options.failing?.[name];
    const rcode = failure ? rcodes[failure] : records ? rcodes.NOERROR : rcodes.NXDOMAIN;
    const answers = records && !failure ? recordData(records, qtype) : [];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(0x8180 | rcode, 2); // a response, recursion desired and available
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const answerRecords = answers.map((data) => answerRecord(qtype, data));
    socket.send(Buffer.concat([header, query.subarray(12, end), ...answerRecords]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  afterAll(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  const server = `127.0.0.1:${socket.address().port}`;
  const resolver = new Resolver({ timeout: 1_000, tries: 1 });
  resolver.setServers([server]);
  /** A lookup for checks that asks this server instead of the system resolver. */
  const lookup: Lookup = async (hostname) =>
    (await resolver.resolve4(hostname)).map((address) => ({ address, family: 4 }));
  // queries(): how many arrived so far, answered or not, so a test can tell the server was never asked.
  return { server, lookup, queries: () => queries };
}
