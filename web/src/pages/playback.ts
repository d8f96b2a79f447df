// playback.ts: pick a camera and a day; the timeline shows its runs and gaps; click or
// drag to seek, play, pause, step, speed; the wall time of the frame on screen; export
// a range chosen on the timeline. The camera, day and time live in the address bar.
import * as api from "../api";
import { h, notice } from "../dom";
import { ExportPanel } from "../export_panel";
import { PlaybackPlayer } from "../player";
import { setQuery, type Cleanup } from "../router";
import { dayBounds, dayKey, formatWall, kSecondMs } from "../time";
import { Timeline, type Span } from "../timeline";

const kSpeeds = [0.25, 0.5, 1, 2, 4, 8, 16];

export async function playbackPage(main: HTMLElement, params: URLSearchParams): Promise<Cleanup> {
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
  const exportPanel = new ExportPanel();
  const timeline = new Timeline(
    (t) => void player.seek(t),
    (s) => {
      selection = s;
      void exportPanel.setRange(cameraSelect.value, s);
    },
  );
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
    const [from, to] = dayBounds(dayInput.value);
    try {
      const tl = await api.timeline(cameraSelect.value, new Date(from), new Date(to));
      timeline.updateRuns(tl.runs, tl.gaps);
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
    void exportPanel.setRange(cameraSelect.value, selection);
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
        void exportPanel.setRange(cameraSelect.value, null);
      }),
    ),
    exportPanel.el,
  );

  async function loadDay(): Promise<void> {
    const camera = cameras.find((c) => c.id === cameraSelect.value)!;
    cameraState.textContent = api.stateText(camera);
    cameraState.className = `camera-state badge ${api.health(camera)}`;
    setQuery(new URLSearchParams({ camera: camera.id, day: dayInput.value }));
    status.replaceChildren();
    const [from, to] = dayBounds(dayInput.value);
    try {
      const [tl, recs] = await Promise.all([
        api.timeline(camera.id, new Date(from), new Date(to)),
        api.recordings(camera.id, new Date(from), new Date(to)),
      ]);
      timeline.setDay({ start_ms: from, end_ms: to }, tl.runs, tl.gaps);
      const rec = recs.find((r) => r.frames > 1);
      player.setCamera(camera.id, timeline.recordedRuns(), rec ? rec.duration_ms / rec.frames : 40);
      wall.textContent = "--";
      delete wall.dataset.wallMs;
      void exportPanel.setRange(camera.id, null);
      if (tl.runs.length === 0) {
        status.appendChild(notice("info", `No recordings of ${camera.name} on ${dayInput.value}.`));
        if (api.health(camera) === "offline") status.appendChild(notice("warn", `The camera is offline: ${api.stateText(camera)}`));
        return;
      }
      const first = timeline.recordedRuns()[0];
      const at = Number(params.get("t"));
      await player.seek(at >= from && at < to ? at : first.start_ms);
    } catch (e) {
      status.appendChild(notice("error", (e as Error).message));
    }
  }

  cameraSelect.addEventListener("change", () => void loadDay());
  dayInput.addEventListener("change", () => void loadDay());
  await loadDay();
  return () => player.pause();
}
