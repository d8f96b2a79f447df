// permissions.ts: which roles hold the permissions the pages are offered by, as the server
// reports them in GET /me (`permission_holders`, from src/api/authorize.cc's RoleHolds(),
// the one table). Only for showing links and forms: the server decides every request, and a
// page opened without the permission says so.

export type Permission = "view_registry" | "edit_registry" | "manage_filings" | "view_compliance" | "view_audit";

let holders: Record<string, readonly string[]> = {};

// Set from GET /me at each login and page load (api.me()).
export function setHolders(table: Record<string, readonly string[]>): void {
  holders = table;
}

export function holds(roles: readonly string[], p: Permission): boolean {
  return (holders[p] ?? []).some((r) => roles.includes(r));
}

// "administrator or maintainer", for the sentence a page shows to other roles.
export function holdersText(p: Permission): string {
  return (holders[p] ?? []).join(" or ") || "no";
}
