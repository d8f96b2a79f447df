// time.ts: wall times in the browser's time zone. Internally every time is a number of
// milliseconds since the Unix epoch (`_ms`); the API speaks ISO 8601 (UTC).

export const kSecondMs = 1000;
export const kMinuteMs = 60 * kSecondMs;
export const kHourMs = 60 * kMinuteMs;
export const kDayMs = 24 * kHourMs;

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

export function parseIso(s: string): number {
  return new Date(s).getTime();
}

// "2026-11-23" for the local day holding t.
export function dayKey(t_ms: number): string {
  const d = new Date(t_ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// [start, end) of a local day "YYYY-MM-DD" (23 or 25 hours long on DST changes).
export function dayBounds(key: string): [number, number] {
  const [y, m, d] = key.split("-").map(Number);
  return [new Date(y, m - 1, d).getTime(), new Date(y, m - 1, d + 1).getTime()];
}

export function formatClock(t_ms: number, withMs = false): string {
  const d = new Date(t_ms);
  const base = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMs ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
}

export function formatWall(t_ms: number): string {
  return `${dayKey(t_ms)} ${formatClock(t_ms, true)}`;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}
