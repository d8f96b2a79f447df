// player.ts: recorded video of one camera in a <video>, played from the export endpoint
// (GET export.mp4?from=&to=, which the browser reads with Range requests). The video is
// loaded one window at a time: from the asked instant to the end of its recorded run
// (at most kWindowMs), so a gap never plays as a frozen frame; at a window's end the
// next run starts. The export begins at the key frame at or before `from`; the header
// X-Custos-Start gives the wall time of the video's time 0, so the wall time of the frame
// on screen is start + mediaTime (from requestVideoFrameCallback: the frame presented).
import { errorFrom, exportUrl } from "./api";
import type { Span } from "./timeline";
import { kMinuteMs, parseIso } from "./time";

const kWindowMs = 30 * kMinuteMs;

export interface PlayerEvents {
  onFrame(wall_ms: number): void;
  onState(text: string, kind: "info" | "warn" | "error" | ""): void;
  // The loaded runs end at `end_ms`: the page may fetch newer runs (setRuns) and go on.
  onEndOfRuns(end_ms: number): void;
}

export class PlaybackPlayer {
  private camera = "";
  private runs: Span[] = [];
  private window: Span | null = null; // the wall range the loaded video covers
  private start_ms = 0; // wall time of the video's time 0
  private frame_ms = 40;
  private loadId = 0;
  private wantPlaying = true;

  constructor(
    readonly video: HTMLVideoElement,
    private readonly events: PlayerEvents,
  ) {
    video.muted = true;
    video.playsInline = true;
    video.addEventListener("ended", () => void this.next());
    video.addEventListener("error", () => {
      if (this.window) this.events.onState(`The browser cannot play this recording: ${video.error?.message ?? "error"}`, "error");
    });
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
      if (this.window) this.events.onFrame(this.start_ms + meta.mediaTime * 1000);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  }

  setCamera(camera: string, runs: Span[], frameMs: number): void {
    this.camera = camera;
    this.runs = runs;
    this.frame_ms = frameMs > 0 ? frameMs : 40;
    this.unload();
  }

  // Newer runs of the same camera-day (the open run grew): playback goes on into them.
  setRuns(runs: Span[]): void {
    this.runs = runs;
  }

  // Wall time of the frame the video element is at (the last presented one when paused).
  wallNow(): number | null {
    return this.window ? this.start_ms + this.video.currentTime * 1000 : null;
  }

  async seek(t_ms: number): Promise<void> {
    if (this.window && t_ms >= this.start_ms && t_ms < this.window.end_ms) {
      this.video.currentTime = (t_ms - this.start_ms) / 1000;
      return;
    }
    await this.load(t_ms);
  }

  play(): void {
    this.wantPlaying = true;
    if (this.window) void this.video.play().catch(() => {});
  }

  pause(): void {
    this.wantPlaying = false;
    this.video.pause();
  }

  step(frames: number): void {
    this.pause();
    if (!this.window) return;
    const t = this.video.currentTime + (frames * this.frame_ms) / 1000;
    this.video.currentTime = Math.max(0, Math.min(t, this.video.duration || t));
  }

  setSpeed(rate: number): void {
    this.video.playbackRate = rate;
    this.video.defaultPlaybackRate = rate;
  }

  private runAtOrAfter(t_ms: number): Span | undefined {
    return this.runs.find((r) => r.end_ms > t_ms);
  }

  private async load(t_ms: number): Promise<void> {
    const run = this.runAtOrAfter(t_ms);
    if (!run) {
      this.unload();
      return this.events.onState("No recording at or after this time on this day.", "info");
    }
    const from_ms = Math.max(t_ms, run.start_ms);
    const to_ms = Math.min(run.end_ms, from_ms + kWindowMs);
    const id = ++this.loadId;
    this.events.onState("Loading…", "info");
    const url = exportUrl(this.camera, new Date(from_ms), new Date(Math.max(to_ms, from_ms + 1000)));
    const head = await fetch(url, { method: "HEAD", credentials: "same-origin" });
    if (id !== this.loadId) return;
    if (!head.ok) {
      this.unload();
      return this.events.onState(`The server cannot play this range: ${(await errorFrom(head)).message}`, "error");
    }
    this.start_ms = parseIso(head.headers.get("X-Custos-Start") ?? "");
    if (!Number.isFinite(this.start_ms)) this.start_ms = from_ms;
    this.window = { start_ms: this.start_ms, end_ms: to_ms };
    const offset_s = (from_ms - this.start_ms) / 1000;
    this.video.addEventListener(
      "loadedmetadata",
      () => {
        if (id === this.loadId) this.video.currentTime = offset_s;
      },
      { once: true },
    );
    this.video.src = url;
    this.events.onState("", "");
    if (this.wantPlaying) this.play();
  }

  private async next(): Promise<void> {
    if (!this.window) return;
    const end = this.window.end_ms;
    if (!this.runAtOrAfter(end + 1)) return this.events.onEndOfRuns(end);
    await this.load(end + 1);
  }

  private unload(): void {
    this.loadId++;
    this.window = null;
    this.video.removeAttribute("src");
    this.video.load();
  }
}
