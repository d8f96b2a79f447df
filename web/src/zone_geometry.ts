// zone_geometry.ts: privacy zones as the API has them (src/privacy/zone.h): polygons whose
// corners are fractions 0..1 of the picture's width and height, origin top left. Pure
// functions, so the editor's rules read in one place. The server validates again and its
// message is what the user sees; the checks here only mark a zone before saving.

export type Point = [number, number]; // [x, y], each 0..1
export interface Zone {
  name: string;
  points: Point[];
}

export const kMaxZonePoints = 64; // privacy::kMaxZonePoints
export const kMaxZonesPerCamera = 32; // privacy::kMaxZonesPerCamera
export const kMaxNameBytes = 200;

// Four decimals: 0.06 px of a 640-px picture, 0.4 px of a 3840-px one.
export function roundCoord(v: number): number {
  return Math.round(Math.min(1, Math.max(0, v)) * 10000) / 10000;
}

export function clampPoint(x: number, y: number): Point {
  return [roundCoord(x), roundCoord(y)];
}

function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

// A proper crossing of segments ab and cd (touching at an end does not count), as the server.
function segmentsCross(a: Point, b: Point, c: Point, d: Point): boolean {
  const d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

export function selfIntersects(p: Point[]): boolean {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // adjacent through the closing edge
      if (segmentsCross(p[i], p[(i + 1) % n], p[j], p[(j + 1) % n])) return true;
    }
  }
  return false;
}

export function area(p: Point[]): number {
  let twice = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i], b = p[(i + 1) % p.length];
    twice += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(twice) / 2;
}

export function midpoint(a: Point, b: Point): Point {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

// Even-odd ray casting: whether p is inside the polygon.
export function insidePolygon(p: Point, pts: Point[]): boolean {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i], [xj, yj] = pts[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// What is wrong with a zone, in words, or "" (the server's rules, for a hint before saving).
export function zoneProblem(z: Zone): string {
  if (z.points.length < 3) return "needs at least 3 corners";
  if (z.points.length > kMaxZonePoints) return `more than ${kMaxZonePoints} corners`;
  if (selfIntersects(z.points)) return "crosses itself: move a corner so that no edges cross";
  if (area(z.points) < 1e-6) return "has no area";
  if (new TextEncoder().encode(z.name).length > kMaxNameBytes) return `name longer than ${kMaxNameBytes} bytes`;
  return "";
}

// The first name "zone N" not yet taken (names make the server's messages say which zone).
export function freeName(zones: Zone[]): string {
  const taken = new Set(zones.map((z) => z.name));
  for (let n = zones.length + 1; ; n++) if (!taken.has(`zone ${n}`)) return `zone ${n}`;
}

export function cloneZones(zones: Zone[]): Zone[] {
  return zones.map((z) => ({ name: z.name, points: z.points.map((p) => [p[0], p[1]] as Point) }));
}

// Accepts the server's answer only in the documented shape.
export function zonesFromJson(value: unknown): Zone[] {
  if (!Array.isArray(value)) throw new Error("the server's privacy zones are not a list");
  return value.map((z) => {
    const points = (z as { points?: unknown }).points;
    if (!Array.isArray(points) || !points.every((p) => Array.isArray(p) && p.length === 2 && p.every(Number.isFinite))) {
      throw new Error("a privacy zone from the server has no [[x, y], ...] corners");
    }
    const name = (z as { name?: unknown }).name;
    return { name: typeof name === "string" ? name : "", points: points.map((p) => [Number(p[0]), Number(p[1])] as Point) };
  });
}
