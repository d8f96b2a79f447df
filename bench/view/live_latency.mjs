// live_latency.mjs: live-view latency in a real browser, for bench/view.sh.
// Usage: node live_latency.mjs BASE_URL PASSWORD CAMERA SECONDS
//
// Headless Chromium (/usr/bin/chromium via playwright-core) opens the live WebSocket and
// plays it through Media Source Extensions the way a UI does (it keeps the play position
// 0.1 s behind the live edge). For every fragment it records, against the prft wall time
// Custos stamped when the frame reached it from the camera:
//   arrival  the message event in the page,
//   append   the end of SourceBuffer.appendBuffer (updateend),
//   display  the frame's expected display time (requestVideoFrameCallback), matched to
//            its fragment by media time.
// Prints one JSON line with median/p95/max of each, and the play position's lag behind
// the buffered end. The page and this machine share one clock (loopback).
//
// Glass to glass (CLOCK=1, for `rtsp-camera --clock --pattern black`: a black picture with
// the wall clock burnt in as HH:MM:SS): the page compares each displayed frame with the
// previous one (downscaled to 320x180); a frame where the clock's digits changed was
// captured within one frame interval after a whole second S. Its display time minus S is
// the glass-to-glass latency (40 ms resolution at 25 fps), with no OCR. S is taken as the
// whole second at or before the frame's arrival at Custos (prft), which assumes the
// camera's own latency (encoder, RTSP) is under one second; the report shows that part
// (arrival - S) too, so the assumption can be checked.
import { chromium } from 'playwright-core';

const [base, password, camera, secondsText] = process.argv.slice(2);
// The user to log in as (a duty operator assigned to the camera); CUSTOS_USER, else admin.
const user = process.env.CUSTOS_USER || 'admin';
const seconds = Number(secondsText || 30);
const clockMode = process.env.CLOCK === '1';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
});
const page = await browser.newPage();
page.on('console', (m) => { if (m.type() === 'error') console.error('page:', m.text()); });
await page.goto(`${base}/api/v1/health`);
const result = await page.evaluate(async ({ user, password, camera, seconds, clockMode }) => {
  const NTP_UNIX_OFFSET_S = 2208988800;
  const be32 = (b, o) => ((b[o] << 24) >>> 0) + (b[o + 1] << 16) + (b[o + 2] << 8) + b[o + 3];
  const findBox = (b, type, from = 0) => {
    for (let i = from; i + 8 <= b.length; i++) {
      if (b[i + 4] === type.charCodeAt(0) && b[i + 5] === type.charCodeAt(1) && b[i + 6] === type.charCodeAt(2) &&
          b[i + 7] === type.charCodeAt(3)) return i;
    }
    return -1;
  };
  const prftMs = (b) => (b.length >= 24 && String.fromCharCode(...b.subarray(4, 8)) === 'prft')
    ? (be32(b, 16) - NTP_UNIX_OFFSET_S) * 1000 + be32(b, 20) / 4294967296 * 1000 : null;
  const tfdt = (b) => {
    const i = findBox(b, 'tfdt');
    if (i < 0) return null;
    return b[i + 8] === 1 ? be32(b, i + 12) * 4294967296 + be32(b, i + 16) : be32(b, i + 12);
  };
  const timescaleOf = (init) => {
    const i = findBox(init, 'mdhd');
    return init[i + 8] === 1 ? be32(init, i + 28) : be32(init, i + 20);
  };

  const login = await fetch('/api/v1/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, password }),
  });
  if (login.status !== 200) return { error: `login ${login.status}` };

  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  document.body.appendChild(video);
  const ms = new MediaSource();
  video.src = URL.createObjectURL(ms);
  await new Promise((r) => ms.addEventListener('sourceopen', r, { once: true }));

  const s = { arrival: [], append: [], display: [], lag: [], glass: [], camera: [], seeks: 0, frames: 0, displayed: 0 };
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 180;
  const g2d = canvas.getContext('2d', { willReadFrequently: true });
  let previous = null;
  // Pixels that changed clearly since the previous displayed frame (encoder noise is small).
  const changedPixels = () => {
    g2d.drawImage(video, 0, 0, canvas.width, canvas.height);
    const px = g2d.getImageData(0, 0, canvas.width, canvas.height).data;
    let changed = 0;
    if (previous) {
      for (let i = 0; i < px.length; i += 4) {
        if (Math.abs(px[i] - previous[i]) + Math.abs(px[i + 1] - previous[i + 1]) + Math.abs(px[i + 2] - previous[i + 2]) > 90) changed++;
      }
    }
    previous = px;
    return changed;
  };
  const warmupMs = 3000;  // the first GOP burst is not measured
  const start = Date.now();
  const measuring = () => Date.now() - start > warmupMs;
  let sb = null, timescale = 90000, current = null;
  const queue = [];
  const prftByMediaMs = new Map();  // fragment media time (ms, rounded) -> prft wall ms
  const pump = () => {
    if (!sb || sb.updating || !queue.length) return;
    current = queue.shift();
    sb.appendBuffer(current.data);
  };
  const onUpdateEnd = () => {
    const now = Date.now();
    if (current && current.t !== null && measuring()) {
      s.append.push(now - current.t);
      s.arrival.push(current.arrival - current.t);
      s.frames++;
    }
    const b = video.buffered;
    if (b.length) {
      const end = b.end(b.length - 1);
      if (end - video.currentTime > 0.5 || video.currentTime < b.start(b.length - 1)) {
        video.currentTime = Math.max(b.start(b.length - 1), end - 0.1);
        s.seeks++;
      }
      if (video.paused) video.play().catch(() => {});
    }
    pump();
  };
  const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/api/v1/cameras/${camera}/live`);
  ws.binaryType = 'arraybuffer';
  ws.onmessage = (ev) => {
    if (typeof ev.data === 'string') {
      const h = JSON.parse(ev.data);
      if (!MediaSource.isTypeSupported(h.mime)) { s.error = `browser cannot play ${h.mime}`; return; }
      sb = ms.addSourceBuffer(h.mime);
      sb.addEventListener('updateend', onUpdateEnd);
      return;
    }
    const data = new Uint8Array(ev.data);
    const t = prftMs(data);
    if (t === null) timescale = timescaleOf(data);
    else {
      const d = tfdt(data);
      if (d !== null) prftByMediaMs.set(Math.round(d / timescale * 1000), t);
    }
    queue.push({ data, t, arrival: Date.now() });
    pump();
  };
  const onFrame = (now, meta) => {
    const t = prftByMediaMs.get(Math.round(meta.mediaTime * 1000));
    if (t !== undefined && measuring()) {
      const shown = performance.timeOrigin + meta.expectedDisplayTime;
      s.display.push(shown - t);
      s.displayed++;
      const changed = clockMode ? changedPixels() : 0;
      if (clockMode) (s.changes = s.changes || []).push(changed);
      if (clockMode && changed >= 8) {
        const second = Math.floor(t / 1000) * 1000;
        s.glass.push(shown - second);
        s.camera.push(t - second);
      }
    }
    video.requestVideoFrameCallback(onFrame);
  };
  if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(onFrame);
  const lagTimer = setInterval(() => {
    const b = video.buffered;
    if (measuring() && b.length) s.lag.push((b.end(b.length - 1) - video.currentTime) * 1000);
  }, 100);
  await new Promise((r) => setTimeout(r, warmupMs + seconds * 1000));
  clearInterval(lagTimer);
  s.current_time_s = video.currentTime;
  s.ready_state = video.readyState;
  s.decoded_frames = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality().totalVideoFrames : null;
  s.dropped_frames = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality().droppedVideoFrames : null;
  ws.close();
  return s;
}, { user, password, camera, seconds, clockMode });
await browser.close();

const q = (values) => {
  const v = [...(values || [])].sort((a, b) => a - b);
  const at = (p) => (v.length ? Math.round(v[Math.min(v.length - 1, Math.floor(p * (v.length - 1) + 0.5))]) : null);
  return { n: v.length, median: at(0.5), p95: at(0.95), max: v.length ? Math.round(v[v.length - 1]) : null };
};
if (result.error) {
  console.log(JSON.stringify({ error: result.error }));
  process.exit(1);
}
console.log(JSON.stringify({
  seconds,
  arrival_ms: q(result.arrival),
  append_ms: q(result.append),
  display_ms: q(result.display),
  play_lag_ms: q(result.lag),
  glass_ms: clockMode ? q(result.glass) : null,
  camera_ms: clockMode ? q(result.camera) : null,
  frames: result.frames,
  displayed: result.displayed,
  seeks: result.seeks,
  decoded_frames: result.decoded_frames,
  dropped_frames: result.dropped_frames,
  current_time_s: result.current_time_s,
  changes: process.env.DEBUG_CHANGES ? result.changes : undefined,  // DEBUG_CHANGES=1: the per-frame pixel-change counts
}));
