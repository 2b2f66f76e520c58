import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { ApiError, get, post, setUnauthorizedHandler } from "../api/client";
import type { AuthOptions, User } from "../api/types";

type Session = { token: string; user: User };

export type AuthValue = {
  /** undefined while the session is being checked; null when signed out. */
  user: User | null | undefined;
  options: AuthOptions;
  /** "totp" when the account has two-factor authentication and no (or a wrong) code was sent. */
  login(email: string, password: string, totpCode?: string): Promise<"ok" | "totp">;
  signup(input: { email: string; name: string; password: string }): Promise<void>;
  logout(): Promise<void>;
  setUser(user: User): void;
};

const defaultOptions: AuthOptions = { signupOpen: true, passwordReset: false };
const AuthContext = createContext<AuthValue | undefined>(undefined);

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}

/**
 * The session lives in the httpOnly cookie the API sets; the page only asks who is signed in. The token in login
 * and sign-up answers is deliberately dropped, never stored.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [options, setOptions] = useState<AuthOptions>(defaultOptions);

  useEffect(() => {
    setUnauthorizedHandler(() => setUser(null));
    get<{ user: User }>("/api/auth/me").then(
      ({ user: me }) => setUser(me),
      () => setUser(null),
    );
    // Older servers have no options route: sign-up shown, password reset hidden.
    get<AuthOptions>("/api/auth/options").then(setOptions, () => setOptions(defaultOptions));
    return () => setUnauthorizedHandler(undefined);
  }, []);

  const login = useCallback(async (email: string, password: string, totpCode?: string) => {
    try {
      const session = await post<Session>(
        "/api/auth/login",
        totpCode ? { email, password, totpCode } : { email, password },
      );
      setUser(session.user);
      return "ok" as const;
    } catch (err) {
      if (err instanceof ApiError && err.code === "totp_required") return "totp" as const;
      throw err;
    }
  }, []);

  const signup = useCallback(async (input: { email: string; name: string; password: string }) => {
    const session = await post<Session>("/api/auth/signup", input);
    setUser(session.user);
  }, []);

  const logout = useCallback(async () => {
    try {
      await post("/api/auth/logout");
    } finally {
      setUser(null);
    }
  }, []);

  const value = useMemo(
    () => ({ user, options, login, signup, logout, setUser }),
    [user, options, login, signup, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
