import { z } from "zod";
import {
  emailField,
  givenPasswordField,
  nameField,
  newPasswordField,
  totpCodeField,
} from "./auth-schemas.js";

export const updateMeBody = z.strictObject({ name: nameField.optional(), email: emailField.optional() });

export const changePasswordBody = z.strictObject({
  currentPassword: givenPasswordField("currentPassword"),
  newPassword: newPasswordField("newPassword"),
});

export const resetRequestBody = z.strictObject({ email: emailField });
export const resetConfirmBody = z.strictObject({
  token: z.string("token must be a string").max(512, "token is too long"),
  newPassword: newPasswordField("newPassword"),
});

export const totpSetupResponse = z.object({ secret: z.string(), otpauthUrl: z.string() });
export const totpEnableBody = z.strictObject({ code: totpCodeField("code") });
export const totpDisableBody = z.strictObject({
  password: givenPasswordField("password"),
  code: totpCodeField("code"),
});
