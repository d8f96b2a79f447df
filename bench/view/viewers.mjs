// viewers.mjs: N WebSocket viewers of one camera's live view in this one process, for
// bench/view.sh. Usage: node viewers.mjs BASE_URL PASSWORD CAMERA N SECONDS
// Counts, per viewer, the fragments (frames) received in the measured window and the
// delivery latency (arrival here minus the prft wall time Custos stamped on the frame),
// then prints one JSON line. A viewer "kept up" if it received at least 97 % of the frames
// the camera sent in the window (25 fps) and its p95 latency stayed under 1 s.
import WebSocket from 'ws';
import { login, prftUnixMs, quantiles } from './prft.mjs';

const [base, password, camera, nText, secondsText, fpsText] = process.argv.slice(2);
const n = Number(nText);
const seconds = Number(secondsText);
const fps = Number(fpsText || 25);
const warmupMs = 3000;  // the first GOP burst (frames up to one GOP old) is not measured

const cookie = await login(base, password);
const wsUrl = base.replace(/^http/, 'ws') + `/api/v1/cameras/${camera}/live`;
const viewers = [];
const start = Date.now();
for (let i = 0; i < n; i++) {
  const v = { frames: 0, bytes: 0, latencies: [], closed: null, open: false };
  const ws = new WebSocket(wsUrl, { headers: { Cookie: cookie }, origin: base, perMessageDeflate: false });
  ws.binaryType = 'nodebuffer';
  ws.on('open', () => { v.open = true; });
  ws.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const t = prftUnixMs(data);
    if (t === null) return;  // the init segment
    const now = Date.now();
    if (now - start < warmupMs) return;
    v.frames += 1;
    v.bytes += data.length;
    v.latencies.push(now - t);
  });
  ws.on('close', (code) => { v.closed = code; });
  ws.on('error', (e) => { v.closed = String(e.message || e); });
  v.ws = ws;
  viewers.push(v);
}
await new Promise((r) => setTimeout(r, warmupMs + seconds * 1000));
const windowS = seconds;
const expected = fps * windowS;
const all = [];
const perViewer = viewers.map((v) => {
  all.push(...v.latencies);
  const q = quantiles(v.latencies);
  return { frames: v.frames, p95_ms: q.p95, kept_up: v.frames >= 0.97 * expected && q.p95 < 1000, closed: v.closed };
});
for (const v of viewers) v.ws.close();
const q = quantiles(all);
const framesPerViewer = perViewer.map((p) => p.frames);
console.log(JSON.stringify({
  viewers: n,
  seconds: windowS,
  expected_frames: expected,
  min_frames: n ? Math.min(...framesPerViewer) : 0,
  max_frames: n ? Math.max(...framesPerViewer) : 0,
  kept_up: perViewer.filter((p) => p.kept_up).length,
  closed: perViewer.filter((p) => p.closed !== null).length,
  latency_ms: { median: +q.median.toFixed(1), p95: +q.p95.toFixed(1), max: +q.max.toFixed(1) },
  mbit_per_s_per_viewer: n ? +(viewers.reduce((s, v) => s + v.bytes, 0) * 8 / n / windowS / 1e6).toFixed(2) : 0,
}));
process.exit(0);
