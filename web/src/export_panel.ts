// export_panel.ts: export a range chosen on the timeline: its size first (HEAD gives the
// exact Content-Length), then a download with a progress bar. The bytes are streamed
// into a Blob and saved under the server's file name (Content-Disposition).
import { ApiError, errorFrom, exportUrl } from "./api";
import { h, notice } from "./dom";
import type { Span } from "./timeline";
import { formatBytes, formatDuration, formatWall } from "./time";

// Above this the bytes are not collected in the page (memory) but left to the browser.
const kInPageLimitBytes = 1024 * 1024 * 1024;

export class ExportPanel {
  readonly el: HTMLElement;
  private readonly rangeText = h("span", { id: "export-range" }, "Shift-drag on the timeline, or mark in and out, to choose a range.");
  private readonly sizeText = h("span", { id: "export-size" });
  private readonly progress = h("progress", { id: "export-progress", max: 1, value: 0 });
  private readonly status = h("div", { class: "export-status" });
  private readonly button = h("button", { type: "button", id: "export-download", disabled: true }, "Download MP4");
  private readonly cancel = h("button", { type: "button", hidden: true }, "Cancel");
  private camera = "";
  private range: Span | null = null;
  private abort: AbortController | null = null;
  private sizeRequest = 0;

  // requestLink: a link to file a request for a range (a copy needs an export grant).
  constructor(private readonly requestLink: (range: Span) => HTMLElement) {
    this.progress.hidden = true;
    this.button.addEventListener("click", () => void this.download());
    this.cancel.addEventListener("click", () => this.abort?.abort());
    this.el = h(
      "section",
      { class: "export" },
      h("h2", {}, "Export"),
      h("div", {}, this.rangeText, " ", this.sizeText),
      h("div", { class: "export-actions" }, this.button, this.cancel, this.progress),
      this.status,
    );
  }

  async setRange(camera: string, range: Span | null, exportable: boolean): Promise<void> {
    this.camera = camera;
    this.range = range;
    this.button.disabled = true;
    this.sizeText.textContent = "";
    this.status.replaceChildren();
    if (!range) {
      this.rangeText.textContent = "Shift-drag on the timeline, or mark in and out, to choose a range.";
      return;
    }
    this.rangeText.textContent = `${formatWall(range.start_ms)} → ${formatWall(range.end_ms)} (${formatDuration(range.end_ms - range.start_ms)})`;
    const id = ++this.sizeRequest;
    this.sizeText.textContent = "size: …";
    try {
      const res = await fetch(this.url(false), { method: "HEAD", credentials: "same-origin" });
      if (id !== this.sizeRequest) return;
      if (!res.ok) throw await errorFrom(res);
      this.sizeText.textContent = `size: ${formatBytes(Number(res.headers.get("Content-Length")))}`;
      this.sizeText.dataset.bytes = res.headers.get("Content-Length") ?? "";
      if (exportable) {
        this.button.disabled = false;
      } else {
        this.status.replaceChildren(h("div", { class: "notice warn", role: "status", id: "export-needs-grant" },
          "Downloading a copy needs an approved export request (two approvers) covering this range. ", this.requestLink(range)));
      }
    } catch (e) {
      if (id !== this.sizeRequest) return;
      this.sizeText.textContent = "";
      const denied = e instanceof ApiError && e.status === 403;
      this.status.replaceChildren(h("div", { class: `notice ${denied ? "warn" : "error"}`, role: "alert" },
        `Cannot export this range: ${(e as Error).message} `, denied ? this.requestLink(range) : null));
    }
  }

  private url(download: boolean): string {
    return exportUrl(this.camera, new Date(this.range!.start_ms), new Date(this.range!.end_ms), download);
  }

  private async download(): Promise<void> {
    if (!this.range) return;
    if (Number(this.sizeText.dataset.bytes) > kInPageLimitBytes) {
      // Too big to hold in the page: let the browser's own download manager fetch it.
      this.status.replaceChildren(notice("info", "Large export: the browser downloads it (see its downloads list)."));
      window.location.assign(this.url(true));
      return;
    }
    this.abort = new AbortController();
    this.button.disabled = true;
    this.cancel.hidden = false;
    this.progress.hidden = false;
    this.progress.value = 0;
    this.status.replaceChildren(notice("info", "Downloading…"));
    try {
      const res = await fetch(this.url(true), { credentials: "same-origin", signal: this.abort.signal });
      if (!res.ok || !res.body) throw await errorFrom(res);
      const total = Number(res.headers.get("Content-Length"));
      const chunks: Uint8Array[] = [];
      let received = 0;
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.byteLength;
        this.progress.value = total > 0 ? received / total : 0;
      }
      if (total > 0 && received !== total) throw new Error(`the download stopped at ${formatBytes(received)} of ${formatBytes(total)}`);
      this.save(new Blob(chunks as BlobPart[], { type: "video/mp4" }), fileName(res));
      this.status.replaceChildren(notice("info", `Saved ${formatBytes(received)}.`));
    } catch (e) {
      const aborted = (e as Error).name === "AbortError";
      this.status.replaceChildren(notice(aborted ? "warn" : "error", aborted ? "Download cancelled." : `Download failed: ${(e as Error).message}`));
    } finally {
      this.abort = null;
      this.button.disabled = false;
      this.cancel.hidden = true;
    }
  }

  private save(blob: Blob, name: string): void {
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

function fileName(res: Response): string {
  const m = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "");
  return m ? m[1] : "custos-export.mp4";
}
