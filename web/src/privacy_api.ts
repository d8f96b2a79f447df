// privacy_api.ts: the privacy zones of a camera (GET/PUT /api/v1/cameras/{id}/privacy-zones,
// administrators) and the picture to draw them on (GET .../live.jpg, which needs live
// video of the camera: administrators without the duty operator's role get a 403).
import { errorFrom, request, type ApiError } from "./api";
import { zonesFromJson, type Zone } from "./zone_geometry";

const zonesPath = (camera: string) => `/cameras/${encodeURIComponent(camera)}/privacy-zones`;

export async function privacyZones(camera: string): Promise<Zone[]> {
  return zonesFromJson((await request<{ zones: unknown }>("GET", zonesPath(camera))).zones);
}

// Replaces every zone of the camera; answers the zones as stored.
export async function savePrivacyZones(camera: string, zones: Zone[]): Promise<Zone[]> {
  return zonesFromJson((await request<{ zones: unknown }>("PUT", zonesPath(camera), { zones })).zones);
}

export type Picture = { ok: true; url: string; width: number; height: number } | { ok: false; error: ApiError };

// The camera's newest frame as an object URL (revoke it when done), or the server's refusal.
export async function livePicture(camera: string, maxWidth: number): Promise<Picture> {
  const query = maxWidth > 0 ? `?width=${maxWidth}` : "";
  const res = await fetch(`/api/v1/cameras/${encodeURIComponent(camera)}/live.jpg${query}`, { credentials: "same-origin" });
  if (!res.ok) return { ok: false, error: await errorFrom(res) };
  const url = URL.createObjectURL(await res.blob());
  const img = new Image();
  img.src = url;
  try {
    await img.decode();
  } catch {
    URL.revokeObjectURL(url);
    throw new Error("the camera's picture is not a JPEG the browser can decode");
  }
  return { ok: true, url, width: img.naturalWidth, height: img.naturalHeight };
}
