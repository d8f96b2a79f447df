// main.ts: boots the UI: asks who is logged in, then shows the page the address names.
import "./style.css";
import * as api from "./api";
import { h, clear, notice } from "./dom";
import { definePage, navigate, onNavigate, pageFor, type Cleanup } from "./router";
import { loginPage } from "./pages/login";
import { livePage } from "./pages/live";
import { playbackPage } from "./pages/playback";
import { shell } from "./pages/shell";

const app = document.getElementById("app")!;
let user: string | null = null;
let cleanup: Cleanup | null = null;

definePage("/live", livePage);
definePage("/playback", playbackPage);

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
        navigate(next && next.startsWith("/") && next !== "/login" ? next : "/live", "", true);
      }),
    );
    return;
  }
  const page = pageFor(path);
  if (!page) return navigate("/live", "", true);
  const main = h("main", { id: "main" });
  app.appendChild(shell(path, user, main, onLogout));
  try {
    cleanup = await page(main, params);
  } catch (e) {
    main.appendChild(notice("error", (e as Error).message));
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
