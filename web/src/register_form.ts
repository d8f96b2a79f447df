// register_form.ts: registering a camera (POST /api/v1/cameras): its id, name and stream
// (URL, credentials, transport), and its registry entry (registry_form.ts), starting
// planned, accepted or in use. The server refuses a private place (R103), use before
// acceptance (R206) and a military zone without consent (R108); its words are shown as they
// are, and the form keeps what was typed so that it can be corrected.
import { h, notice } from "./dom";
import { registerCamera, type NewCamera, type SiteCategory } from "./govern_api";
import { RegistryForm } from "./registry_form";

export function registerForm(categories: SiteCategory[], onRegistered: (id: string) => Promise<void>): HTMLElement {
  const input = (id: string, props: Record<string, string | boolean> = {}) => h("input", { id, ...props });
  const id = input("reg-id", { required: true, placeholder: "gate-1" }); // the server says what an id may hold
  const name = input("reg-name");
  const url = input("reg-url", { required: true, placeholder: "rtsp://192.0.2.10/stream1" });
  const user = input("reg-user", { autocomplete: "off" });
  const password = input("reg-password", { type: "password", autocomplete: "new-password" });
  const transport = h("select", { id: "reg-transport" }, h("option", { value: "tcp" }, "TCP (interleaved)"), h("option", { value: "udp" }, "UDP"));
  let fields = new RegistryForm(categories, null, "reg", ["planned", "accepted", "in_use"]);
  const fieldsBox = h("div", {}, fields.el);
  const status = h("div", { class: "form-status", id: "register-status" });
  const submit = h("button", { type: "submit", id: "reg-submit" }, "Register");
  const l = (label: string, el: HTMLElement) => h("label", {}, label, el);
  const form = h("form", { class: "request-form", id: "register-form" },
    h("h2", {}, "Register a camera"),
    h("fieldset", {}, h("legend", {}, "Camera"),
      h("div", { class: "row" }, l("Id", id), l("Name", name)),
      h("div", { class: "row" }, l("Stream URL", url), l("Camera user", user), l("Camera password", password), l("Transport", transport))),
    fieldsBox, submit, status);

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void register();
  });

  async function register(): Promise<void> {
    status.replaceChildren();
    let body: NewCamera;
    try {
      body = { id: id.value.trim(), name: name.value.trim(), url: url.value.trim(), user: user.value, password: password.value,
        transport: transport.value, registry: fields.values() };
    } catch (err) {
      return void status.appendChild(notice("error", (err as Error).message));
    }
    submit.disabled = true;
    try {
      const cam = await registerCamera(body);
      status.appendChild(notice("info", `Registered ${cam.id} (${cam.registry?.lifecycle.replace("_", " ")}${cam.recorded ? ", recorded" : ", not recorded"}).`));
      form.reset();
      fields = new RegistryForm(categories, null, "reg", ["planned", "accepted", "in_use"]);
      fieldsBox.replaceChildren(fields.el);
      await onRegistered(cam.id);
    } catch (err) {
      status.appendChild(notice("error", (err as Error).message));
    } finally {
      submit.disabled = false;
    }
  }
  return form;
}
