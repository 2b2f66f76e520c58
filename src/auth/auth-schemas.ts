import { z } from "zod";
import { userRoles } from "../db/schema/index.js";

export const emailField = z
  .string("email must be a string")
  .trim()
  .max(254, "email is too long")
  .pipe(z.email("email must be a valid email address"));
export const passwordField = z
  .string("password must be a string")
  .min(8, "password must be at least 8 characters")
  .max(256, "password must be at most 256 characters");
export const nameField = z
  .string("name must be a string")
  .trim()
  .min(1, "name must not be empty")
  .max(100, "name must be at most 100 characters");

export const signupBody = z.strictObject({ email: emailField, name: nameField, password: passwordField });
export const loginBody = z.strictObject({
  email: z.string("email must be a string").max(254),
  password: z.string("password must be a string").max(256),
});
export const createUserBody = signupBody.extend({ role: z.enum(userRoles).default("member") });

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(userRoles),
  createdAt: z.string(),
});

export const sessionResponse = z.object({ token: z.string(), user: userSchema });
