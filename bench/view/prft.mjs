// prft.mjs: reads the wall time a Custos live fragment carries. Each binary message after
// the init segment is prft + moof + mdat; prft (ISO 14496-12 8.16.5) holds the NTP time at
// which Custos received the frame from the camera. Returns Unix milliseconds, or null.
const NTP_UNIX_OFFSET_S = 2208988800;

export function prftUnixMs(buf) {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  if (bytes.length < 24) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(bytes[4], bytes[5], bytes[6], bytes[7]);
  if (type !== 'prft') return null;
  const seconds = dv.getUint32(16);
  const fraction = dv.getUint32(20);
  return (seconds - NTP_UNIX_OFFSET_S) * 1000 + (fraction / 4294967296) * 1000;
}

export function quantiles(values) {
  const v = [...values].sort((a, b) => a - b);
  const q = (p) => (v.length ? v[Math.min(v.length - 1, Math.floor(p * (v.length - 1) + 0.5))] : NaN);
  return { n: v.length, median: q(0.5), p95: q(0.95), max: v.length ? v[v.length - 1] : NaN, min: v.length ? v[0] : NaN };
}

// Logs in as `user` (CUSTOS_USER, else admin) and returns the session cookie
// ("custos_session=...").
export async function login(base, password, user = process.env.CUSTOS_USER || 'admin') {
  const res = await fetch(`${base}/api/v1/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, password }),
  });
  if (res.status !== 200) throw new Error(`login: HTTP ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie') || '';
  return cookie.split(';')[0];
}
