// govern_api.ts: the Govern routes (docs/ref/openapi.yaml, src/api/govern_handlers.cc): the
// camera registry (R101-R109, R206) and its site categories, filings with deadlines under
// the jurisdiction profile (R201-R203), operations records and archived documents
// (R205, R301-R304), the profiles and the compliance report. Refusals come back as ApiError
// with the server's own words ("R103: ...").
import { request } from "./api";

export type Lifecycle = "planned" | "accepted" | "in_use" | "changed" | "dismantled";
export const kLifecycles: Lifecycle[] = ["planned", "accepted", "in_use", "changed", "dismantled"];
export const kPositions = ["entrance", "main_passage", "key_part", "other"] as const;

export interface RegistryEntry {
  owning_unit: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  site_category: string;
  position: string;
  equipment_type: string;
  equipment_model: string;
  commissioned_on: string;
  lifecycle: Lifecycle;
  lifecycle_since: string;
  accepted_on: string;
  acceptance_ref: string;
  signage: boolean;
  signage_evidence: string;
  government_invested: boolean;
  near_military_zone: boolean;
  military_consent_ref: string;
}
// What a form sends: any subset of the writable fields (the server changes only those).
export type RegistryFields = Partial<Omit<RegistryEntry, "lifecycle_since">>;

export interface RegisteredCamera {
  id: string;
  name: string;
  recorded: boolean;
  registry: RegistryEntry | null; // null: never registered
}

export interface SiteCategory {
  id: string;
  name: string;
  tier: "required" | "optional" | "forbidden";
  private: boolean;
  source: string;
}

export interface NewCamera {
  id: string;
  name: string;
  url: string;
  user: string;
  password: string;
  transport: string;
  registry: RegistryFields;
}

export async function registry(): Promise<RegisteredCamera[]> {
  return (await request<{ cameras: RegisteredCamera[] }>("GET", "/registry")).cameras;
}

export async function siteCategories(): Promise<SiteCategory[]> {
  return (await request<{ categories: SiteCategory[] }>("GET", "/site-categories")).categories;
}

export function registerCamera(c: NewCamera): Promise<RegisteredCamera> {
  return request<RegisteredCamera>("POST", "/cameras", c);
}

export function changeRegistry(camera: string, fields: RegistryFields): Promise<RegisteredCamera> {
  return request<RegisteredCamera>("POST", `/cameras/${encodeURIComponent(camera)}/registry`, fields);
}

export interface Filing {
  id: number;
  kind: "system" | "change" | "dismantling";
  camera_id: string;
  event_on: string;
  detail: string;
  required: boolean;
  pre_existing: boolean;
  due_on: string | null;
  due: string; // a date, "promptly", "no deadline stated" or "not required under PROFILE"
  source: string;
  open: boolean;
  overdue: boolean;
  filed_on: string;
  receipt_ref: string;
}

export function filings(onlyOverdue: boolean): Promise<{ profile: string; filings: Filing[] }> {
  return request("GET", "/filings" + (onlyOverdue ? "?overdue=1" : ""));
}

// Records that filing `id` was made (receipt reference, date "YYYY-MM-DD"); audited.
export function markFiled(id: number, ref: string, on: string): Promise<Filing> {
  return request("POST", `/filings/${id}/filed`, on ? { ref, on } : { ref });
}

export const kRecordKinds = ["training", "maintenance", "inspection", "duty"] as const;
export type RecordKind = (typeof kRecordKinds)[number];

export interface OpsRecord {
  id: number;
  kind: RecordKind;
  on: string;
  persons: string;
  description: string;
  entered_by: string;
}
export interface ArchivedDocument {
  id: number;
  kind: string;
  title: string;
  file: string;
  sha256: string;
  bytes: number;
  parties: string;
}

export function records(): Promise<{ records: OpsRecord[]; documents: ArchivedDocument[] }> {
  return request("GET", "/records");
}

export function addRecord(r: { kind: RecordKind; on: string; persons: string; description: string }): Promise<OpsRecord> {
  return request<OpsRecord>("POST", "/records", r);
}

export interface ProfileSummary {
  name: string;
  title: string;
  source_key: string;
  effective_on: string | null;
  active: boolean;
}

export async function profiles(): Promise<ProfileSummary[]> {
  return (await request<{ profiles: ProfileSummary[] }>("GET", "/profiles")).profiles;
}

// A number of the profile with the article it comes from.
export interface Cited<T> {
  value: T;
  source: string;
}
export interface FilingRule {
  required: boolean;
  days: number | null;
  working_days: boolean;
  source: string;
  from?: string;
}
export interface Profile {
  name: string;
  title: string;
  source_key: string;
  regulation: string;
  effective_on: string | null;
  active: boolean;
  min_retention_days: Cited<number>;
  after_minimum: Cited<string>;
  important_retention_days: Cited<number | null>;
  system_filing: FilingRule;
  pre_existing_filing_days: Cited<number | null>;
  change_report: FilingRule;
  dismantling_filing: FilingRule;
  retrieval_min_persons: Cited<number | null>;
  subject_access: Cited<boolean>;
  tier2_lighter_duties: Cited<boolean>;
}

export function profile(name: string): Promise<Profile> {
  return request<Profile>("GET", "/profile?name=" + encodeURIComponent(name));
}

export type ComplianceState = "met" | "not_met" | "not_applicable" | "not_implemented";
export const kComplianceStates: ComplianceState[] = ["met", "not_met", "not_applicable", "not_implemented"];

export interface ComplianceReport {
  profile: string;
  date: string;
  counts: Partial<Record<ComplianceState, number>>; // states with no requirement are absent
  requirements: { id: string; requirement: string; state: ComplianceState; evidence: string }[];
}

export function compliance(profileName: string): Promise<ComplianceReport> {
  return request<ComplianceReport>("GET", "/compliance" + (profileName ? "?profile=" + encodeURIComponent(profileName) : ""));
}
