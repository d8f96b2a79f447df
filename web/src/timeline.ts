// timeline.ts: a camera-day on a canvas: recorded runs, gaps (with their reasons on
// hover), the playhead and an export selection. Zoom from the whole day down to two
// minutes (wheel, or zoomBy); click or drag to seek; shift-drag to select a range.
// The visible window is mirrored in data-view-start-ms / data-view-end-ms for tests and
// tools. Times are ms since the epoch.
import type { Gap, Run } from "./api";
import { h } from "./dom";
import { formatClock, kHourMs, kMinuteMs, parseIso } from "./time";

export interface Span {
  start_ms: number;
  end_ms: number;
}
interface GapSpan extends Span {
  reason: string;
  detail: string;
}

const kMinSpanMs = 2 * kMinuteMs;
const kTickStepsMs = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360].map((m) => m * kMinuteMs);
const kHeightPx = 72;
const kBarTopPx = 22;
const kBarHeightPx = 30;

export class Timeline {
  readonly el: HTMLElement;
  readonly canvas = h("canvas", { class: "timeline-canvas", id: "timeline", height: kHeightPx });
  private readonly hover = h("div", { class: "timeline-hover" });
  private day: Span = { start_ms: 0, end_ms: 1 };
  private view: Span = { start_ms: 0, end_ms: 1 };
  private runs: Span[] = [];
  private gaps: GapSpan[] = [];
  private playhead_ms: number | null = null;
  private selection: Span | null = null;
  private drag: { mode: "seek" | "select"; anchor_ms: number } | null = null;

  constructor(
    private readonly onSeek: (t_ms: number) => void,
    private readonly onSelect: (s: Span | null) => void,
  ) {
    this.el = h("div", { class: "timeline" }, this.canvas, this.hover);
    this.canvas.addEventListener("pointerdown", (e) => this.pointerDown(e));
    this.canvas.addEventListener("pointermove", (e) => this.pointerMove(e));
    this.canvas.addEventListener("pointerup", (e) => this.pointerUp(e));
    this.canvas.addEventListener("pointerleave", () => (this.hover.hidden = true));
    this.canvas.addEventListener("wheel", (e) => this.wheel(e), { passive: false });
    new ResizeObserver(() => this.draw()).observe(this.canvas);
  }

  setDay(day: Span, runs: Run[], gaps: Gap[]): void {
    this.day = day;
    this.view = { ...day };
    this.runs = runs.map((r) => ({ start_ms: parseIso(r.start), end_ms: parseIso(r.end) }));
    this.gaps = gaps.map((g) => ({
      start_ms: parseIso(g.start),
      end_ms: g.end ? parseIso(g.end) : Date.now(),
      reason: g.reason,
      detail: g.detail,
    }));
    this.selection = null;
    this.draw();
  }

  // New runs and gaps for the same day, keeping the view and the selection.
  updateRuns(runs: Run[], gaps: Gap[]): void {
    const view = this.view;
    const selection = this.selection;
    this.setDay(this.day, runs, gaps);
    this.view = view;
    this.selection = selection;
    this.draw();
  }

  setPlayhead(t_ms: number | null): void {
    if (this.drag?.mode === "seek") return; // the user is placing it
    this.playhead_ms = t_ms;
    if (t_ms !== null && !this.drag && (t_ms < this.view.start_ms || t_ms > this.view.end_ms)) {
      this.centreOn(t_ms);
    }
    this.draw();
  }

  setSelection(s: Span | null): void {
    this.selection = s;
    this.draw();
  }

  recordedRuns(): Span[] {
    return this.runs;
  }

  // factor < 1 zooms in. With `centre_ms` (the wheel: the time under the pointer) that time
  // stays where it is on screen; without it (the buttons) the view is centred on the
  // playhead, else on the view's middle, so what follows the playhead stays in view.
  zoomBy(factor: number, centre_ms?: number): void {
    const c = centre_ms ?? this.playhead_ms ?? (this.view.start_ms + this.view.end_ms) / 2;
    const daySpan = this.day.end_ms - this.day.start_ms;
    const span = Math.min(daySpan, Math.max(kMinSpanMs, (this.view.end_ms - this.view.start_ms) * factor));
    const left = centre_ms === undefined ? 0.5 : (c - this.view.start_ms) / (this.view.end_ms - this.view.start_ms);
    this.setView(c - left * span, span);
  }

  pan(fraction: number): void {
    const span = this.view.end_ms - this.view.start_ms;
    this.setView(this.view.start_ms + fraction * span, span);
  }

  timeAtX(x_px: number): number {
    const w = this.canvas.clientWidth || 1;
    return this.view.start_ms + (x_px / w) * (this.view.end_ms - this.view.start_ms);
  }

  private centreOn(t_ms: number): void {
    const span = this.view.end_ms - this.view.start_ms;
    this.setView(t_ms - span / 2, span);
  }

  private setView(start_ms: number, span_ms: number): void {
    const s = Math.min(Math.max(start_ms, this.day.start_ms), this.day.end_ms - span_ms);
    this.view = { start_ms: s, end_ms: s + span_ms };
    this.draw();
  }

  private xOf(t_ms: number, w: number): number {
    return ((t_ms - this.view.start_ms) / (this.view.end_ms - this.view.start_ms)) * w;
  }

  private localX(e: PointerEvent | WheelEvent): number {
    return e.clientX - this.canvas.getBoundingClientRect().left;
  }

  private pointerDown(e: PointerEvent): void {
    this.canvas.setPointerCapture(e.pointerId);
    const t = this.timeAtX(this.localX(e));
    this.drag = { mode: e.shiftKey ? "select" : "seek", anchor_ms: t };
    this.pointerMove(e);
  }

  private pointerMove(e: PointerEvent): void {
    const t = this.timeAtX(this.localX(e));
    this.showHover(e, t);
    if (!this.drag) return;
    if (this.drag.mode === "seek") this.playhead_ms = t;
    else this.selection = { start_ms: Math.min(t, this.drag.anchor_ms), end_ms: Math.max(t, this.drag.anchor_ms) };
    this.draw();
  }

  private pointerUp(e: PointerEvent): void {
    if (!this.drag) return;
    const t = this.timeAtX(this.localX(e));
    const mode = this.drag.mode;
    this.drag = null;
    if (mode === "seek") return this.onSeek(t);
    const s = this.selection;
    this.onSelect(s && s.end_ms - s.start_ms >= 1000 ? s : null);
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    this.zoomBy(e.deltaY > 0 ? 1.25 : 0.8, this.timeAtX(this.localX(e)));
  }

  private showHover(e: PointerEvent, t_ms: number): void {
    const gap = this.gaps.find((g) => t_ms >= g.start_ms && t_ms < g.end_ms);
    const recorded = this.runs.some((r) => t_ms >= r.start_ms && t_ms < r.end_ms);
    const what = recorded ? "recorded" : gap ? `gap: ${gap.reason}${gap.detail ? ` (${gap.detail})` : ""}` : "not recorded";
    this.hover.textContent = `${formatClock(t_ms)} — ${what}`;
    this.hover.hidden = false;
    this.hover.style.left = `${Math.min(this.localX(e), (this.canvas.clientWidth || 0) - 160)}px`;
  }

  private draw(): void {
    const c = this.canvas;
    const w = c.clientWidth || 600;
    const dpr = window.devicePixelRatio || 1;
    if (c.width !== Math.round(w * dpr)) c.width = Math.round(w * dpr);
    c.height = Math.round(kHeightPx * dpr);
    c.dataset.viewStartMs = String(Math.round(this.view.start_ms));
    c.dataset.viewEndMs = String(Math.round(this.view.end_ms));
    c.dataset.runs = String(this.runs.length);
    const g = c.getContext("2d");
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.fillStyle = "#1b1f24";
    g.fillRect(0, 0, w, kHeightPx);
    g.fillStyle = "#2c323a";
    g.fillRect(0, kBarTopPx, w, kBarHeightPx);
    this.fillSpans(g, this.gaps, w, "#7a3b3b", 6);
    this.fillSpans(g, this.runs, w, "#3f9b5a", 0);
    
    if (this.selection) {
      g.fillStyle = "rgba(90, 160, 255, 0.35)";
      const x0 = this.xOf(this.selection.start_ms, w);
      g.fillRect(x0, 0, this.xOf(this.selection.end_ms, w) - x0, kHeightPx);
    }
    this.drawTicks(g, w);
    if (this.playhead_ms !== null) {
      const x = this.xOf(this.playhead_ms, w);
      g.fillStyle = "#ffd34d";
      g.fillRect(x - 1, 0, 2, kHeightPx);
    }
  }

  private fillSpans(g: CanvasRenderingContext2D, spans: Span[], w: number, colour: string, inset: number): void {
    g.fillStyle = colour;
    for (const s of spans) {
      if (s.end_ms <= this.view.start_ms || s.start_ms >= this.view.end_ms) continue;
      const x0 = Math.max(0, this.xOf(s.start_ms, w));
      const x1 = Math.min(w, this.xOf(s.end_ms, w));
      g.fillRect(x0, kBarTopPx + inset, Math.max(1, x1 - x0), kBarHeightPx - 2 * inset);
    }
  }

  private drawTicks(g: CanvasRenderingContext2D, w: number): void {
    const span = this.view.end_ms - this.view.start_ms;
    const step = kTickStepsMs.find((s) => (s / span) * w >= 70) ?? 6 * kHourMs;
    // Ticks on local clock boundaries: offset by the zone at the view's start.
    const zone_ms = new Date(this.view.start_ms).getTimezoneOffset() * kMinuteMs;
    const first = Math.ceil((this.view.start_ms - zone_ms) / step) * step + zone_ms;
    g.fillStyle = "#c9d1d9";
    g.font = "11px system-ui, sans-serif";
    for (let t = first; t <= this.view.end_ms; t += step) {
      const x = this.xOf(t, w);
      g.fillRect(x, kBarTopPx + kBarHeightPx, 1, 6);
      g.fillText(formatClock(t).slice(0, step < kMinuteMs ? 8 : 5), x + 3, kHeightPx - 6);
    }
  }
}
