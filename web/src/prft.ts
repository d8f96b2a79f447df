// prft.ts: the wall time of a live fragment. Each live media segment starts with a
// ProducerReferenceTimeBox (ISO 14496-12 §8.16.5): an NTP time and the media time it
// belongs to, so the UI can show the wall clock of the frame on screen.

const kNtpToUnixS = 2208988800; // 1900-01-01 to 1970-01-01

export interface WallMark {
  media_s: number; // decode time of the fragment, in seconds of the media timeline
  wall_ms: number; // its wall time, ms since the Unix epoch
}

// The prft at the start of `segment`, or null when it has none.
export function readPrft(segment: ArrayBuffer, timescale: number): WallMark | null {
  if (segment.byteLength < 32) return null;
  const v = new DataView(segment);
  if (v.getUint32(4) !== 0x70726674 /* 'prft' */) return null;
  const version = v.getUint8(8);
  const ntpS = v.getUint32(16);
  const ntpFrac = v.getUint32(20);
  const media = version === 0 ? v.getUint32(24) : Number(v.getBigUint64(24));
  return {
    media_s: media / timescale,
    wall_ms: (ntpS - kNtpToUnixS) * 1000 + (ntpFrac / 2 ** 32) * 1000,
  };
}

// Keeps the last few marks and answers the wall time at a media time.
export class WallClock {
  private marks: WallMark[] = [];

  add(m: WallMark): void {
    this.marks.push(m);
    if (this.marks.length > 256) this.marks.splice(0, this.marks.length - 256);
  }

  clear(): void {
    this.marks = [];
  }

  wallAt(media_s: number): number | null {
    let best: WallMark | null = null;
    for (const m of this.marks) {
      if (m.media_s <= media_s + 1e-3 && (!best || m.media_s > best.media_s)) best = m;
    }
    return best ? best.wall_ms + (media_s - best.media_s) * 1000 : null;
  }
}
