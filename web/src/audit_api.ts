// audit_api.ts: the audit routes (GET /api/v1/audit, /audit/verify, /audit/register,
// /audit/inspection; docs/ref/openapi.yaml), for the auditor. Every call is itself
// recorded in the audit log by the server.
import { request } from "./api";

export interface AuditEntry {
  seq: number;
  time: string;
  actor: string;
  action: string;
  outcome: string;
  cameras: string[];
  from: string | null;
  to: string | null;
  purpose: string;
  destination: string;
  request: string;
  client: string;
  detail: string;
  hash: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  next_after_seq: number | null;
}

export interface AuditFilter {
  from?: Date;
  to?: Date;
  actor?: string;
  camera?: string;
  action?: string; // comma-separated
}

export interface AuditVerification {
  intact: boolean;
  entries: number;
  last_seq: number;
  checkpoints: number;
  last_signed_seq: number;
  problems: { seq: number; problem: string; message: string }[];
  notes: string[];
}

export const kAuditPageSize = 200;

export function auditQuery(f: AuditFilter, afterSeq = 0): string {
  const q = new URLSearchParams();
  if (f.from) q.set("from", f.from.toISOString());
  if (f.to) q.set("to", f.to.toISOString());
  for (const key of ["actor", "camera", "action"] as const) {
    const v = f[key]?.trim();
    if (v) q.set(key, v);
  }
  if (afterSeq > 0) q.set("after_seq", String(afterSeq));
  q.set("limit", String(kAuditPageSize));
  return q.toString();
}

export function auditEntries(f: AuditFilter, afterSeq = 0): Promise<AuditPage> {
  return request<AuditPage>("GET", `/audit?${auditQuery(f, afterSeq)}`);
}

export function verifyAudit(): Promise<AuditVerification> {
  return request<AuditVerification>("GET", "/audit/verify");
}

// The address of a report download (a plain link: the session cookie goes with it).
export function auditReportUrl(kind: "register" | "inspection", from: Date, to: Date, format: "csv" | "pdf"): string {
  const q = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), format });
  return `/api/v1/audit/${kind}?${q.toString()}`;
}
