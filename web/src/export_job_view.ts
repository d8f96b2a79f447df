// export_job_view.ts: an export job as the user follows it. JobProgressView: the job just
// started from the export panel, polled (GET /api/v1/exports/{id}) every 0.5 s until it
// ends: its state and phase, a progress bar and Cancel; when done, a download link.
// ExportJobList: all the user's jobs (GET /api/v1/exports), refreshed every 2 s while one
// is queued or running, each with its state, progress, download link and Cancel or Delete.
// The server's refusals are shown as the server words them.
import { ApiError } from "./api";
import { h, notice } from "./dom";
import * as jobs from "./export_jobs_api";
import { formatBytes, formatWall, parseIso } from "./time";

const kPollMs = 500;
const kListPollMs = 2000;

function downloadLink(j: jobs.ExportJob, id?: string): HTMLElement | null {
  if (j.state !== "done" || !j.download) return null;
  return h("a", { href: j.download, download: j.file_name, id, class: "export-job-download" },
    `Download ${j.file_name} (${formatBytes(j.bytes)})`);
}

export class JobProgressView {
  readonly el = h("div", { class: "export-job", id: "export-job", hidden: true });
  private readonly state = h("span", { id: "export-job-state" });
  private readonly bar = h("progress", { id: "export-job-progress", max: 1, value: 0 });
  private readonly cancel = h("button", { type: "button", id: "export-job-cancel" }, "Cancel");
  private readonly result = h("div", { class: "export-job-result" });
  private job: jobs.ExportJob | null = null;
  private timer = 0;

  // onChange: the job changed state (the list refreshes).
  constructor(private readonly onChange: () => void) {
    this.cancel.addEventListener("click", () => void this.cancelJob());
    this.el.append(h("div", { class: "export-actions" }, this.state, this.bar, this.cancel), this.result);
  }

  track(job: jobs.ExportJob): void {
    this.stop();
    this.el.hidden = false;
    this.job = null; // a new job: the list refreshes whatever the last one's state was
    this.show(job);
    this.schedule();
  }

  hide(): void {
    this.stop();
    this.job = null;
    this.el.hidden = true;
  }

  stop(): void {
    window.clearTimeout(this.timer);
    this.timer = 0;
  }

  private schedule(): void {
    if (this.job && jobs.isActive(this.job)) this.timer = window.setTimeout(() => void this.poll(), kPollMs);
  }

  private async poll(): Promise<void> {
    if (!this.job) return;
    try {
      this.show(await jobs.exportJob(this.job.id));
    } catch (e) {
      this.result.replaceChildren(notice("error", `Cannot read the export job: ${(e as Error).message}`));
    }
    this.schedule();
  }

  private show(j: jobs.ExportJob): void {
    const changed = this.job?.state !== j.state;
    this.job = j;
    this.el.dataset.state = j.state;
    this.state.textContent = `Export job (${jobs.kindText(j.kind, j.watermark)}): ${jobs.jobStateText(j)}`;
    this.bar.value = j.progress;
    this.cancel.hidden = !jobs.isActive(j);
    const link = downloadLink(j, "export-job-download");
    if (link) this.result.replaceChildren(link, j.export_id ? ` export id ${j.export_id}` : "");
    else if (j.state === "failed") this.result.replaceChildren(notice("error", `The export failed: ${j.error}`));
    else if (j.state === "cancelled") this.result.replaceChildren(notice("warn", "Export job cancelled."));
    else this.result.replaceChildren();
    if (changed) this.onChange();
  }

  private async cancelJob(): Promise<void> {
    if (!this.job) return;
    this.cancel.disabled = true;
    try {
      this.show(await jobs.cancelExportJob(this.job.id));
      this.schedule(); // a running job stops at its next frame: keep polling until it says so
    } catch (e) {
      this.result.replaceChildren(notice("error", `Cannot cancel: ${(e as Error).message}`));
    } finally {
      this.cancel.disabled = false;
    }
  }
}

export class ExportJobList {
  readonly el: HTMLElement;
  private readonly body = h("tbody");
  private readonly status = h("div", { class: "export-jobs-status" });
  private timer = 0;
  private loading = 0;

  constructor() {
    this.el = h("section", { class: "export-jobs", id: "export-jobs" },
      h("h2", {}, "My export jobs"),
      h("table", { class: "requests" },
        h("thead", {}, h("tr", {}, ...["Kind", "Camera", "Range", "State", "Progress", ""].map((t) => h("th", {}, t)))),
        this.body),
      this.status);
  }

  async refresh(): Promise<void> {
    window.clearTimeout(this.timer);
    const id = ++this.loading;
    try {
      const list = await jobs.exportJobs();
      if (id !== this.loading) return;
      this.status.replaceChildren(list.length ? "" : "No export jobs. Jobs and their files are kept for a day.");
      this.body.replaceChildren(...list.map((j) => this.row(j)));
      if (list.some(jobs.isActive)) this.timer = window.setTimeout(() => void this.refresh(), kListPollMs);
    } catch (e) {
      if (id !== this.loading) return;
      // A role without export jobs (the server decides): no list rather than an error.
      if (e instanceof ApiError && e.status === 403) this.el.hidden = true;
      this.status.replaceChildren(notice("error", `Cannot list export jobs: ${(e as Error).message}`));
    }
  }

  stop(): void {
    window.clearTimeout(this.timer);
    this.loading++;
  }

  private row(j: jobs.ExportJob): HTMLElement {
    const active = jobs.isActive(j);
    const action = active || j.state === "done"
      ? h("button", { type: "button", class: "export-job-delete", onclick: () => void this.remove(j.id) }, active ? "Cancel" : "Delete")
      : null;
    return h("tr", { "data-id": j.id, "data-state": j.state },
      h("td", {}, jobs.kindText(j.kind, j.watermark)),
      h("td", {}, j.camera),
      h("td", {}, `${formatWall(parseIso(j.from))} → ${formatWall(parseIso(j.to))}`),
      h("td", { class: "export-job-state" }, jobs.jobStateText(j)),
      h("td", {}, h("progress", { max: 1, value: j.progress })),
      h("td", {}, downloadLink(j), " ", action));
  }

  private async remove(id: string): Promise<void> {
    try {
      await jobs.cancelExportJob(id);
    } catch (e) {
      this.status.replaceChildren(notice("error", (e as Error).message));
    }
    await this.refresh();
  }
}
