// zone_editor.ts: draws and edits privacy-zone polygons on an SVG laid over the camera's
// picture (or a neutral grid of the frame's shape). Coordinates are kept normalised (0..1,
// zone_geometry.ts); the SVG's viewBox is the frame's size in pixels, so nothing stretches.
//
// Mouse: a click on the picture adds a corner to the zone being drawn (starting one);
// clicking its first corner (or Enter, or "Finish zone") closes it. Drag a corner to move
// it; drag the dot in the middle of a selected zone's edge to add one; a click on a zone
// selects it.
// Keyboard (the picture has focus): arrows move the cross-hair (or the selected corner),
// Space adds a corner there, Enter closes the zone, [ and ] pick the previous or next
// corner, Delete removes the selected corner, Escape cancels drawing or the selection,
// Ctrl+Z / Ctrl+Shift+Z undo and redo. Every change goes on the undo stack.
import {
  clampPoint,
  cloneZones,
  freeName,
  insidePolygon,
  kMaxZonePoints,
  kMaxZonesPerCamera,
  midpoint,
  zoneProblem,
  type Point,
  type Zone,
} from "./zone_geometry";
import { drawZones, svg, type Selection } from "./zone_svg";

const kHistoryLimit = 200;
const kHandleRadiusPx = 7; // on screen, whatever the picture's size
const kTapSlopPx = 4; // a press that moves less is a click, not a drag

interface Snapshot {
  zones: Zone[];
  draft: Point[] | null;
  sel: Selection | null;
}
interface Drag {
  zone: number;
  point: number;
  before: Snapshot;
  moved: boolean;
}

export class ZoneEditor {
  readonly el: SVGSVGElement;
  private zones: Zone[] = [];
  private draft: Point[] | null = null;
  private sel: Selection | null = null;
  private cursor: Point = [0.5, 0.5];
  private cursorShown = false;
  private undoStack: Snapshot[] = [];
  private redoStack: Snapshot[] = [];
  private drag: Drag | null = null;
  private press: { x: number; y: number } | null = null; // where the pointer went down
  private keyMoved: string | null = null; // "zone:corner" moved by the last arrow keys
  private frameW = 16;
  private frameH = 9;
  private background: string | null = null;
  private readonly resize = new ResizeObserver(() => this.render());

  // `onChange` runs after every change (the page updates its list and buttons); `onMessage`
  // says why an action was refused ("a zone needs at least 3 corners").
  constructor(
    private readonly onChange: () => void,
    private readonly onMessage: (text: string) => void,
  ) {
    this.el = svg("svg", {
      id: "zone-canvas",
      class: "zone-canvas",
      tabindex: 0,
      role: "application",
      "aria-roledescription": "privacy zone editor",
      "aria-label":
        "Privacy zones. Click or press Space to add a corner at the cross-hair (arrow keys move it), Enter closes the zone, " +
        "[ and ] select corners, Delete removes one, Escape cancels, Ctrl+Z undoes.",
    });
    this.el.addEventListener("pointerdown", (e) => this.onPointerDown(e));
    this.el.addEventListener("pointermove", (e) => this.onPointerMove(e));
    this.el.addEventListener("pointerup", (e) => this.onPointerUp(e));
    this.el.addEventListener("pointercancel", () => {
      this.press = null;
      if (this.drag) this.restore(this.drag.before);
      this.drag = null;
    });
    this.el.addEventListener("keydown", (e) => this.onKey(e));
    this.el.addEventListener("focus", () => {
      this.cursorShown = true;
      this.render();
    });
    this.el.addEventListener("blur", () => {
      this.cursorShown = false;
      this.render();
    });
    this.resize.observe(this.el);
  }

  dispose(): void {
    this.resize.disconnect();
  }

  // The picture's size in pixels (only its shape matters) and its URL, or null for the grid.
  setFrame(width: number, height: number, background: string | null): void {
    this.frameW = width;
    this.frameH = height;
    this.background = background;
    this.el.setAttribute("viewBox", `0 0 ${width} ${height}`);
    this.render();
  }

  // Zones as loaded or saved: a fresh undo history.
  load(zones: Zone[]): void {
    this.zones = cloneZones(zones);
    this.draft = null;
    this.sel = null;
    this.undoStack = [];
    this.redoStack = [];
    this.changed();
  }

  get current(): Zone[] {
    return cloneZones(this.zones);
  }
  get drawing(): boolean {
    return this.draft !== null;
  }
  get draftCorners(): number {
    return this.draft?.length ?? 0;
  }
  get selectedZone(): number | null {
    return this.sel?.zone ?? null;
  }
  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }
  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  undo(): void {
    const s = this.undoStack.pop();
    if (!s) return;
    this.redoStack.push(this.snapshot());
    this.restore(s);
  }

  redo(): void {
    const s = this.redoStack.pop();
    if (!s) return;
    this.undoStack.push(this.snapshot());
    this.restore(s);
  }

  // Starts a new zone; its corners come from clicks or Space.
  startZone(): void {
    if (this.draft) return;
    if (this.zones.length >= kMaxZonesPerCamera) return this.onMessage(`A camera has at most ${kMaxZonesPerCamera} zones; merge some.`);
    this.record();
    this.draft = [];
    this.sel = null;
    this.changed();
    this.el.focus();
  }

  // Closes the zone being drawn; false (and a message) when it cannot be closed yet.
  finishZone(): boolean {
    if (!this.draft) return false;
    if (this.draft.length < 3) {
      this.onMessage(`A zone needs at least 3 corners; this one has ${this.draft.length}. Add more, or press Escape to cancel it.`);
      return false;
    }
    this.record();
    const zone: Zone = { name: freeName(this.zones), points: this.draft };
    this.zones.push(zone);
    this.draft = null;
    this.sel = { zone: this.zones.length - 1, point: null };
    this.changed();
    const problem = zoneProblem(zone);
    if (problem) this.onMessage(`"${zone.name}" ${problem}.`);
    return true;
  }

  cancelDraft(): void {
    if (!this.draft) return;
    this.record();
    this.draft = null;
    this.changed();
  }

  deleteZone(i: number): void {
    if (!this.zones[i]) return;
    this.record();
    this.zones.splice(i, 1);
    this.sel = null;
    this.changed();
  }

  selectZone(i: number | null): void {
    this.sel = i === null || !this.zones[i] ? null : { zone: i, point: null };
    this.changed();
  }

  // A name edit: `beginRename` at the first keystroke of a visit to the field (one undo
  // step), then `rename` at every keystroke.
  beginRename(): void {
    this.record();
  }
  rename(i: number, name: string): void {
    if (!this.zones[i]) return;
    this.zones[i].name = name;
    this.changed();
  }

  deleteSelectedCorner(): void {
    if (!this.sel || this.sel.point === null) return;
    const zone = this.zones[this.sel.zone];
    if (zone.points.length <= 3) {
      this.onMessage(`A zone needs at least 3 corners; delete the zone "${zone.name}" instead.`);
      return;
    }
    this.record();
    zone.points.splice(this.sel.point, 1);
    this.sel.point = Math.min(this.sel.point, zone.points.length - 1);
    this.changed();
  }

  private snapshot(): Snapshot {
    return {
      zones: cloneZones(this.zones),
      draft: this.draft ? this.draft.map((p) => [p[0], p[1]] as Point) : null,
      sel: this.sel ? { ...this.sel } : null,
    };
  }

  private restore(s: Snapshot): void {
    this.keyMoved = null;
    this.zones = s.zones;
    this.draft = s.draft;
    this.sel = s.sel && this.zones[s.sel.zone] ? s.sel : null;
    this.changed();
  }

  // Call before a change: it becomes one undo step.
  private record(snapshot = this.snapshot()): void {
    this.keyMoved = null;
    this.undoStack.push(snapshot);
    if (this.undoStack.length > kHistoryLimit) this.undoStack.shift();
    this.redoStack = [];
  }

  private changed(): void {
    this.render();
    this.onChange();
  }

  private addCorner(p: Point): void {
    if (!this.draft) {
      if (this.zones.length >= kMaxZonesPerCamera) return this.onMessage(`A camera has at most ${kMaxZonesPerCamera} zones; merge some.`);
      this.record();
      this.draft = [p];
      this.sel = null;
    } else {
      if (this.draft.length >= kMaxZonePoints) return this.onMessage(`A zone has at most ${kMaxZonePoints} corners; press Enter to close it.`);
      this.record();
      this.draft.push(p);
    }
    this.changed();
  }

  // --- pointer (hit tests are geometric: the SVG is redrawn at every change) ---

  private toPoint(e: { clientX: number; clientY: number }): Point {
    const r = this.el.getBoundingClientRect();
    return clampPoint((e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
  }

  // Whether a and b are within a handle's reach of each other on screen.
  private near(a: Point, b: Point, scale = 1): boolean {
    const r = this.el.getBoundingClientRect();
    return Math.hypot((a[0] - b[0]) * r.width, (a[1] - b[1]) * r.height) <= (kHandleRadiusPx + 3) * scale;
  }

  private hitSelected(p: Point): { kind: "corner" | "midpoint"; point: number } | null {
    if (!this.sel || !this.zones[this.sel.zone]) return null;
    const pts = this.zones[this.sel.zone].points;
    const corner = pts.findIndex((q) => this.near(p, q));
    if (corner >= 0) return { kind: "corner", point: corner };
    const mid = pts.findIndex((q, j) => this.near(p, midpoint(q, pts[(j + 1) % pts.length]), 0.8));
    return mid >= 0 ? { kind: "midpoint", point: mid } : null;
  }

  // The topmost zone under p (the last drawn), or null.
  private hitZone(p: Point): number | null {
    for (let i = this.zones.length - 1; i >= 0; i--) if (insidePolygon(p, this.zones[i].points)) return i;
    return null;
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.keyMoved = null;
    this.press = { x: e.clientX, y: e.clientY };
    this.el.setPointerCapture(e.pointerId);
    // No scrolling: the press's position must stay where it is on the picture.
    if (document.activeElement !== this.el) this.el.focus({ preventScroll: true });
    e.preventDefault();
    if (this.draft) return; // a tap adds a corner
    const p = this.toPoint(e);
    const hit = this.hitSelected(p);
    if (!hit || !this.sel) return;
    const before = this.snapshot();
    const zone = this.sel.zone;
    let point = hit.point;
    if (hit.kind === "midpoint") {
      point = hit.point + 1;
      this.zones[zone].points.splice(point, 0, p);
    }
    this.sel = { zone, point };
    this.drag = { zone, point, before, moved: hit.kind === "midpoint" };
    this.changed();
  }

  private onPointerMove(e: PointerEvent): void {
    if (!this.drag) {
      // The children take no pointer events (privacy.css): the cursor says what a press does.
      const hit = this.draft ? null : this.hitSelected(this.toPoint(e));
      this.el.style.cursor = hit?.kind === "corner" ? "move" : hit?.kind === "midpoint" ? "copy" : "";
      return;
    }
    this.zones[this.drag.zone].points[this.drag.point] = this.toPoint(e);
    this.drag.moved = true;
    this.render();
  }

  // A press and release without a drag is a tap (not the click event: the SVG's children
  // are redrawn between the two, and Chromium then sends no click).
  private onPointerUp(e: PointerEvent): void {
    if (this.el.hasPointerCapture(e.pointerId)) this.el.releasePointerCapture(e.pointerId);
    const press = this.press;
    this.press = null;
    const d = this.drag;
    this.drag = null;
    if (d) {
      if (d.moved) this.record(d.before);
      this.changed();
      return;
    }
    if (press && Math.hypot(e.clientX - press.x, e.clientY - press.y) <= kTapSlopPx) this.onTap(this.toPoint(e));
  }

  private onTap(p: Point): void {
    if (this.draft) {
      if (this.draft.length >= 3 && this.near(p, this.draft[0], 1.4)) this.finishZone();
      else if (!this.draft.some((q) => this.near(p, q))) this.addCorner((this.cursor = p));
      return;
    }
    const zone = this.hitZone(p);
    if (zone !== null) {
      if (this.sel?.zone !== zone) this.selectZone(zone);
      return;
    }
    this.addCorner((this.cursor = p));
  }

  // --- keyboard ---

  private onKey(e: KeyboardEvent): void {
    const mod = e.ctrlKey || e.metaKey;
    if (!e.key.startsWith("Arrow")) this.keyMoved = null;
    if (mod && (e.key === "z" || e.key === "Z")) {
      if (e.shiftKey) this.redo();
      else this.undo();
    } else if (mod && e.key === "y") {
      this.redo();
    } else if (e.key.startsWith("Arrow")) {
      this.moveByKey(e.key, e.shiftKey ? 0.1 : 1);
    } else if (e.key === " ") {
      this.addCorner([this.cursor[0], this.cursor[1]]);
    } else if (e.key === "Enter") {
      this.finishZone();
    } else if (e.key === "Escape") {
      if (this.draft) this.cancelDraft();
      else this.selectZone(null);
    } else if (e.key === "Delete" || e.key === "Backspace") {
      this.deleteByKey();
    } else if (e.key === "[" || e.key === "]") {
      this.stepCorner(e.key === "]" ? 1 : -1);
    } else {
      return;
    }
    e.preventDefault();
  }

  // Arrows: 1 % of the picture (Shift: 0.1 %), the selected corner if any, else the cross-hair.
  private moveByKey(key: string, percent: number): void {
    const d = percent / 100;
    const dx = key === "ArrowLeft" ? -d : key === "ArrowRight" ? d : 0;
    const dy = key === "ArrowUp" ? -d : key === "ArrowDown" ? d : 0;
    if (!this.draft && this.sel && this.sel.point !== null) {
      // A run of arrow presses on one corner is one undo step.
      const corner = `${this.sel.zone}:${this.sel.point}`;
      if (this.keyMoved !== corner) this.record();
      this.keyMoved = corner;
      const pts = this.zones[this.sel.zone].points;
      const p = pts[this.sel.point];
      pts[this.sel.point] = clampPoint(p[0] + dx, p[1] + dy);
      this.changed();
      return;
    }
    this.cursor = clampPoint(this.cursor[0] + dx, this.cursor[1] + dy);
    this.render();
  }

  private deleteByKey(): void {
    if (this.draft && this.draft.length > 0) {
      this.record();
      this.draft.pop();
      this.changed();
    } else if (this.sel?.point !== null && this.sel) {
      this.deleteSelectedCorner();
    }
  }

  private stepCorner(step: number): void {
    if (!this.sel) {
      if (this.zones.length === 0) return;
      this.sel = { zone: 0, point: null };
    }
    const n = this.zones[this.sel.zone].points.length;
    this.sel.point = this.sel.point === null ? (step > 0 ? 0 : n - 1) : (this.sel.point + step + n) % n;
    this.cursor = [...this.zones[this.sel.zone].points[this.sel.point]] as Point;
    this.changed();
  }

  private render(): void {
    drawZones(this.el, {
      width: this.frameW,
      height: this.frameH,
      background: this.background,
      zones: this.zones,
      draft: this.draft,
      selected: this.sel,
      cursor: this.cursorShown && !this.drag ? this.cursor : null,
      handleRadiusPx: kHandleRadiusPx,
    });
  }
}
