// playback.ts: pick a camera and a day; the timeline shows its runs and gaps; click or
// drag to seek, play, pause, step, speed; the wall time of the frame on screen; export
// a range chosen on the timeline. The camera, day and time live in the address bar.
import * as api from "../api";
import { h, notice } from "../dom";
import { ExportPanel } from "../export_panel";
import { PlaybackPlayer } from "../player";
import { navigate, setQuery, type Cleanup } from "../router";
import { dayBounds, dayKey, formatWall, kSecondMs } from "../time";
import { Timeline, type Span } from "../timeline";

const kSpeeds = [0.25, 0.5, 1, 2, 4, 8, 16];

// A link to the Requests page, prefilled with a camera and a range.
export function requestLink(text: string, camera: string, span: Span | null, kind: "playback" | "export"): HTMLElement {
  const q = new URLSearchParams({ camera, kind });
  if (span) {
    q.set("from", String(Math.floor(span.start_ms)));
    q.set("to", String(Math.ceil(span.end_ms)));
  }
  return h("a", { href: "/requests?" + q.toString(), class: "request-link",
    onclick: (e: Event) => { e.preventDefault(); navigate("/requests", q.toString()); } }, text);
}

// The runs inside [span): footage outside a grant is refused, so the player never asks for it.
function clipRuns(runs: api.Run[], span: Span): api.Run[] {
  const out: api.Run[] = [];
  for (const r of runs) {
    const start = Math.max(Date.parse(r.start), span.start_ms), end = Math.min(Date.parse(r.end), span.end_ms);
    if (end > start) out.push({ ...r, start: new Date(start).toISOString(), end: new Date(end).toISOString() });
  }
  return out;
}

export async function playbackPage(main: HTMLElement, params: URLSearchParams, me: api.Me): Promise<Cleanup> {
  const cameras = await api.cameras();
  if (cameras.length === 0) {
    main.appendChild(notice("info", "No cameras are configured. Add one with `custos camera add`."));
    return () => {};
  }
  const cameraSelect = h("select", { id: "camera" }, ...cameras.map((c) => h("option", { value: c.id }, c.name)));
  cameraSelect.value = cameras.some((c) => c.id === params.get("camera")) ? params.get("camera")! : cameras[0].id;
  const dayInput = h("input", { type: "date", id: "day", value: params.get("day") ?? dayKey(Date.now()) });
  const status = h("div", { class: "page-status", id: "playback-status" });
  const cameraState = h("span", { class: "camera-state" });
  const wall = h("output", { id: "wall-time", class: "wall-time" }, "--");
  const video = h("video", { id: "playback-video", class: "playback-video" });
  const playerStatus = h("div", { class: "player-status" });

  let selection: Span | null = null;
  let grants: api.Grant[] = [];
  let mine: api.RetrievalRequest[] = [];
  let granted: Span | null = null; // the part of the day the grant in use covers
  const exportPanel = new ExportPanel((span) => requestLink("File an export request for this range", cameraSelect.value, span, "export"));
  const timeline = new Timeline(
    (t) => void player.seek(t),
    (s) => {
      selection = s;
      void exportPanel.setRange(cameraSelect.value, s, exportable(s));
    },
  );

  // Whether an export grant of this camera covers the span (a copy needs one).
  function exportable(s: Span | null): boolean {
    return s !== null && grants.some((g) => g.camera === cameraSelect.value && g.exportable && g.start_ms <= s.start_ms && g.end_ms >= s.end_ms);
  }
  const player = new PlaybackPlayer(video, {
    onFrame: (t) => {
      wall.textContent = formatWall(t);
      wall.dataset.wallMs = String(Math.round(t));
      timeline.setPlayhead(t);
    },
    onState: (text, kind) => playerStatus.replaceChildren(...(text && kind ? [notice(kind, text)] : [])),
    onEndOfRuns: (end) => void goOnAfter(end),
  });

  // At the end of what was loaded: fetch the day again; the open run may have grown.
  async function goOnAfter(end_ms: number): Promise<void> {
    if (!granted) return;
    const { start_ms: from, end_ms: to } = granted;
    try {
      const tl = await api.timeline(cameraSelect.value, new Date(from), new Date(to));
      timeline.updateRuns(clipRuns(tl.runs, granted), tl.gaps);
      player.setRuns(timeline.recordedRuns());
      if (timeline.recordedRuns().some((r) => r.end_ms > end_ms + 1000)) return void player.seek(end_ms + 1);
      playerStatus.replaceChildren(notice("info", "End of the recordings of this day."));
    } catch (e) {
      playerStatus.replaceChildren(notice("error", (e as Error).message));
    }
  }

  const playButton = h("button", { type: "button", id: "play" }, "Pause");
  const setPlaying = (on: boolean) => {
    if (on) player.play();
    else player.pause();
  };
  playButton.addEventListener("click", () => setPlaying(video.paused));
  video.addEventListener("play", () => (playButton.textContent = "Pause"));
  video.addEventListener("pause", () => (playButton.textContent = "Play"));
  const speed = h("select", { id: "speed", title: "Speed" }, ...kSpeeds.map((s) => h("option", { value: s }, `${s}×`)));
  speed.value = "1";
  speed.addEventListener("change", () => player.setSpeed(Number(speed.value)));
  const mark = (which: "in" | "out") => {
    const t = player.wallNow();
    if (t === null) return;
    const s = selection ?? { start_ms: t, end_ms: t + 60 * kSecondMs };
    selection = which === "in" ? { start_ms: t, end_ms: Math.max(s.end_ms, t + kSecondMs) } : { start_ms: Math.min(s.start_ms, t - kSecondMs), end_ms: t };
    timeline.setSelection(selection);
    void exportPanel.setRange(cameraSelect.value, selection, exportable(selection));
  };
  const button = (label: string, title: string, fn: () => void, id?: string) =>
    h("button", { type: "button", title, onclick: fn, id }, label);

  main.append(
    h("div", { class: "toolbar" }, h("label", {}, "Camera ", cameraSelect), cameraState, h("label", {}, "Day ", dayInput),
      button("↻", "Reload the timeline", () => void loadDay())),
    status,
    h("div", { class: "player" }, video, playerStatus),
    h(
      "div",
      { class: "toolbar controls" },
      playButton,
      button("−1 frame", "Previous frame", () => player.step(-1), "step-back"),
      button("+1 frame", "Next frame", () => player.step(1), "step"),
      speed,
      h("span", {}, "Frame on screen: "),
      wall,
    ),
    timeline.el,
    h(
      "div",
      { class: "toolbar" },
      button("−", "Zoom out", () => timeline.zoomBy(2)),
      button("+", "Zoom in", () => timeline.zoomBy(0.5), "zoom-in"),
      button("◀", "Earlier", () => timeline.pan(-0.5)),
      button("▶", "Later", () => timeline.pan(0.5)),
      button("Mark in", "Start the export range at the frame on screen", () => mark("in")),
      button("Mark out", "End the export range at the frame on screen", () => mark("out")),
      button("Clear", "Clear the range", () => {
        selection = null;
        timeline.setSelection(null);
        void exportPanel.setRange(cameraSelect.value, null, false);
      }),
    ),
    exportPanel.el,
    exportPanel.jobs.el,
  );
  void exportPanel.jobs.refresh();

  let loadId = 0; // a newer loadDay (camera or day changed meanwhile) wins
  async function loadDay(): Promise<void> {
    const id = ++loadId;
    const camera = cameras.find((c) => c.id === cameraSelect.value)!;
    cameraState.textContent = api.stateText(camera);
    cameraState.className = `camera-state badge ${api.health(camera)}`;
    setQuery(new URLSearchParams({ camera: camera.id, day: dayInput.value }));
    status.replaceChildren();
    const [dayFrom, dayTo] = dayBounds(dayInput.value);
    granted = null;
    try {
      const list = await api.requests();
      if (id !== loadId) return;
      mine = list;
      grants = api.grantsOf(mine, me.user);
      // The latest grant of this camera that reaches into the day: only its range plays.
      const g = grants.find((x) => x.camera === camera.id && x.end_ms > dayFrom && x.start_ms < dayTo);
      if (!g) {
        timeline.setDay({ start_ms: dayFrom, end_ms: dayTo }, [], []);
        player.setCamera(camera.id, [], 40); // nothing to play: unload the previous camera
        wall.textContent = "--";
        delete wall.dataset.wallMs;
        void exportPanel.setRange(camera.id, null, false);
        const waiting = mine.filter((r) => r.requester === me.user && r.state === "pending" && r.cameras.includes(camera.id));
        status.append(
          h("div", { class: "notice warn", role: "status", id: "no-grant" },
            `No approved retrieval request of yours covers ${camera.name} on ${dayInput.value}: recorded video needs one. `,
            requestLink("File a retrieval request", camera.id, { start_ms: dayFrom, end_ms: Math.min(dayTo, Date.now()) }, "playback"), "."),
          ...waiting.map((r) => notice("info", `Request #${r.id} (${r.kind}): ${api.requestStateText(r)}.`)),
        );
        return;
      }
      granted = { start_ms: Math.max(dayFrom, g.start_ms), end_ms: Math.min(dayTo, g.end_ms) };
      const [from, to] = [granted.start_ms, granted.end_ms];
      status.appendChild(notice("info", `Request #${g.id} grants ${g.exportable ? "playback and export" : "playback"} of ${formatWall(from)} → ${formatWall(to)}.`));
      const [tl, recs] = await Promise.all([
        api.timeline(camera.id, new Date(from), new Date(to)),
        api.recordings(camera.id, new Date(from), new Date(to)),
      ]);
      if (id !== loadId) return;
      tl.runs = clipRuns(tl.runs, granted);
      timeline.setDay({ start_ms: dayFrom, end_ms: dayTo }, tl.runs, tl.gaps);
      const rec = recs.find((r) => r.frames > 1);
      player.setCamera(camera.id, timeline.recordedRuns(), rec ? rec.duration_ms / rec.frames : 40);
      wall.textContent = "--";
      delete wall.dataset.wallMs;
      void exportPanel.setRange(camera.id, null, false);
      if (tl.runs.length === 0) {
        status.appendChild(notice("info", `No recordings of ${camera.name} on ${dayInput.value}.`));
        if (api.health(camera) === "offline") status.appendChild(notice("warn", `The camera is offline: ${api.stateText(camera)}`));
        return;
      }
      const first = timeline.recordedRuns()[0];
      const at = Number(params.get("t"));
      await player.seek(at >= from && at < to ? at : first.start_ms);
    } catch (e) {
      if (id !== loadId) return;
      const denied = e instanceof api.ApiError && e.status === 403;
      status.appendChild(h("div", { class: `notice ${denied ? "warn" : "error"}`, role: "alert" }, (e as Error).message,
        ...(denied ? [" ", requestLink("File a retrieval request", camera.id, granted, "playback")] : [])));
    }
  }

  cameraSelect.addEventListener("change", () => void loadDay());
  dayInput.addEventListener("change", () => void loadDay());
  await loadDay();
  return () => {
    player.pause();
    exportPanel.dispose();
  };
}
