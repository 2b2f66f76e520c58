/** The text of a mail as sent, with quoted-printable soft line breaks and escapes (=3D) undone. */
export const mailText = (raw: string): string =>
  raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

/** The token of the password reset link in a mail. */
export function resetTokenIn(raw: string): string {
  const token = /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mailText(raw))?.[1];
  if (!token) throw new Error(`no reset link in: ${raw}`);
  return token;
}
