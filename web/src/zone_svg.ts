// zone_svg.ts: draws the privacy zone editor's state into its SVG: the picture (or a grid
// every 10 % of the frame), the zones (a crossing or degenerate one dashed red), the
// selected zone's corners and edge midpoints, the zone being drawn, the keyboard
// cross-hair. The viewBox is the frame's size in pixels; handles keep one size on screen.
// Redrawn whole at every change (at most 32 zones of 64 corners).
import { midpoint, zoneProblem, type Point, type Zone } from "./zone_geometry";

const kSvgNs = "http://www.w3.org/2000/svg";
const kGridSteps = 10;

export interface Selection {
  zone: number;
  point: number | null;
}

export interface ZoneView {
  width: number; // the frame, pixels
  height: number;
  background: string | null; // the picture's URL, or null for the grid
  zones: Zone[];
  draft: Point[] | null;
  selected: Selection | null;
  cursor: Point | null; // the keyboard cross-hair, when the editor has focus
  handleRadiusPx: number;
}

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const el = document.createElementNS(kSvgNs, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

function backdrop(v: ZoneView): SVGElement[] {
  const { width: w, height: h } = v;
  if (v.background) return [svg("image", { href: v.background, x: 0, y: 0, width: w, height: h, preserveAspectRatio: "none" })];
  const nodes: SVGElement[] = [svg("rect", { class: "zone-grid-bg", x: 0, y: 0, width: w, height: h })];
  for (let i = 1; i < kGridSteps; i++) {
    nodes.push(svg("line", { class: "zone-grid", x1: (i * w) / kGridSteps, y1: 0, x2: (i * w) / kGridSteps, y2: h }));
    nodes.push(svg("line", { class: "zone-grid", x1: 0, y1: (i * h) / kGridSteps, x2: w, y2: (i * h) / kGridSteps }));
  }
  return nodes;
}

export function drawZones(el: SVGSVGElement, v: ZoneView): void {
  const shown = el.getBoundingClientRect().width || v.width;
  const r = (v.handleRadiusPx * v.width) / shown; // viewBox units for a constant on-screen size
  const xy = (p: Point): [number, number] => [p[0] * v.width, p[1] * v.height];
  const list = (pts: Point[]) => pts.map((p) => xy(p).join(",")).join(" ");
  const handle = (cls: string, p: Point, radius: number, attrs: Record<string, number> = {}) => {
    const [cx, cy] = xy(p);
    return svg("circle", { class: cls, cx, cy, r: radius, ...attrs });
  };
  const nodes = backdrop(v);
  v.zones.forEach((z, i) => {
    const cls = `zone${v.selected?.zone === i ? " selected" : ""}${zoneProblem(z) ? " invalid" : ""}`;
    const poly = svg("polygon", { class: cls, points: list(z.points), "data-zone": i });
    const title = svg("title");
    title.textContent = z.name || `zone ${i + 1}`;
    poly.appendChild(title);
    nodes.push(poly);
  });
  const sel = v.selected;
  if (sel && v.zones[sel.zone]) {
    const pts = v.zones[sel.zone].points;
    pts.forEach((p, j) => nodes.push(handle("zone-midpoint", midpoint(p, pts[(j + 1) % pts.length]), r * 0.7, { "data-zone": sel.zone })));
    pts.forEach((p, j) => nodes.push(handle(`zone-corner${sel.point === j ? " selected" : ""}`, p, r, { "data-zone": sel.zone, "data-point": j })));
  }
  if (v.draft) {
    const d = v.draft;
    nodes.push(svg("polyline", { id: "zone-draft", class: "zone-draft", points: list(d) }));
    d.forEach((p, j) => {
      const closable = j === 0 && d.length >= 3; // a click here closes the zone
      nodes.push(handle(`zone-corner draft${closable ? " closable" : ""}`, p, closable ? r * 1.4 : r, { "data-point": j }));
    });
  }
  if (v.cursor) {
    const [cx, cy] = xy(v.cursor);
    nodes.push(svg("path", { class: "zone-cursor", d: `M${cx - 3 * r},${cy}H${cx + 3 * r}M${cx},${cy - 3 * r}V${cy + 3 * r}` }));
  }
  el.replaceChildren(...nodes);
  el.dataset.zones = String(v.zones.length);
  el.dataset.drawing = String(v.draft !== null);
}
