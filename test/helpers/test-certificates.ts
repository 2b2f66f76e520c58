import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/** A key and certificate in PEM, as node:https takes them. */
export interface TestKeyPair {
  key: string;
  cert: string;
}

export interface TestCertificates {
  /** CN=localhost, signed by itself, valid for one day from now. */
  selfSigned: TestKeyPair;
  /** A CA to pass as the check's trustedCa; `subject` as Vigil reports it in certificate.issuer. */
  ca: { cert: string; subject: string };
  /** CN=localhost (SAN IP:127.0.0.1, DNS:localhost) signed by the CA, valid from an hour ago for 30 days. */
  valid: TestKeyPair & { validTo: number };
  /** The same leaf signed by the CA, valid only during 2020: expired. */
  expired: TestKeyPair & { validTo: number };
}

const execFileAsync = promisify(execFile);
const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
const caExtensions = [
  "-addext",
  "basicConstraints=critical,CA:TRUE",
  "-addext",
  "keyUsage=critical,keyCertSign",
];

/**
 * `openssl ca` rather than `openssl x509 -req`, because OpenSSL 3.0's x509 cannot set dates in the past
 * (-not_before/-not_after arrived in 3.4) and ca takes -startdate/-enddate on every 3.x. Paths are relative
 * to the temporary directory openssl runs in.
 */
const caConfig = `[ca]
default_ca = test_ca
[test_ca]
database = index.txt
certificate = ca.pem
private_key = ca.key
x509_extensions = leaf
new_certs_dir = .
serial = serial
default_md = sha256
policy = any_name
unique_subject = no
[any_name]
commonName = supplied
[leaf]
basicConstraints = critical, CA:FALSE
subjectAltName = IP:127.0.0.1, DNS:localhost
`;

/**
 * Certificates for https test servers on 127.0.0.1, made with the openssl CLI in a temporary directory that is
 * removed before this returns: the PEMs come back as strings.
 */
export async function createTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(path.join(tmpdir(), "vigil-certs-"));
  const openssl = (...args: string[]) => execFileAsync("openssl", args, { cwd: dir });
  const read = (file: string) => readFile(path.join(dir, file), "utf8");
  try {
    // A key and either a self-signed certificate (-x509) or a signing request (-new), named <name>.key.
    const newCert = (name: string, subject: string, ...output: string[]) =>
      openssl("req", ...newKey, "-subj", subject, "-keyout", `${name}.key`, ...output);
    await Promise.all([
      writeFile(path.join(dir, "ca.cnf"), caConfig),
      writeFile(path.join(dir, "index.txt"), ""),
      writeFile(path.join(dir, "serial"), "01\n"),
      newCert("self", "/CN=localhost", "-x509", "-days", "1", "-out", "self.pem"),
      newCert("ca", "/CN=Vigil Test CA", "-x509", "-days", "2", "-out", "ca.pem", ...caExtensions),
      newCert("leaf", "/CN=localhost", "-new", "-out", "leaf.csr"),
    ]);
    const now = Date.now();
    // Whole seconds, as the certificate stores them.
    const validTo = Math.floor(now / 1000) * 1000 + 30 * 86_400_000;
    const expiredTo = Date.UTC(2021, 0, 1);
    // One after the other: openssl ca updates its index and serial files.
    await sign("valid.pem", now - 3_600_000, validTo);
    await sign("expired.pem", Date.UTC(2020, 0, 1), expiredTo);
    const [selfKey, selfCert, caCert, leafKey, validCert, expiredCert] = await Promise.all([
      read("self.key"),
      read("self.pem"),
      read("ca.pem"),
      read("leaf.key"),
      read("valid.pem"),
      read("expired.pem"),
    ]);
    return {
      selfSigned: { key: selfKey, cert: selfCert },
      ca: { cert: caCert, subject: "CN=Vigil Test CA" },
      valid: { key: leafKey, cert: validCert, validTo },
      expired: { key: leafKey, cert: expiredCert, validTo: expiredTo },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  async function sign(out: string, from: number, to: number): Promise<void> {
    const dates = ["-startdate", asn1Time(from), "-enddate", asn1Time(to)];
    await openssl("ca", "-batch", "-config", "ca.cnf", "-in", "leaf.csr", "-out", out, "-notext", ...dates);
  }
}

/** 2021-01-01T00:00:00.000Z → 20210101000000Z, the GeneralizedTime openssl ca takes. */
function asn1Time(epochMs: number): string {
  return `${new Date(epochMs).toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;
}
