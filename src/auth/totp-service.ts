import type { Database } from "../db/client.js";
import { AppError, UnauthorizedError } from "../http/errors.js";
import type { SecretBox } from "../notifications/secret-box.js";
import { verifyPassword } from "./password.js";
import { matchTotpStep, newTotpSecret, totpUrl } from "./totp.js";
import {
  claimTotpStep,
  clearTotp,
  enableTotp,
  findUserById,
  setPendingTotpSecret,
  type UserRow,
} from "./user-repository.js";

export type TotpServiceDeps = { db: Database; box: SecretBox; now?: () => Date };

const invalidTotpMessage = "The two-factor code is wrong or was already used";
const invalidTotp = () => new AppError("invalid_totp", invalidTotpMessage);

/** At login a wrong code is a failed credential, so it answers 401 like a wrong password. */
class LoginTotpError extends AppError {
  override get statusCode(): number {
    return 401;
  }
}

/** Optional two-factor authentication (RFC 6238). Secrets are stored sealed; each time step is accepted once. */
export function createTotpService({ db, box, now = () => new Date() }: TotpServiceDeps) {
  const matchStep = (sealed: string, code: string) => matchTotpStep(box.open(sealed), code, now().getTime());

  /** Checks the code against the enabled secret and uses up its time step. */
  async function spendCode(user: UserRow, code: string): Promise<boolean> {
    if (!user.totpSecret || !user.totpEnabledAt) return false;
    const step = matchStep(user.totpSecret, code);
    return step !== undefined && (await claimTotpStep(db, user.id, step));
  }

  async function loadUser(userId: string): Promise<UserRow> {
    const user = await findUserById(db, userId);
    // The caller's session was valid a moment ago: only a concurrent deletion gets here.
    if (!user) throw new UnauthorizedError("Your account no longer exists");
    return user;
  }

  return {
    /** For a user with TOTP on: throws unless `code` is a fresh valid code. */
    async verifyLogin(user: UserRow, code: string | undefined): Promise<void> {
      if (code === undefined) {
        throw new LoginTotpError("totp_required", "Enter the code from your authenticator app (totpCode)");
      }
      if (!(await spendCode(user, code))) {
        throw new LoginTotpError("invalid_totp", invalidTotpMessage);
      }
    },

    /** Starts (or restarts) enrolment: the secret stays pending until enable() sees a code made from it. */
    async setup(userId: string): Promise<{ secret: string; otpauthUrl: string }> {
      const user = await loadUser(userId);
      const secret = newTotpSecret();
      if (user.totpEnabledAt || !(await setPendingTotpSecret(db, userId, box.seal(secret)))) {
        throw new AppError("conflict", "Two-factor authentication is already on: disable it first");
      }
      return { secret, otpauthUrl: totpUrl(secret, user.email) };
    },

    async enable(userId: string, code: string): Promise<void> {
      const user = await loadUser(userId);
      if (user.totpEnabledAt) throw new AppError("conflict", "Two-factor authentication is already on");
      if (!user.totpSecret) {
        throw new AppError("conflict", "Start with POST /api/auth/totp/setup to get a secret");
      }
      const step = matchStep(user.totpSecret, code);
      if (step === undefined) throw invalidTotp();
      // Recording the step means the code just used cannot log in a second time.
      if (!(await enableTotp(db, userId, user.totpSecret, step, now()))) {
        throw new AppError("conflict", "The pending secret changed meanwhile: scan the new one");
      }
    },

    async disable(userId: string, password: string, code: string): Promise<void> {
      const user = await loadUser(userId);
      if (!user.totpEnabledAt) throw new AppError("conflict", "Two-factor authentication is not on");
      if (!(await verifyPassword(password, user.passwordHash))) {
        throw new AppError("invalid_password", "The password is incorrect");
      }
      if (!(await spendCode(user, code))) throw invalidTotp();
      await clearTotp(db, userId);
    },
  };
}

export type TotpService = ReturnType<typeof createTotpService>;
