// main.ts: boots the UI: asks who is logged in, then shows the page the address names.
import "./style.css";
import * as api from "./api";
import { h, clear, notice } from "./dom";
import { definePage, navigate, onNavigate, pageFor, type Cleanup } from "./router";
import { loginPage } from "./pages/login";
import { livePage } from "./pages/live";
import { playbackPage } from "./pages/playback";
import { requestsPage } from "./pages/requests";
import { approvalsPage } from "./pages/approvals";
import { usersPage } from "./pages/users";
import { privacyPage } from "./pages/privacy";
import { registryPage } from "./pages/registry";
import { filingsPage } from "./pages/filings";
import { compliancePage } from "./pages/compliance";
import { auditPage } from "./pages/audit";
import { landingFor, shell } from "./pages/shell";

const app = document.getElementById("app")!;
let user: api.Me | null = null;
let cleanup: Cleanup | null = null;

definePage("/live", (main, params) => livePage(main, params, user!));
definePage("/playback", (main, params) => playbackPage(main, params, user!));
definePage("/requests", (main, params) => requestsPage(main, params, user!));
definePage("/approvals", (main, params) => approvalsPage(main, params, user!));
definePage("/users", (main) => usersPage(main));
definePage("/privacy", (main, params) => privacyPage(main, params, user!));
definePage("/registry", (main) => registryPage(main, user!));
definePage("/filings", (main, params) => filingsPage(main, params, user!));
definePage("/compliance", (main, params) => compliancePage(main, params, user!));
definePage("/audit", (main) => auditPage(main));

async function show(path: string, params: URLSearchParams): Promise<void> {
  cleanup?.();
  cleanup = null;
  clear(app);
  if (path === "/login" || user === null) {
    if (path !== "/login") history.replaceState(null, "", "/login");
    app.appendChild(
      loginPage((name) => {
        user = name;
        const next = params.get("next");
        if (next && next.startsWith("/") && next !== "/login") navigate(next, "", true);
        else navigate(landingFor(name), "", true);
      }),
    );
    return;
  }
  const page = pageFor(path);
  if (!page) return navigate(landingFor(user), "", true);
  const main = h("main", { id: "main" });
  app.appendChild(shell(path, user, main, onLogout));
  try {
    cleanup = await page(main, params);
  } catch (e) {
    if (e instanceof api.ApiError && e.status === 403) main.appendChild(notice("warn", `Not allowed for ${user.user}: ${e.message}`));
    else main.appendChild(notice("error", (e as Error).message));
  }
}

async function onLogout(): Promise<void> {
  try {
    await api.logout();
  } catch {
    // The session is gone either way (expired, or the server restarted).
  } finally {
    user = null;
    navigate("/login", "", true);
  }
}

async function boot(): Promise<void> {
  api.setUnauthenticatedHandler(() => {
    if (user === null) return;
    user = null;
    navigate("/login", "", true);
  });
  onNavigate((path, params) => void show(path, params));
  try {
    user = await api.me();
  } catch (e) {
    clear(app);
    app.appendChild(notice("error", `The server did not answer: ${(e as Error).message}`));
    return;
  }
  void show(location.pathname, new URLSearchParams(location.search));
}

void boot();
