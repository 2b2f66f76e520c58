import { type FormEvent, useState } from "react";
import { useAuth } from "../account/auth-context";
import { fetchAllPages, patch, post } from "../api/client";
import { errorFor, type FieldErrors, fieldErrorsOf } from "../api/field-errors";
import type { User, UserRole } from "../api/types";
import { formatDateTime } from "../lib/format";
import { useResource } from "../lib/use-resource";
import { ErrorBanner, Loading, PageHeader, useAction } from "../ui/controls";
import { InputField, PasswordField, SelectField, UnclaimedErrors } from "../ui/fields";

function RoleSelect({ user, onChanged }: { user: User; onChanged: () => void }) {
  const { user: me } = useAuth();
  const change = useAction(async (role: UserRole) => {
    await patch(`/api/users/${user.id}`, { role });
    onChanged();
  });
  return (
    <>
      <select
        aria-label={`Role of ${user.email}`}
        value={user.role}
        disabled={change.busy || user.id === me?.id}
        onChange={(e) => change.run(e.target.value as UserRole)}
      >
        <option value="member">member</option>
        <option value="admin">admin</option>
      </select>
      <ErrorBanner error={change.error} />
    </>
  );
}

/** Admins: every account, a role per account, and new accounts (the way in when sign-up is closed). */
export function UsersPage() {
  const users = useResource(() => fetchAllPages<User>("/api/users"), "users");
  const [form, setForm] = useState({ email: "", name: "", password: "", role: "member" as UserRole });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setCreated(undefined);
    try {
      await post("/api/users", form);
      setCreated(`${form.email} can now sign in.`);
      setForm({ email: "", name: "", password: "", role: "member" });
      await users.reload();
    } catch (err) {
      setErrors(fieldErrorsOf(err));
    }
  };
  const text = (key: "email" | "name" | "password") => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  return (
    <>
      <PageHeader title="Users" />
      <ErrorBanner error={users.error} />
      {users.data ? (
        <div className="table-wrap card">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Role</th>
                <th>Since</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id}>
                  <td>{user.name}</td>
                  <td>{user.email}</td>
                  <td>
                    <RoleSelect user={user} onChanged={() => void users.reload()} />
                  </td>
                  <td>{formatDateTime(user.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : users.error ? null : (
        <Loading />
      )}
      <form className="form card" onSubmit={submit} noValidate>
        <h2>Add a user</h2>
        <UnclaimedErrors errors={errors} claimed={["email", "name", "password", "role"]} />
        {created ? <p className="banner banner-ok">{created}</p> : null}
        <div className="grid-2">
          <InputField
            label="Name"
            error={errorFor(errors, "name")}
            value={form.name}
            onChange={text("name")}
          />
          <InputField
            label="Email"
            error={errorFor(errors, "email")}
            type="email"
            value={form.email}
            onChange={text("email")}
          />
          <PasswordField
            label="Initial password"
            error={errorFor(errors, "password")}
            autoComplete="new-password"
            value={form.password}
            onChange={text("password")}
          />
          <SelectField
            label="Role"
            error={errorFor(errors, "role")}
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.target.value as UserRole })}
          >
            <option value="member">member</option>
            <option value="admin">admin</option>
          </SelectField>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            Add user
          </button>
        </div>
      </form>
    </>
  );
}
