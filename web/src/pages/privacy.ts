// privacy.ts: administrators draw each camera's privacy zones (docs/design/privacy.md) on
// the camera's newest picture, or, when their roles do not include its live video (the
// administrator role sees no footage), on a grid of the frame's shape. Zones are saved as a
// whole (PUT .../privacy-zones); the server validates them and its refusals are shown as
// they are. The editor itself is zone_editor.ts.
import "../privacy.css";
import * as api from "../api";
import { h, notice } from "../dom";
import { livePicture, privacyZones, savePrivacyZones } from "../privacy_api";
import { setQuery, type Cleanup } from "../router";
import { ZoneEditor } from "../zone_editor";
import { kMaxNameBytes, zoneProblem, type Zone } from "../zone_geometry";

const kEditorRole = "administrator"; // edit_privacy_zones (src/api/authorize.cc)
const kMaxPictureWidth = 1280;

export function mayEditZones(me: api.Me): boolean {
  return me.roles.includes(kEditorRole);
}

export async function privacyPage(main: HTMLElement, params: URLSearchParams, me: api.Me): Promise<Cleanup> {
  main.append(h("h2", {}, "Privacy zones"));
  if (!mayEditZones(me)) {
    main.append(notice("warn", `Privacy zones are edited by administrators; ${me.user} holds ${me.roles.join(", ") || "no role"}.`));
    return () => {};
  }
  const cameras = await api.cameras();
  if (cameras.length === 0) {
    main.append(notice("info", "No cameras yet: add one (custos camera add) and come back."));
    return () => {};
  }
  return new PrivacyPage(main, cameras, params.get("camera") ?? "", me).cleanup;
}

class PrivacyPage {
  private readonly editor: ZoneEditor;
  private readonly cameraSelect: HTMLSelectElement;
  private readonly status = h("div", { class: "form-status", id: "zones-status" });
  private readonly pictureNote = h("div", { id: "zones-picture" });
  private readonly list = h("ol", { class: "zone-list", id: "zone-list" });
  private readonly stage = h("div", { class: "zone-stage", id: "zone-stage" });
  private readonly dirtyNote = h("span", { class: "hint", id: "zones-dirty" });
  private readonly buttons: Record<"start" | "finish" | "undo" | "redo" | "save" | "revert", HTMLButtonElement>;
  private camera = "";
  private saved = "[]"; // the zones as stored, JSON
  private pictureUrl: string | null = null;
  private loading = 0; // a camera switch in flight makes earlier answers stale
  private lastShape = ""; // the zones and the draft at the last change, JSON

  constructor(
    main: HTMLElement,
    private readonly cameras: api.Camera[],
    wanted: string,
    private readonly me: api.Me,
  ) {
    this.editor = new ZoneEditor(() => this.onEdit(), (text) => this.say("warn", text));
    this.stage.appendChild(this.editor.el);
    this.cameraSelect = h("select", { id: "zones-camera" }) as HTMLSelectElement;
    for (const c of cameras) this.cameraSelect.appendChild(h("option", { value: c.id }, c.name === c.id ? c.id : `${c.name} (${c.id})`));
    this.cameraSelect.addEventListener("change", () => void this.switchCamera(this.cameraSelect.value));
    const button = (id: string, label: string, title: string, fn: () => void) =>
      h("button", { type: "button", id, title, onclick: () => fn() }, label) as HTMLButtonElement;
    this.buttons = {
      start: button("zone-new", "New zone", "Start a zone, then click its corners on the picture", () => this.editor.startZone()),
      finish: button("zone-finish", "Finish zone", "Close the zone being drawn (Enter, or click its first corner)", () => this.editor.finishZone()),
      undo: button("zone-undo", "Undo", "Undo (Ctrl+Z)", () => this.editor.undo()),
      redo: button("zone-redo", "Redo", "Redo (Ctrl+Shift+Z)", () => this.editor.redo()),
      save: button("zone-save", "Save", "Store these zones for the camera", () => void this.save()),
      revert: button("zone-revert", "Revert", "Back to the zones as stored", () => void this.switchCamera(this.camera, true)),
    };
    const b = this.buttons;
    const section = h(
      "section",
      { class: "privacy-page" },
      h("p", { class: "hint" },
        "Zones are filled opaquely in every decoded output of the camera (masked exports today). Recordings and plain exports keep the original picture (docs/design/privacy.md)."),
      h("div", { class: "toolbar" }, h("label", {}, "Camera ", this.cameraSelect), b.start, b.finish, b.undo, b.redo, b.save, b.revert, this.dirtyNote),
      this.status,
      this.pictureNote,
      h("div", { class: "zone-layout" }, this.stage,
        h("aside", { class: "zone-side" }, h("h3", {}, "Zones"), this.list,
          h("p", { class: "hint", id: "zone-help" },
            "Click the picture to add corners; click the first corner or press Enter to close the zone. Drag a corner to move it; " +
            "drag a small dot on a selected zone's edge to add a corner. Keyboard (picture focused): arrows move the cross-hair " +
            "or the selected corner (Shift: finer), Space adds a corner, [ and ] select corners, Delete removes one, Escape cancels, Ctrl+Z undoes."))),
    );
    section.addEventListener("keydown", (e) => this.onKey(e));
    main.append(section);
    window.addEventListener("beforeunload", this.onBeforeUnload);
    const first = cameras.some((c) => c.id === wanted) ? wanted : cameras[0].id;
    this.cameraSelect.value = first;
    void this.switchCamera(first, true);
  }

  readonly cleanup: Cleanup = () => {
    window.removeEventListener("beforeunload", this.onBeforeUnload);
    this.editor.dispose();
    this.dropPicture();
  };

  private readonly onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (this.dirty()) e.preventDefault();
  };

  private dirty(): boolean {
    return this.editor.drawing || JSON.stringify(this.editor.current) !== this.saved;
  }

  private say(kind: "error" | "info" | "warn", text: string): void {
    this.status.replaceChildren(notice(kind, text));
  }

  private onKey(e: KeyboardEvent): void {
    if (e.defaultPrevented || (e.target as Element).closest("input, select, textarea")) return;
    if (!(e.ctrlKey || e.metaKey)) return;
    const z = e.key.toLowerCase() === "z";
    if (z && !e.shiftKey) this.editor.undo();
    else if (z || e.key === "y") this.editor.redo();
    else return;
    e.preventDefault();
  }

  // Loads the camera's zones and picture; `force` skips the question about unsaved edits.
  private async switchCamera(id: string, force = false): Promise<void> {
    if (!force && this.camera && this.dirty() && !confirm(`Discard the unsaved changes to the zones of ${this.camera}?`)) {
      this.cameraSelect.value = this.camera;
      return;
    }
    const ticket = ++this.loading;
    this.camera = id;
    this.cameraSelect.value = id;
    setQuery(new URLSearchParams({ camera: id }));
    this.status.replaceChildren();
    this.editor.load([]);
    this.saved = "[]";
    this.stage.dataset.loaded = "false";
    const [zones] = await Promise.all([privacyZones(id).catch((e: Error) => e), this.showPicture(id, ticket)]);
    if (ticket !== this.loading) return;
    if (zones instanceof Error) {
      this.say("error", `Cannot read the privacy zones of ${id}: ${zones.message}`);
      return;
    }
    this.editor.load(zones);
    this.saved = JSON.stringify(zones);
    this.stage.dataset.loaded = "true";
    this.updateControls();
  }

  private dropPicture(): void {
    if (this.pictureUrl) URL.revokeObjectURL(this.pictureUrl);
    this.pictureUrl = null;
  }

  // The camera's newest picture as the background, or a grid of the frame's shape and why.
  private async showPicture(id: string, ticket: number): Promise<void> {
    this.dropPicture();
    this.pictureNote.replaceChildren();
    let camera = this.cameras.find((c) => c.id === id);
    camera = await api.request<api.Camera>("GET", `/cameras/${encodeURIComponent(id)}`).catch(() => camera);
    const w = camera?.status?.width ?? 0, ht = camera?.status?.height ?? 0;
    const picture = await livePicture(id, w > kMaxPictureWidth ? kMaxPictureWidth : 0).catch((e: Error) => e);
    if (ticket !== this.loading) {
      if (!(picture instanceof Error) && picture.ok) URL.revokeObjectURL(picture.url);
      return;
    }
    const refresh = h("button", { type: "button", id: "zone-picture-refresh", onclick: () => void this.showPicture(id, this.loading) }, "Refresh picture");
    if (!(picture instanceof Error) && picture.ok) {
      this.pictureUrl = picture.url;
      this.setFrame(picture.width, picture.height, picture.url);
      this.pictureNote.append(h("div", { class: "toolbar" }, h("span", { class: "hint" }, `The camera's newest picture, ${picture.width}×${picture.height}.`), refresh));
      return;
    }
    const known = w > 0 && ht > 0;
    this.setFrame(known ? w : 1920, known ? ht : 1080, null);
    const shape = known ? `a grid of the frame's shape (${w}×${ht})` : "a 16:9 grid (the camera has not reported its frame size yet)";
    let why: string;
    if (picture instanceof Error) why = `No picture: ${picture.message}.`;
    else if (picture.error.status === 403) {
      why = `No picture: ${this.me.user} may not see this camera's live video (${picture.error.message}). ` +
        "The administrator role does not include footage; a user who also holds the duty operator's role for this camera sees it here.";
    } else if (picture.error.status === 404) why = `No current picture: ${picture.error.message}.`;
    else why = `No picture: ${picture.error.message}.`;
    const note = notice("warn", `${why} Zones are drawn on ${shape}; their corners are fractions of the picture, so they fit any resolution.`);
    note.id = "zones-no-picture";
    this.pictureNote.append(note, refresh);
  }

  private setFrame(width: number, height: number, url: string | null): void {
    this.stage.style.aspectRatio = `${width} / ${height}`;
    // As large as fits beside the zone list (below it on a narrow screen) and in 62 % of the height.
    this.stage.style.width = `min(100%, max(calc(100vw - 400px), 320px), calc(62vh * ${(width / height).toFixed(4)}))`;
    this.stage.dataset.picture = url ? "camera" : "grid";
    this.editor.setFrame(width, height, url);
  }

  private async save(): Promise<void> {
    if (this.editor.drawing && !this.editor.finishZone()) return;
    const zones = this.editor.current;
    this.buttons.save.disabled = true;
    try {
      const stored = await savePrivacyZones(this.camera, zones);
      this.editor.load(stored);
      this.saved = JSON.stringify(stored);
      this.updateControls();
      this.say("info", `Saved ${stored.length} zone(s) of ${this.camera}.`);
    } catch (e) {
      const err = e as api.ApiError;
      const what = err.status === 400 ? "The server refused the zones" : err.status === 403 ? "Not allowed" : "Not saved";
      this.updateControls();
      this.say("error", `${what}: ${err.message}`);
    }
  }

  // After every change in the editor: a message about the old zones goes once they change.
  private onEdit(): void {
    const shape = JSON.stringify([this.editor.current, this.editor.draftCorners]);
    if (shape !== this.lastShape) this.status.replaceChildren();
    this.lastShape = shape;
    this.updateControls();
  }

  private updateControls(): void {
    const e = this.editor, b = this.buttons;
    b.finish.disabled = !e.drawing;
    b.start.disabled = e.drawing;
    b.undo.disabled = !e.canUndo;
    b.redo.disabled = !e.canRedo;
    const dirty = this.dirty();
    b.save.disabled = !dirty || this.stage.dataset.loaded !== "true";
    b.revert.disabled = !dirty;
    this.dirtyNote.textContent = e.drawing ? `Drawing a zone: ${e.draftCorners} corner(s)` : dirty ? "Unsaved changes" : "";
    // Not while a name is being typed: rebuilding the list would take the field away.
    if (!(document.activeElement as Element | null)?.matches?.("#zone-list input")) this.renderList();
  }

  private renderList(): void {
    const zones = this.editor.current;
    if (zones.length === 0) {
      this.list.replaceChildren(h("li", { class: "hint" }, "No zones: click the picture to draw one."));
      return;
    }
    this.list.replaceChildren(...zones.map((z, i) => this.row(z, i)));
  }

  private row(z: Zone, i: number): HTMLElement {
    const problem = zoneProblem(z);
    const corners = h("span", { class: "hint" }, `${z.points.length} corners${problem ? ` — ${problem}` : ""}`);
    const name = h("input", { class: "zone-name", value: z.name, maxlength: kMaxNameBytes, "aria-label": `Name of zone ${i + 1}` });
    let recorded = false; // one undo step per visit to the field
    name.addEventListener("focus", () => this.editor.selectZone(i));
    name.addEventListener("input", () => {
      if (!recorded) this.editor.beginRename();
      recorded = true;
      this.editor.rename(i, name.value);
    });
    name.addEventListener("blur", () => this.updateControls());
    const del = h("button", { type: "button", class: "zone-delete", onclick: () => this.editor.deleteZone(i) }, "Delete");
    del.setAttribute("aria-label", `Delete zone ${z.name || i + 1}`);
    const select = h("button", { type: "button", class: "zone-select", onclick: () => { this.editor.selectZone(i); this.editor.el.focus(); } }, "Edit corners");
    return h("li", { "data-zone": i, class: `${this.editor.selectedZone === i ? "selected" : ""}${problem ? " invalid" : ""}` },
      name, corners, h("div", { class: "zone-actions" }, select, del));
  }
}
