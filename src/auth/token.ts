import { createSigner, createVerifier } from "fast-jwt";
import { z } from "zod";

const claimsSchema = z.object({ sub: z.uuid(), sid: z.uuid() });
export type TokenClaims = z.infer<typeof claimsSchema>;

export type TokenCodec = {
  sign(claims: TokenClaims): string;
  /** The claims of a well-signed, unexpired token; undefined for anything else. */
  verify(token: string): TokenClaims | undefined;
};

export function createTokenCodec(secret: string, expiresInMs: number): TokenCodec {
  const signer = createSigner({ key: secret, algorithm: "HS256", expiresIn: expiresInMs });
  const verifier = createVerifier({ key: secret, algorithms: ["HS256"] });
  return {
    sign: (claims) => signer(claims),
    verify(token) {
      try {
        const parsed = claimsSchema.safeParse(verifier(token));
        return parsed.success ? parsed.data : undefined;
      } catch {
        // Malformed, badly signed or expired: all the same to the caller, a 401.
        return undefined;
      }
    },
  };
}
