import { lookup } from "node:dns/promises";
import net from "node:net";
import tls from "node:tls";
import type { buildConnector } from "undici";

/**
 * Called with every resolved address before any connection is opened; throwing refuses the connection.
 * This is where an SSRF guard plugs in: it sees the addresses actually dialled, not the hostname.
 */
export type BeforeConnectHook = (address: string, family: number) => void;

/** Connection phase durations in ms; null when the phase did not happen (IP literal, plain http). */
export interface ConnectTimings {
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
}

/** Resolves a host name to every address it has. */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>;

export interface TimedConnectorOptions {
  lookup?: Lookup | undefined;
  /** Accept any certificate (expired, self-signed, wrong name): the monitor's "ignore TLS errors" option. */
  ignoreTlsErrors?: boolean | undefined;
  /**
   * CA certificates (PEM) trusted besides Node's bundled roots, e.g. an internal CA. When given, this list replaces
   * Node's default store, so NODE_EXTRA_CA_CERTS (the way operators add a CA) does not apply to the connection.
   * Pass the same, unchanged array to every check: the TLS context built from it is cached per array.
   */
  trustedCa?: string[] | undefined;
  /** Aborts a pending lookup, connect or handshake; the socket is destroyed. */
  signal?: AbortSignal;
  beforeConnect?: BeforeConnectHook;
}

/** Who answered: the address dialled and, over TLS, the certificate it presented. */
export interface PeerInfo {
  remoteAddress: string | null;
  certificate: CertificateInfo | null;
  /** Whether the certificate chain was trusted; false when ignoreTlsErrors let an invalid one through; null on http. */
  certificateTrusted: boolean | null;
}

export interface TimedConnector {
  /** Pass as undici's `connect` option. */
  connect: buildConnector.connector;
  /** Filled in as phases complete; read after the request has its response. */
  timings: ConnectTimings;
  peer: PeerInfo;
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** The hostname did not resolve; carries the resolver's code (ENOTFOUND, EAI_AGAIN...). */
export class DnsLookupError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly hostname: string,
    cause: unknown,
  ) {
    super(`DNS lookup failed for ${hostname}`, { cause });
    this.name = "DnsLookupError";
    this.code = errorCode(cause);
  }
}

/** The TLS handshake failed (untrusted or expired certificate, wrong name, protocol mismatch). */
export class TlsHandshakeError extends Error {
  // Keeps the original code: undici treats ERR_TLS_CERT_ALTNAME_INVALID specially when failing requests.
  readonly code: string | undefined;
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "TlsHandshakeError";
    this.code = errorCode(cause);
  }
}

/**
 * An undici connector that resolves, connects and handshakes itself so each phase can be timed.
 * Make one per connection: the timings object belongs to that connection.
 */
export function createTimedConnector(options: TimedConnectorOptions = {}): TimedConnector {
  const timings: ConnectTimings = { dnsMs: null, connectMs: null, tlsMs: null };
  const peer: PeerInfo = { remoteAddress: null, certificate: null, certificateTrusted: null };
  const connect: buildConnector.connector = (opts, callback) => {
    establish(opts, options, timings, peer).then(
      (socket) => callback(null, socket),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), null),
    );
  };
  return { connect, timings, peer };
}

async function establish(
  opts: buildConnector.Options,
  { signal, beforeConnect, lookup, ignoreTlsErrors, trustedCa }: TimedConnectorOptions,
  timings: ConnectTimings,
  peer: PeerInfo,
): Promise<net.Socket> {
  // undici already strips the brackets from IPv6 literals.
  const { hostname } = opts;
  const secure = opts.protocol === "https:";
  const port = opts.port ? Number(opts.port) : secure ? 443 : 80;

  const dnsStartedAt = performance.now();
  const addresses = await resolveAddresses(hostname, lookup);
  if (!net.isIP(hostname)) timings.dnsMs = performance.now() - dnsStartedAt;
  signal?.throwIfAborted();
  // Every address is vetted before any is dialled, so a guard cannot be bypassed by a fallback address.
  for (const { address, family } of addresses) beforeConnect?.(address, family);

  const connectStartedAt = performance.now();
  const socket = await connectFirst(addresses, port, signal);
  timings.connectMs = performance.now() - connectStartedAt;
  peer.remoteAddress = socket.remoteAddress ?? null;
  socket.setNoDelay(true);
  if (!secure) return socket;

  // Built before the handshake is timed, so tlsMs stays the handshake alone.
  const secureContext = trustedCa ? secureContextTrusting(trustedCa) : undefined;
  const tlsStartedAt = performance.now();
  // SNI must be a name, never an IP; certificate identity is still checked against `host`.
  const servername = opts.servername || (net.isIP(hostname) ? undefined : hostname);
  const tlsSocket = tls.connect({
    socket,
    host: hostname,
    servername,
    ALPNProtocols: ["http/1.1"],
    rejectUnauthorized: !ignoreTlsErrors,
    // Left out unless trustedCa is given, so by default Node's own store (with NODE_EXTRA_CA_CERTS) applies.
    ...(secureContext ? { secureContext } : {}),
  });
  try {
    await whenReady(tlsSocket, "secureConnect", signal);
  } catch (err) {
    socket.destroy();
    throw signal?.aborted ? err : new TlsHandshakeError(err);
  }
  timings.tlsMs = performance.now() - tlsStartedAt;
  peer.certificate = certificateInfo(tlsSocket.getPeerCertificate());
  peer.certificateTrusted = tlsSocket.authorized;
  return tlsSocket;
}

/** One context per trustedCa array: building one parses every root certificate, ~20 ms of CPU each time. */
const trustingContexts = new WeakMap<string[], tls.SecureContext>();

function secureContextTrusting(trustedCa: string[]): tls.SecureContext {
  let context = trustingContexts.get(trustedCa);
  if (context === undefined) {
    context = tls.createSecureContext({ ca: [...tls.rootCertificates, ...trustedCa] });
    trustingContexts.set(trustedCa, context);
  }
  return context;
}

/** A plain TCP connection with the same resolution, guard and timing as an HTTP hop (the tcp monitor type). */
export async function connectTimed(
  target: { hostname: string; port: number },
  options: TimedConnectorOptions,
): Promise<{ socket: net.Socket; timings: ConnectTimings; peer: PeerInfo }> {
  const timings: ConnectTimings = { dnsMs: null, connectMs: null, tlsMs: null };
  const peer: PeerInfo = { remoteAddress: null, certificate: null, certificateTrusted: null };
  const opts = {
    hostname: target.hostname,
    protocol: "tcp:",
    port: String(target.port),
  } as buildConnector.Options;
  const socket = await establish(opts, options, timings, peer);
  return { socket, timings, peer };
}

export type CertificateInfo = { issuer: string; subject: string; validFrom: number; validTo: number };

function distinguishedName(name: Record<string, unknown> | undefined): string {
  if (!name) return "";
  return Object.entries(name)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join("+") : String(value)}`)
    .join(", ");
}

/** The leaf certificate's names and validity; null when the peer presented none. */
function certificateInfo(cert: tls.PeerCertificate): CertificateInfo | null {
  if (!cert || Object.keys(cert).length === 0) return null;
  return {
    issuer: distinguishedName(cert.issuer as unknown as Record<string, unknown>),
    subject: distinguishedName(cert.subject as unknown as Record<string, unknown>),
    validFrom: Date.parse(cert.valid_from),
    validTo: Date.parse(cert.valid_to),
  };
}

/** The one resolution step: an IP literal as is, otherwise every address the system resolver returns. */
export async function resolveAddresses(hostname: string, custom?: Lookup): Promise<ResolvedAddress[]> {
  const family = net.isIP(hostname);
  if (family !== 0) return [{ address: hostname, family }];
  let addresses: ResolvedAddress[];
  try {
    addresses = custom ? await custom(hostname) : await lookup(hostname, { all: true });
  } catch (err) {
    throw new DnsLookupError(hostname, err);
  }
  if (addresses.length === 0) throw new DnsLookupError(hostname, new Error("no addresses"));
  return addresses;
}

/** Tries the addresses in resolver order, so "localhost" works whether it is ::1 or 127.0.0.1 first. */
async function connectFirst(
  addresses: ResolvedAddress[],
  port: number,
  signal: AbortSignal | undefined,
): Promise<net.Socket> {
  let lastError: unknown = new Error("no addresses to connect to");
  for (const { address, family } of addresses) {
    signal?.throwIfAborted();
    try {
      const socket = net.connect({ host: address, port, family });
      await whenReady(socket, "connect", signal);
      return socket;
    } catch (err) {
      if (signal?.aborted) throw err;
      lastError = err;
    }
  }
  throw lastError;
}

/** Resolves on `event`; on error or abort destroys the socket and rejects. Leaves no listeners behind. */
function whenReady(
  socket: net.Socket,
  event: "connect" | "secureConnect",
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      socket.off(event, onReady);
      socket.off("error", onError);
      signal?.removeEventListener("abort", onAbort);
    };
    const onReady = (): void => {
      cleanup();
      resolve();
    };
    const onError = (err: Error): void => {
      cleanup();
      socket.destroy();
      reject(err);
    };
    const onAbort = (): void =>
      onError(signal?.reason instanceof Error ? signal.reason : new Error("Aborted"));
    if (signal?.aborted) {
      onAbort();
      return;
    }
    socket.once(event, onReady);
    socket.once("error", onError);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function errorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null || !("code" in err)) return undefined;
  return typeof err.code === "string" ? err.code : undefined;
}
