import { SMTPServer } from "smtp-server";
import { afterAll } from "vitest";

export type ReceivedMail = { from: string; to: string[]; raw: string; subject: string | undefined };

export type SmtpSink = { host: string; port: number; mails: ReceivedMail[] };

/** A real SMTP server on 127.0.0.1 that accepts every message, unauthenticated and without TLS, and keeps it. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const from = session.envelope.mailFrom;
        mails.push({
          from: from ? from.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: /^Subject: (.*)$/m.exec(raw)?.[1]?.trim(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("SMTP sink is not listening on TCP");
  return { host: "127.0.0.1", port: address.port, mails };
}
