import { z } from "zod";
import { userRoles } from "../db/schema/index.js";

export const emailField = z
  .string("email must be a string")
  .trim()
  .max(254, "email is too long")
  .pipe(z.email("email must be a valid email address"));
/** A password being set: `name` is the field, so messages say which one was wrong. */
export const newPasswordField = (name: string) =>
  z
    .string(`${name} must be a string`)
    .min(8, `${name} must be at least 8 characters`)
    .max(256, `${name} must be at most 256 characters`);
export const passwordField = newPasswordField("password");
/** A password being checked: any string, so a wrong one is a wrong password rather than a validation error. */
export const givenPasswordField = (name: string) => z.string(`${name} must be a string`).max(256);
export const nameField = z
  .string("name must be a string")
  .trim()
  .min(1, "name must not be empty")
  .max(100, "name must be at most 100 characters");
/** Any short string: a malformed code is answered like a wrong one (invalid_totp). */
export const totpCodeField = (name: string) => z.string(`${name} must be a string`).max(16);

export const signupBody = z.strictObject({ email: emailField, name: nameField, password: passwordField });
export const loginBody = z.strictObject({
  email: z.string("email must be a string").max(254),
  password: givenPasswordField("password"),
  totpCode: totpCodeField("totpCode").optional(),
});

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(userRoles),
  totpEnabled: z.boolean(),
  createdAt: z.string(),
});
export const userResponse = z.object({ user: userSchema });

export const sessionResponse = z.object({ token: z.string(), user: userSchema });

export const authOptionsResponse = z.object({ signupOpen: z.boolean(), passwordReset: z.boolean() });
