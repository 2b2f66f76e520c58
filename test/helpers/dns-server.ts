import dgram from "node:dgram";
import { Resolver } from "node:dns/promises";
import { afterAll } from "vitest";
import type { Lookup } from "../../src/checks/timed-connector.js";

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

/**
 * A tiny authoritative DNS server on 127.0.0.1 answering A queries from a table, so a test controls what a name
 * resolves to (a private address, say) without touching the machine's resolver. Unknown names get NXDOMAIN.
 */
export async function startDnsServer(records: Record<string, string[]>) {
  const socket = dgram.createSocket("udp4");
  socket.on("message", (query, peer) => {
    const end = questionEnd(query);
    const qtype = query.readUInt16BE(end - 4);
    const addresses = records[questionName(query)];
    const answers = qtype === 1 ? (addresses ?? []) : [];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(addresses ? 0x8180 : 0x8183, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const answerRecords = answers.map((address) => {
      const answer = Buffer.alloc(16);
      answer.writeUInt16BE(0xc00c, 0); // pointer to the name in the question
      answer.writeUInt16BE(1, 2); // A
      answer.writeUInt16BE(1, 4); // IN
      answer.writeUInt32BE(60, 6);
      answer.writeUInt16BE(4, 10);
      for (const [i, octet] of address.split(".").entries()) answer.writeUInt8(Number(octet), 12 + i);
      return answer;
    });
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
  return { server, lookup };
}
