// users.ts: for administrators: the users with their roles and camera assignments, adding
// a user, disabling or enabling one, replacing roles and cameras. The server enforces the
// rules (the last enabled administrator stays, passwords of at least 12 characters) and
// its refusals are shown as they are.
import * as api from "../api";
import { h, notice } from "../dom";
import type { Cleanup } from "../router";

const kRoles = ["administrator", "duty_operator", "investigator", "approver", "auditor", "maintainer"];

function checkboxes(cls: string, values: string[], checked: string[], labels?: Map<string, string>): HTMLElement[] {
  return values.map((v) =>
    h("label", { class: "check" }, h("input", { type: "checkbox", class: cls, value: v, checked: checked.includes(v) }), ` ${labels?.get(v) ?? v}`),
  );
}

function checked(el: HTMLElement, cls: string): string[] {
  return Array.from(el.querySelectorAll<HTMLInputElement>(`.${cls}:checked`)).map((c) => c.value);
}

export async function usersPage(main: HTMLElement): Promise<Cleanup> {
  const cameras = await api.cameras();
  const cameraIds = cameras.map((c) => c.id);
  const names = new Map(cameras.map((c) => [c.id, c.name]));
  const status = h("div", { class: "form-status", id: "users-status" });
  const list = h("div", { id: "users-box" });

  async function act(what: string, fn: () => Promise<unknown>): Promise<void> {
    status.replaceChildren();
    try {
      await fn();
      status.appendChild(notice("info", what));
    } catch (e) {
      status.appendChild(notice("error", (e as Error).message));
    }
    await refresh();
  }

  const name = h("input", { id: "new-user-name", required: true, pattern: "[a-z0-9_.\\-]{1,64}" });
  const display = h("input", { id: "new-user-display" });
  const unit = h("input", { id: "new-user-unit" });
  const password = h("input", { id: "new-user-password", type: "password", required: true, minlength: 12, autocomplete: "new-password" });
  const form = h(
    "form",
    { class: "request-form", id: "add-user" },
    h("h2", {}, "Add a user"),
    h("div", { class: "row" }, h("label", {}, "Login name", name), h("label", {}, "Name", display), h("label", {}, "Unit", unit),
      h("label", {}, "Password (at least 12 characters)", password)),
    h("fieldset", {}, h("legend", {}, "Roles"), ...checkboxes("new-role", kRoles, [])),
    h("fieldset", {}, h("legend", {}, "Cameras for live view (duty operators)"), ...checkboxes("new-camera", cameraIds, [], names)),
    h("button", { type: "submit", id: "add-user-submit" }, "Add"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const body = { name: name.value.trim(), display_name: display.value.trim(), unit: unit.value.trim(), password: password.value,
      roles: checked(form, "new-role"), cameras: checked(form, "new-camera") };
    void act(`Added ${body.name}.`, async () => {
      await api.request("POST", "/users", body);
      form.reset();
    });
  });

  function row(u: api.User): HTMLElement {
    const editor = h("div", { class: "user-editor", hidden: true },
      h("div", {}, ...checkboxes("edit-role", kRoles, u.roles)),
      h("div", {}, ...checkboxes("edit-camera", cameraIds, u.cameras, names)),
      h("button", { type: "button", class: "save-grant", onclick: () => void act(`Saved the roles and cameras of ${u.name}.`,
        () => api.request("POST", `/users/${encodeURIComponent(u.name)}/grant`, { roles: checked(editor, "edit-role"), cameras: checked(editor, "edit-camera"), camera_groups: u.camera_groups ?? [] })) }, "Save"));
    const toggle = h("button", { type: "button", class: "toggle-disabled", onclick: () => void act(`${u.disabled ? "Enabled" : "Disabled"} ${u.name}.`,
      () => api.request("POST", `/users/${encodeURIComponent(u.name)}/disable`, { disabled: !u.disabled })) }, u.disabled ? "Enable" : "Disable");
    const edit = h("button", { type: "button", class: "edit", onclick: () => (editor.hidden = !editor.hidden) }, "Roles and cameras");
    return h("tr", { "data-user": u.name, "data-disabled": String(u.disabled) },
      h("td", {}, u.name), h("td", {}, [u.display_name, u.unit].filter(Boolean).join(", ")),
      h("td", { class: "roles" }, u.roles.join(", ") || "none"), h("td", {}, [...u.cameras, ...(u.camera_groups ?? []).map((g) => `group ${g}`)].join(", ")),
      h("td", { class: "user-state" }, u.disabled ? "disabled" : u.locked ? "locked (failed logins)" : "active"),
      h("td", {}, toggle, edit, editor));
  }

  async function refresh(): Promise<void> {
    try {
      const users = await api.users();
      list.replaceChildren(h("table", { class: "requests", id: "users" },
        h("thead", {}, h("tr", {}, ...["User", "Name, unit", "Roles", "Live cameras", "State", ""].map((t) => h("th", {}, t)))),
        h("tbody", {}, ...users.map(row))));
    } catch (e) {
      list.replaceChildren(notice("error", `Cannot list the users: ${(e as Error).message}`));
    }
  }

  main.append(h("h2", {}, "Users"), status, list, form);
  await refresh();
  return () => {};
}
