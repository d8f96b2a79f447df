// api.ts: the JSON API under /api/v1 (docs/ref/openapi.yaml). Errors become ApiError with
// the server's own message; a 401 sends the user to the login page. The CSRF token comes
// from /login or /me and goes with every POST (the session cookie is HttpOnly).

export interface CameraStatus {
  state: string;
  since?: string;
  last_error?: string;
  codec?: string;
  width?: number;
  height?: number;
  frames?: number;
}
export interface Camera {
  id: string;
  name: string;
  enabled: boolean;
  status: CameraStatus | null;
}
export interface Run {
  start: string;
  end: string;
  open: boolean;
  recordings: number;
}
export interface Gap {
  start: string;
  end: string | null;
  reason: string;
  detail: string;
}
export interface Timeline {
  runs: Run[];
  gaps: Gap[];
}
export interface Recording {
  start: string;
  end: string;
  duration_ms: number;
  frames: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = "";
let onUnauthenticated: () => void = () => {};

export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

export async function errorFrom(res: Response): Promise<ApiError> {
  let code = "http_" + res.status;
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = await res.json();
    if (body?.error?.message) {
      code = body.error.code ?? code;
      message = body.error.message;
    }
  } catch {
    // Not JSON (a proxy's page): keep the status line.
  }
  return new ApiError(res.status, code, message);
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method === "POST" && csrfToken) headers["X-Custos-CSRF"] = csrfToken;
  let res: Response;
  try {
    res = await fetch("/api/v1" + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch (e) {
    throw new ApiError(0, "network", `cannot reach the Custos server (${(e as Error).message})`);
  }
  if (!res.ok) {
    const err = await errorFrom(res);
    if (res.status === 401 && path !== "/login") onUnauthenticated();
    throw err;
  }
  if (res.status === 204) return undefined as T; // logout
  return (await res.json()) as T;
}

export async function login(user: string, password: string): Promise<string> {
  const r = await request<{ user: string; csrf_token: string }>("POST", "/login", { user, password });
  csrfToken = r.csrf_token;
  return r.user;
}

export async function me(): Promise<string | null> {
  try {
    const r = await request<{ user: string; csrf_token: string }>("GET", "/me");
    csrfToken = r.csrf_token;
    return r.user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export async function logout(): Promise<void> {
  await request("POST", "/logout");
  csrfToken = "";
}

export async function cameras(): Promise<Camera[]> {
  return (await request<{ cameras: Camera[] }>("GET", "/cameras")).cameras;
}

function range(from: Date, to: Date): string {
  return `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
}

export function timeline(camera: string, from: Date, to: Date): Promise<Timeline> {
  return request<Timeline>("GET", `/cameras/${encodeURIComponent(camera)}/timeline?${range(from, to)}`);
}

export async function recordings(camera: string, from: Date, to: Date): Promise<Recording[]> {
  const path = `/cameras/${encodeURIComponent(camera)}/recordings?${range(from, to)}`;
  return (await request<{ recordings: Recording[] }>("GET", path)).recordings;
}

export function exportUrl(camera: string, from: Date, to: Date, download = false): string {
  return `/api/v1/cameras/${encodeURIComponent(camera)}/export.mp4?${range(from, to)}${download ? "&download=1" : ""}`;
}

export function liveUrl(camera: string): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/api/v1/cameras/${encodeURIComponent(camera)}/live`;
}

// How a camera's state reads to an operator: delivering video, on its way, or not.
export type Health = "ok" | "pending" | "offline";
export function health(c: Camera): Health {
  const s = c.status?.state ?? "unknown";
  if (!c.enabled) return "offline";
  if (s === "recording") return "ok";
  // Reconnecting after a failure (the error is kept) is offline until video flows again.
  if ((s === "starting" || s === "connecting") && !c.status?.last_error) return "pending";
  return "offline";
}

export function stateText(c: Camera): string {
  if (!c.enabled) return "disabled";
  const s = c.status;
  if (!s) return "no state yet";
  return s.last_error ? `${s.state}: ${s.last_error}` : s.state;
}
