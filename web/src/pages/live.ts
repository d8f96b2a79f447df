// live.ts: the live wall: 1, 4, 9 or 16 tiles, each a camera's name, state and live video,
// with full screen for one tile (button or double-click). Camera states are refreshed
// every 5 s; a tile of an offline camera says so instead of trying to play. A "masked"
// badge shows while the live stream says the camera's privacy zones are filled.
import * as api from "../api";
import { h, notice } from "../dom";
import { LivePlayer, type LiveState } from "../live_player";
import { setQuery, type Cleanup } from "../router";
import { formatClock } from "../time";

const kLayouts = [1, 4, 9, 16];
const kRefreshMs = 5000;

class Tile {
  readonly el: HTMLElement;
  private readonly video = h("video", { muted: true, autoplay: true, playsinline: true });
  private readonly name = h("span", { class: "tile-name" });
  private readonly badge = h("span", { class: "badge" });
  private readonly clock = h("span", { class: "tile-clock" });
  // Shown while the live stream says its privacy zones are filled (its header's "masked").
  private readonly masked = h("span", { class: "badge masked", hidden: true,
    title: "Privacy zones are filled in this picture (docs/design/privacy.md)" }, "masked");
  private readonly overlay = h("div", { class: "tile-overlay" });
  private player: LivePlayer | null = null;
  private offline = true;

  constructor(readonly camera: api.Camera) {
    const full = h("button", { type: "button", class: "icon", title: "Full screen (or double-click the tile)", onclick: () => this.fullScreen() }, "Full screen");
    this.el = h(
      "div",
      { class: "tile", "data-camera": camera.id },
      this.video,
      this.overlay,
      h("div", { class: "tile-bar" }, this.name, this.clock, this.masked, this.badge, full),
    );
    this.el.addEventListener("dblclick", () => this.fullScreen());
    this.update(camera);
  }

  update(camera: api.Camera): void {
    this.name.textContent = camera.name;
    const health = api.health(camera);
    this.badge.textContent = camera.status?.state ?? "unknown";
    this.badge.className = `badge ${health}`;
    this.badge.title = api.stateText(camera);
    const offline = health === "offline";
    if (offline && !this.offline) this.stopPlayer();
    if (!offline && this.offline) this.startPlayer();
    this.offline = offline;
    if (offline) this.showOverlay("offline", `Camera offline — ${api.stateText(camera)}`);
  }

  stopPlayer(): void {
    this.clock.textContent = "";
    this.showMasked(false);
    this.player?.stop();
    this.player = null;
  }

  private startPlayer(): void {
    this.player = new LivePlayer(
      this.video,
      this.camera.id,
      (s) => this.onState(s),
      (wall) => {
        this.clock.textContent = formatClock(wall);
        this.clock.dataset.wallMs = String(Math.round(wall));
      },
      (masked) => this.showMasked(masked),
    );
    this.player.start();
  }

  private showMasked(masked: boolean): void {
    this.masked.hidden = !masked;
    this.el.dataset.masked = String(masked);
  }

  private onState(s: LiveState): void {
    this.el.dataset.state = s.kind;
    if (s.kind === "playing") return this.showOverlay("", "");
    if (s.kind === "connecting") return this.showOverlay("info", "Connecting…");
    if (s.kind === "unsupported") {
      return this.showOverlay("warn", `This browser cannot play ${s.codec} video (H.265 needs a browser with HEVC support).`);
    }
    const retry = h("button", { type: "button", onclick: () => this.player?.retryNow() }, "Retry now");
    this.showOverlay("warn", `Connection lost (${s.why}); retrying in ${s.retryInS} s`, retry);
  }

  private showOverlay(kind: string, text: string, extra?: HTMLElement): void {
    this.overlay.className = `tile-overlay ${kind}`;
    this.overlay.replaceChildren(...(text ? [h("span", {}, text)] : []), ...(extra ? [extra] : []));
    this.overlay.hidden = !text;
    if (kind === "offline") this.el.dataset.state = "offline";
  }

  private fullScreen(): void {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void this.el.requestFullscreen().catch(() => this.el.classList.toggle("maximised"));
  }
}

export async function livePage(main: HTMLElement, params: URLSearchParams, me: api.Me): Promise<Cleanup> {
  if (!me.roles.includes("duty_operator")) {
    main.appendChild(
      notice("warn", `Live video is for duty operators on their assigned cameras; ${me.user} holds ${me.roles.join(", ") || "no role"}. ` +
        "Recorded video needs an approved retrieval request (investigators: Requests).")
    );
    return () => {};
  }
  let layout = kLayouts.includes(Number(params.get("tiles"))) ? Number(params.get("tiles")) : 4;
  let page = Math.max(0, Number(params.get("page") ?? 0) || 0);
  const wall = h("div", { class: "wall", id: "wall" });
  const status = h("div", { class: "page-status" });
  const pager = h("span", { class: "pager" });
  const buttons = kLayouts.map((n) =>
    h("button", { type: "button", "data-tiles": n, onclick: () => setLayout(n) }, `${n}`),
  );
  main.append(h("div", { class: "toolbar" }, h("span", {}, "Tiles:"), ...buttons, pager), status, wall);

  let cameras: api.Camera[] = [];
  let tiles: Tile[] = [];

  function render(): void {
    tiles.forEach((t) => t.stopPlayer());
    const pages = Math.max(1, Math.ceil(cameras.length / layout));
    page = Math.min(page, pages - 1);
    setQuery(new URLSearchParams({ tiles: String(layout), page: String(page) }));
    buttons.forEach((b) => b.classList.toggle("active", Number(b.dataset.tiles) === layout));
    wall.className = `wall grid-${layout}`;
    tiles = cameras.slice(page * layout, page * layout + layout).map((c) => new Tile(c));
    const empty = Array.from({ length: layout - tiles.length }, () => h("div", { class: "tile empty" }, "no camera"));
    wall.replaceChildren(...tiles.map((t) => t.el), ...empty);
    pager.replaceChildren(
      ...(pages > 1
        ? [
            h("button", { type: "button", disabled: page === 0, onclick: () => goPage(page - 1) }, "◀"),
            ` page ${page + 1} / ${pages} `,
            h("button", { type: "button", disabled: page + 1 >= pages, onclick: () => goPage(page + 1) }, "▶"),
          ]
        : []),
    );
  }
  function setLayout(n: number): void {
    layout = n;
    render();
  }
  function goPage(p: number): void {
    page = p;
    render();
  }

  async function refresh(): Promise<void> {
    try {
      const all = await api.cameras();
      // Only the cameras this duty operator is assigned to (the server refuses the others).
      const fresh = all.filter((c) => me.live_cameras.includes(c.id));
      status.replaceChildren(
        ...(all.length === 0 ? [notice("info", "No cameras are configured. Add one with `custos camera add`.")] : []),
        ...(all.length > 0 && fresh.length === 0 ? [notice("warn", `${me.user} is assigned no camera to watch live: an administrator assigns cameras (custos user grant).`)] : []),
      );
      const sameSet = fresh.map((c) => c.id).join() === cameras.map((c) => c.id).join();
      cameras = fresh;
      if (!sameSet) return render();
      for (const t of tiles) {
        const c = fresh.find((x) => x.id === t.camera.id);
        if (c) t.update(c);
      }
    } catch (e) {
      status.replaceChildren(notice("error", `Cannot refresh the cameras: ${(e as Error).message}`));
    }
  }

  await refresh();
  const timer = window.setInterval(() => void refresh(), kRefreshMs);
  return () => {
    window.clearInterval(timer);
    tiles.forEach((t) => t.stopPlayer());
  };
}
