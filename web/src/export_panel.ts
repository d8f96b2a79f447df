// export_panel.ts: export a range chosen on the timeline: its size first (HEAD gives the
// exact Content-Length), then one of three kinds. A plain MP4: a download with a progress
// bar, the bytes streamed into a Blob and saved under the server's file name
// (Content-Disposition). An evidence package or a copy masked for publication (optionally
// watermarked): an export job on the server (export_job_view.ts follows it).
import { ApiError, errorFrom, exportUrl } from "./api";
import { h, notice } from "./dom";
import { ExportJobList, JobProgressView } from "./export_job_view";
import { startExportJob, type JobKind } from "./export_jobs_api";
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
  private readonly kind = h("select", { id: "export-kind", title: "What to export" },
    h("option", { value: "mp4" }, "Plain MP4 (download now)"),
    h("option", { value: "evidence_package" }, "Evidence package (signed .tar)"),
    h("option", { value: "masked" }, "Masked for publication (faces, plates, zones hidden)"));
  private readonly watermark = h("input", { type: "checkbox", id: "export-watermark" });
  private readonly watermarkLabel = h("label", { title: "Burn a new export id and your name into the picture (re-encoded)" },
    this.watermark, " Watermark");
  readonly jobs = new ExportJobList();
  private readonly job = new JobProgressView(() => void this.jobs.refresh());
  private camera = "";
  private range: Span | null = null;
  private abort: AbortController | null = null;
  private sizeRequest = 0;

  // requestLink: a link to file a request for a range (a copy needs an export grant).
  constructor(private readonly requestLink: (range: Span) => HTMLElement) {
    this.progress.hidden = true;
    this.button.addEventListener("click", () => void (this.kind.value === "mp4" ? this.download() : this.startJob()));
    this.cancel.addEventListener("click", () => this.abort?.abort());
    this.kind.addEventListener("change", () => this.kindChanged());
    this.kindChanged();
    this.el = h(
      "section",
      { class: "export" },
      h("h2", {}, "Export"),
      h("div", {}, this.rangeText, " ", this.sizeText),
      h("div", { class: "export-actions" }, this.kind, this.watermarkLabel, this.button, this.cancel, this.progress),
      this.status,
      this.job.el,
    );
  }

  // Leaving the page: no more polling.
  dispose(): void {
    this.job.stop();
    this.jobs.stop();
  }

  private kindChanged(): void {
    const plain = this.kind.value === "mp4";
    this.button.textContent = plain ? "Download MP4" : "Start export job";
    // The watermark re-encodes: only jobs do that (a plain MP4 is the recorded samples).
    this.watermarkLabel.hidden = plain;
    if (plain) this.watermark.checked = false;
  }

  private async startJob(): Promise<void> {
    if (!this.range) return;
    this.button.disabled = true;
    this.status.replaceChildren();
    try {
      const job = await startExportJob({
        camera: this.camera,
        from: new Date(this.range.start_ms).toISOString(),
        to: new Date(this.range.end_ms).toISOString(),
        kind: this.kind.value as JobKind,
        watermark: this.watermark.checked,
      });
      this.job.track(job);
    } catch (e) {
      // As the server words it: "… needs a second approver", "… does not cover …", limits.
      const denied = e instanceof ApiError && e.status === 403;
      this.status.replaceChildren(h("div", { class: `notice ${denied ? "warn" : "error"}`, role: "alert", id: "export-job-error" },
        `Cannot start the export job: ${(e as Error).message} `, denied && this.range ? this.requestLink(this.range) : null));
    } finally {
      this.button.disabled = false;
    }
  }

  async setRange(camera: string, range: Span | null, exportable: boolean): Promise<void> {
    this.camera = camera;
    this.range = range;
    this.button.disabled = true;
    this.sizeText.textContent = "";
    delete this.sizeText.dataset.bytes; // the previous range's size must not linger
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
