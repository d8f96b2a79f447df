// live_player.ts: plays one camera's live WebSocket (docs/design/live.md) in a <video>
// through Media Source Extensions: a JSON header with the codec, the init segment, then
// one fMP4 fragment per frame, appended as they come. Keeps the playback position near
// the live edge, trims what is behind, and reconnects with backoff when the connection
// drops. It reports its state, and whether the server masks the picture (the header's
// "masked", docs/design/privacy.md); the tile draws them.
import { liveUrl } from "./api";
import { readPrft, WallClock } from "./prft";

export type LiveState =
  | { kind: "connecting" }
  | { kind: "playing" }
  | { kind: "lost"; retryInS: number; why: string }
  | { kind: "unsupported"; codec: string };

interface Header {
  type: string;
  codec: string;
  mime: string;
  width: number;
  height: number;
  timescale: number;
  masked?: boolean; // the server fills the camera's privacy zones in this stream
}

const kMaxLagS = 1.5; // further behind the newest frame than this: jump to it
const kLiveEdgeS = 0.3;
const kKeepBehindS = 10;
const kStallMs = 8000; // no message for this long: the connection is considered lost

export class LivePlayer {
  private ws: WebSocket | null = null;
  private source: MediaSource | null = null;
  private buffer: SourceBuffer | null = null;
  private mime = "";
  private queue: ArrayBuffer[] = [];
  private stopped = false;
  private failures = 0;
  private retryTimer = 0;
  private stallTimer = 0;
  private objectUrl = "";
  private timescale = 90000;
  private readonly clock = new WallClock();

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly camera: string,
    private readonly onState: (s: LiveState) => void,
    onFrame: (wall_ms: number) => void = () => {},
    // From each header: whether the pictures have privacy zones filled (the tile's badge).
    private readonly onMasked: (masked: boolean) => void = () => {},
  ) {
    const frame = (_now: number, meta: VideoFrameCallbackMetadata) => {
      const wall = this.clock.wallAt(meta.mediaTime);
      if (wall !== null) onFrame(wall);
      video.requestVideoFrameCallback(frame);
    };
    video.requestVideoFrameCallback(frame);
    video.muted = true;
    video.playsInline = true;
    video.addEventListener("error", () => {
      if (this.buffer) this.onClosed(`the browser could not decode the video (${video.error?.message ?? "error"})`);
    });
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    this.teardown();
  }

  retryNow(): void {
    window.clearTimeout(this.retryTimer);
    this.failures = 0;
    if (!this.stopped) this.connect();
  }

  private connect(): void {
    this.teardown();
    this.onState({ kind: "connecting" });
    const ws = new WebSocket(liveUrl(this.camera));
    ws.binaryType = "arraybuffer";
    ws.onmessage = (m) => this.onMessage(m);
    ws.onclose = (e) => this.onClosed(e.code === 1001 ? "the camera stopped" : "the connection closed");
    this.ws = ws;
    this.armStallTimer();
  }

  private onMessage(m: MessageEvent): void {
    this.armStallTimer();
    if (typeof m.data === "string") return this.onHeader(JSON.parse(m.data) as Header);
    const mark = readPrft(m.data as ArrayBuffer, this.timescale);
    if (mark) this.clock.add(mark);
    this.queue.push(m.data as ArrayBuffer);
    this.pump();
  }

  private onHeader(header: Header): void {
    this.onMasked(header.masked === true);
    if (!("MediaSource" in window) || !MediaSource.isTypeSupported(header.mime)) {
      this.stopped = true;
      this.teardown();
      return this.onState({ kind: "unsupported", codec: header.codec });
    }
    if (this.buffer && header.mime !== this.mime) this.buffer.changeType(header.mime);
    this.mime = header.mime;
    this.timescale = header.timescale > 0 ? header.timescale : 90000;
    if (!this.source) this.openSource();
  }

  private openSource(): void {
    const source = new MediaSource();
    this.source = source;
    this.objectUrl = URL.createObjectURL(source);
    source.addEventListener("sourceopen", () => {
      if (this.source !== source) return;
      this.buffer = source.addSourceBuffer(this.mime);
      this.buffer.addEventListener("updateend", () => this.afterAppend());
      this.pump();
    });
    this.video.src = this.objectUrl;
  }

  private pump(): void {
    const sb = this.buffer;
    if (!sb || sb.updating || this.queue.length === 0) return;
    try {
      sb.appendBuffer(this.queue.shift()!);
    } catch (e) {
      this.onClosed(`the browser refused the video (${(e as Error).message})`);
    }
  }

  private afterAppend(): void {
    const v = this.video;
    const b = v.buffered;
    if (b.length > 0) {
      const start = b.start(b.length - 1);
      const end = b.end(b.length - 1);
      if (v.currentTime < start || end - v.currentTime > kMaxLagS) v.currentTime = Math.max(start, end - kLiveEdgeS);
      if (v.paused) void v.play().catch(() => {});
      this.failures = 0;
      this.onState({ kind: "playing" });
      if (v.currentTime - b.start(0) > 2 * kKeepBehindS && !this.buffer!.updating) {
        this.buffer!.remove(0, v.currentTime - kKeepBehindS);
        return;
      }
    }
    this.pump();
  }

  private armStallTimer(): void {
    window.clearTimeout(this.stallTimer);
    this.stallTimer = window.setTimeout(() => this.onClosed("no video for 8 s"), kStallMs);
  }

  private onClosed(why: string): void {
    if (this.stopped) return;
    this.teardown();
    this.failures += 1;
    const retryInS = Math.min(10, 2 ** (this.failures - 1));
    this.onState({ kind: "lost", retryInS, why });
    this.retryTimer = window.setTimeout(() => this.connect(), retryInS * 1000);
  }

  private teardown(): void {
    window.clearTimeout(this.stallTimer);
    if (this.ws) {
      this.ws.onclose = null;
      this.ws.onmessage = null;
      this.ws.close();
      this.ws = null;
    }
    this.queue = [];
    this.clock.clear();
    this.buffer = null;
    this.source = null;
    if (this.objectUrl) {
      this.video.removeAttribute("src");
      this.video.load();
      URL.revokeObjectURL(this.objectUrl);
      this.objectUrl = "";
    }
  }
}
