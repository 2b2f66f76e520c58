import { z } from "zod";
import { nameField, signupBody } from "../auth/auth-schemas.js";
import { userRoles } from "../db/schema/index.js";

export const createUserBody = signupBody.extend({ role: z.enum(userRoles).default("member") });
export const updateUserBody = z.strictObject({
  role: z.enum(userRoles, "role must be admin or member").optional(),
  name: nameField.optional(),
});
