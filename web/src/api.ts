// api.ts: the JSON API under /api/v1 (docs/ref/openapi.yaml). Errors become ApiError with
// the server's own message; a 401 sends the user to the login page. The CSRF token comes
// from /login or /me and goes with every POST and PUT (the session cookie is HttpOnly).
import { setHolders } from "./permissions";

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
  if (method !== "GET" && method !== "HEAD" && csrfToken) headers["X-Custos-CSRF"] = csrfToken;
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

// Who is logged in, and what their roles let the UI offer (the server decides anyway).
export interface Me {
  user: string;
  roles: string[];
  live_cameras: string[]; // the cameras a duty operator is assigned to watch live
}

export async function login(user: string, password: string): Promise<Me> {
  await request<{ user: string; csrf_token: string }>("POST", "/login", { user, password });
  // /login's answer has no roles: /me has them (and a fresh CSRF token).
  return (await me()) ?? { user, roles: [], live_cameras: [] };
}

export async function me(): Promise<Me | null> {
  try {
    const r = await request<{
      user: string;
      roles?: string[];
      live_cameras?: string[];
      permission_holders?: Record<string, string[]>;
      csrf_token: string;
    }>("GET", "/me");
    setHolders(r.permission_holders ?? {});
    csrfToken = r.csrf_token;
    return { user: r.user, roles: r.roles ?? [], live_cameras: r.live_cameras ?? [] };
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

// Retrieval requests (docs/design/access.md): footage is reachable only through an
// approved, unexpired request that covers the camera and the range.
export interface Person {
  name: string;
  id_number: string;
  work_permit: string;
}
export interface NewRetrievalRequest {
  kind: "playback" | "export";
  cameras: string[];
  from: string;
  to: string;
  purpose: string;
  case_ref: string;
  approval_doc_ref: string;
  persons: Person[];
  destination: string;
  emergency: boolean;
}
export interface RetrievalRequest extends NewRetrievalRequest {
  id: number;
  requester: string;
  state: "pending" | "approved" | "rejected";
  pending_after_the_fact?: boolean;
  approvals_needed?: number;
  approvers?: string[];
  rejected_by?: string;
  reject_reason?: string;
  created_at?: string;
  expires_at?: string | null;
  granted_now?: boolean;
}

export async function requests(state?: "pending"): Promise<RetrievalRequest[]> {
  return (await request<{ requests: RetrievalRequest[] }>("GET", "/requests" + (state ? `?state=${state}` : ""))).requests;
}

export function fileRequest(r: NewRetrievalRequest): Promise<RetrievalRequest> {
  return request<RetrievalRequest>("POST", "/requests", r);
}

export function approveRequest(id: number): Promise<RetrievalRequest> {
  return request<RetrievalRequest>("POST", `/requests/${id}/approve`, {});
}

export function rejectRequest(id: number, reason: string): Promise<RetrievalRequest> {
  return request<RetrievalRequest>("POST", `/requests/${id}/reject`, { reason });
}

// A grant in force: [from, to) of a camera, for watching, or for copying too (export).
export interface Grant {
  id: number;
  camera: string;
  start_ms: number;
  end_ms: number;
  exportable: boolean;
}

// The grants the user's own requests give now. The server checks again at every request.
export function grantsOf(list: RetrievalRequest[], user: string, now_ms = Date.now()): Grant[] {
  const out: Grant[] = [];
  for (const r of list) {
    if (!r.granted_now || r.requester !== user) continue;
    if (r.expires_at && Date.parse(r.expires_at) <= now_ms) continue;
    for (const camera of r.cameras) {
      out.push({ id: r.id, camera, start_ms: Date.parse(r.from), end_ms: Date.parse(r.to), exportable: r.kind === "export" });
    }
  }
  return out;
}

// What a request still waits for, in words.
export function requestStateText(r: RetrievalRequest): string {
  if (r.state === "rejected") return `rejected by ${r.rejected_by ?? "an approver"}: ${r.reject_reason ?? ""}`;
  const approvers = approversOf(r);
  const got = approvers.length;
  const needed = r.approvals_needed ?? (r.kind === "export" ? 2 : 1);
  if (r.state === "approved") return r.expires_at ? `approved, granted until ${new Date(r.expires_at).toLocaleString()}` : "approved";
  const after = r.pending_after_the_fact ? "emergency: granted now, " : "";
  if (got === 0) return `${after}pending: needs ${needed === 2 ? "two approvers" : "one approver"}`;
  if (got < needed) return `${after}pending: approved by ${approvers.join(", ")}; needs a second approver`;
  return `${after}pending`;
}

// The server lists both approver slots; an empty one is not an approver.
export function approversOf(r: RetrievalRequest): string[] {
  return (r.approvers ?? []).filter((a) => a !== "");
}

// Users (administrators only): never a password or its hash.
export interface User {
  name: string;
  display_name?: string;
  unit?: string;
  roles: string[];
  cameras: string[];
  camera_groups?: string[];
  disabled: boolean;
  locked?: boolean;
}

export async function users(): Promise<User[]> {
  return (await request<{ users: User[] }>("GET", "/users")).users;
}
