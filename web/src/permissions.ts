// permissions.ts: which roles hold the permissions the Govern and audit pages are offered by, as
// src/api/authorize.cc's RoleHolds() grants them. Only for showing links and forms: the
// server decides every request, and a page opened without the permission says so.

export type Permission = "view_registry" | "edit_registry" | "manage_filings" | "view_compliance" | "view_audit";

export const kHolders: Record<Permission, readonly string[]> = {
  view_registry: ["administrator", "maintainer"], // R408: the maintainer services cameras
  edit_registry: ["administrator"],
  manage_filings: ["administrator"],
  view_compliance: ["administrator", "auditor"],
  view_audit: ["auditor"], // administrators are audited like everyone and do not read the log
};

export function holds(roles: readonly string[], p: Permission): boolean {
  return kHolders[p].some((r) => roles.includes(r));
}

// "administrator or maintainer", for the sentence a page shows to other roles.
export function holdersText(p: Permission): string {
  return kHolders[p].join(" or ");
}
