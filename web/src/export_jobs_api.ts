// export_jobs_api.ts: export jobs (POST/GET/DELETE /api/v1/exports, docs/ref/openapi.yaml):
// a signed evidence package (one .tar that `custos verify` checks) or a masked MP4 for
// publication, made on the server off the request path; the user polls the job and
// downloads the result. Errors are ApiError with the server's own message (api.ts).
import { request } from "./api";

export type JobKind = "evidence_package" | "masked";
export type JobState = "queued" | "running" | "done" | "failed" | "cancelled";

export interface ExportJob {
  id: string;
  kind: JobKind;
  camera: string;
  from: string;
  to: string;
  state: JobState;
  phase: string;
  progress: number; // 0..1; 1 only when done
  frames_done: number;
  frames_total: number;
  error: string;
  request_id: number;
  watermark?: boolean;
  export_id?: string;
  created_at: string;
  finished_at: string | null;
  expires_at: string | null;
  file_name: string;
  bytes: number;
  download: string | null; // the file's URL once done
}

export interface NewExportJob {
  camera: string;
  from: string;
  to: string;
  kind: JobKind;
  watermark: boolean;
}

export function isActive(j: ExportJob): boolean {
  return j.state === "queued" || j.state === "running";
}

export function startExportJob(job: NewExportJob): Promise<ExportJob> {
  return request<ExportJob>("POST", "/exports", job);
}

export function exportJob(id: string): Promise<ExportJob> {
  return request<ExportJob>("GET", `/exports/${encodeURIComponent(id)}`);
}

export async function exportJobs(): Promise<ExportJob[]> {
  return (await request<{ exports: ExportJob[] }>("GET", "/exports")).exports;
}

// Queued or running: cancelled. Done: its file is deleted.
export function cancelExportJob(id: string): Promise<ExportJob> {
  return request<ExportJob>("DELETE", `/exports/${encodeURIComponent(id)}`);
}

export function kindText(k: JobKind, watermark = false): string {
  const base = k === "evidence_package" ? "evidence package" : "masked for publication";
  return watermark ? `${base}, watermarked` : base;
}

// "running: writing, 42 %" / "done" / "failed: <the server's reason>".
export function jobStateText(j: ExportJob): string {
  if (j.state === "failed") return `failed: ${j.error}`;
  if (j.state === "done" || j.state === "cancelled") return j.state;
  const pct = Math.floor(j.progress * 100);
  return j.phase && j.phase !== j.state ? `${j.state}: ${j.phase}, ${pct} %` : `${j.state}, ${pct} %`;
}
