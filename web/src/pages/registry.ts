// registry.ts: the camera registry (R101-R109, R206): every camera's entry for the roles
// holding view_registry (administrators, maintainers); administrators (edit_registry)
// also register cameras and change entries and lifecycles. The server enforces the rules
// (R103 private places, R206 acceptance, R108 consent) and its refusals are shown as
// they are.
import "../govern.css";
import type * as api from "../api";
import { h, notice } from "../dom";
import { changeRegistry, registry, siteCategories, type RegisteredCamera, type SiteCategory } from "../govern_api";
import { holds, holdersText } from "../permissions";
import { registerForm } from "../register_form";
import { RegistryForm } from "../registry_form";
import { registryRow, registryTable } from "../registry_table";
import type { Cleanup } from "../router";

export async function registryPage(main: HTMLElement, me: api.Me): Promise<Cleanup> {
  main.append(h("h2", {}, "Camera registry"));
  if (!holds(me.roles, "view_registry")) {
    main.append(notice("warn", `The registry is kept for the ${holdersText("view_registry")} role; ${me.user} holds ${me.roles.join(", ") || "no role"}.`));
    return () => {};
  }
  const editor = holds(me.roles, "edit_registry");
  const categories = await siteCategories();
  const byId = new Map(categories.map((c) => [c.id, c]));
  const status = h("div", { class: "form-status", id: "registry-status" });
  const list = h("div", { id: "registry-box" });

  async function refresh(): Promise<void> {
    try {
      const cameras = await registry();
      list.replaceChildren(cameras.length === 0
        ? notice("info", editor ? "No cameras yet: register one below." : "No cameras are registered yet.")
        : registryTable(cameras.map((c) => registryRow(c, byId, editor ? editButton(c) : undefined)), editor));
    } catch (e) {
      list.replaceChildren(notice("error", `Cannot read the registry: ${(e as Error).message}`));
    }
  }

  function editButton(cam: RegisteredCamera): HTMLElement {
    return h("button", { type: "button", class: "edit-registry", onclick: (e: Event) => toggleEditor(cam, (e.target as HTMLElement).closest("tr")!) }, "Change");
  }

  function toggleEditor(cam: RegisteredCamera, row: HTMLElement): void {
    const next = row.nextElementSibling;
    if (next?.classList.contains("registry-editor")) return void next.remove();
    row.after(entryEditor(cam, categories, row.children.length, status, refresh));
  }

  main.append(status, list);
  if (editor) main.append(registerForm(categories, () => refresh()));
  else main.append(notice("info", `Registering cameras and changing entries is for the ${holdersText("edit_registry")} role.`));
  await refresh();
  return () => {};
}

// A row under a camera's row: its entry in a RegistryForm, saved as the changed fields only;
// the outcome goes to `status` (the server's refusal as it is), then `refresh` redraws.
function entryEditor(cam: RegisteredCamera, categories: SiteCategory[], columns: number, status: HTMLElement,
  refresh: () => Promise<void>): HTMLElement {
  const form = new RegistryForm(categories, cam.registry, `edit-${cam.id}`);
  const save = h("button", { type: "button", class: "save-registry" }, "Save");
  const row = h("tr", { class: "registry-editor", "data-camera": cam.id },
    h("td", { colspan: columns }, form.el, h("div", { class: "decision" }, save,
      h("button", { type: "button", class: "cancel", onclick: () => row.remove() }, "Cancel"))));
  const say = (kind: "error" | "info", text: string) => status.replaceChildren(notice(kind, text));
  save.addEventListener("click", async () => {
    status.replaceChildren();
    let fields;
    try {
      fields = form.changes();
    } catch (e) {
      return say("error", (e as Error).message);
    }
    const names = Object.keys(fields);
    if (names.length === 0) return say("info", `Nothing changed for ${cam.id}.`);
    save.disabled = true;
    try {
      const after = await changeRegistry(cam.id, fields);
      say("info", `Saved ${cam.id}: ${names.join(", ")} (now ${after.registry?.lifecycle.replace("_", " ")}${after.recorded ? ", recorded" : ", not recorded"}).`);
      await refresh();
    } catch (e) {
      say("error", (e as Error).message); // the server names the camera
    } finally {
      save.disabled = false;
    }
  });
  return row;
}
