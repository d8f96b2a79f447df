#include "jobs/export_job_runner.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

extern "C" {
#include <libavutil/log.h>
}

#include "base/file_util.h"
#include "integrity/package_archive.h"
#include "privacy/pipeline.h"
#include "privacy/watermark.h"
#include "storage/export_package.h"
#include "storage/range_export.h"

namespace custos::jobs {

namespace {

namespace fs = std::filesystem;

Status CheckCancel(const JobProgress& progress) {
  if (progress.cancel.load()) return Cancelled("the export job was cancelled by its owner");
  return Status::Ok();
}

std::string BaseName(const ExportJobRequest& r, const RangeExport& plan) {
  std::string t = FormatIso8601(plan.start_wall);
  std::replace(t.begin(), t.end(), ':', '-');
  return r.camera_id + "_" + t;  // camera ids are [a-z0-9_-]: safe in a file name and a header
}

Result<JobOutput> Output(const std::string& path, const std::string& name) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return Err(Internal("the result " + path + " vanished: " + ec.message()));
  return JobOutput{path, name, static_cast<uint64_t>(size)};
}

// Counts decoded frames for the progress and stops at a cancel.
class ProgressSource final : public privacy::FrameSource {
 public:
  ProgressSource(privacy::FrameSource& inner, JobProgress& progress) : inner_(inner), progress_(progress) {}
  const privacy::StreamInfo& info() const override { return inner_.info(); }
  Result<bool> Next(privacy::StagedFrame& out) override {
    CUSTOS_RETURN_IF_ERROR(CheckCancel(progress_));
    auto more = inner_.Next(out);
    if (more && *more) {
      // The plan's count includes lead-in frames the decoder may drop: never past the total.
      progress_.frames_done = std::min(progress_.frames_done.load() + 1, progress_.frames_total.load());
    }
    return more;
  }

 private:
  privacy::FrameSource& inner_;
  JobProgress& progress_;
};

Status WritePlain(const mp4::ExportPlan& plan, const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoStatus(errno, "create " + path);
  Status s = mp4::WriteExport(plan, fd);
  ::close(fd);
  return s;
}

Result<privacy::MaskedExportStats> Mask(const std::string& in, const std::string& out,
                                        const privacy::MaskedExportOptions& options, JobProgress& progress) {
  auto source = privacy::OpenLibavSource(in);
  if (!source) return Err(source.error());
  ProgressSource counted(**source, progress);
  auto sink = privacy::OpenLibavMp4Sink(out, (*source)->info(), options.encode);
  if (!sink) return Err(sink.error());
  return privacy::MaskedExport(counted, **sink, options);
}

// The plain export of `plan` into JOB_DIR/unmasked.tmp (the original picture, removed in
// every case), then decoded, masked and/or watermarked by `options` and re-encoded into
// `out` (removed on error).
Status Reencode(const mp4::ExportPlan& plan, const std::string& out, const privacy::MaskedExportOptions& options,
                const std::string& job_dir, JobProgress& progress, const char* what) {
  const std::string tmp = JoinPath(job_dir, "unmasked.tmp");
  Status s = WritePlain(plan, tmp);
  if (s.ok()) s = CheckCancel(progress);
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  av_log_set_level(AV_LOG_ERROR);  // libx264's statistics are noise here
  auto stats = Mask(tmp, out, options, progress);
  ::unlink(tmp.c_str());
  if (!stats) {
    ::unlink(out.c_str());
    return stats.error().With(what);
  }
  return Status::Ok();
}

std::vector<std::string> WatermarkLines(const ExportJobRequest& r) {
  if (!r.watermarked()) return {};
  return privacy::WatermarkLines(r.watermark_export_id, r.requester);
}

Result<JobOutput> RunPackage(const RunEnv& env, const ExportJobRequest& r, const RangeExport& plan,
                             const std::string& job_dir, JobProgress& progress) {
  if (env.key == nullptr) return Err(FailedPrecondition("the node key is not loaded: packages cannot be signed"));
  PackageRequest req;
  req.cameras = {r.camera_id};
  req.from = r.from_wall_90k;
  req.to = r.to_wall_90k;
  req.out_dir = JoinPath(job_dir, "package");
  req.requester = r.requester;
  req.purpose = r.purpose;
  req.destination = r.destination;
  req.approvals = r.approvals;
  if (r.watermarked()) {
    // Re-encoded with the watermark burnt in; the samples are still checked against their
    // seals and the manifest names the export id and the text (integrity.md).
    privacy::MaskedExportOptions options;
    options.detect = false;
    options.watermark_lines = WatermarkLines(r);
    req.write_video = [&, options](const std::string&, const mp4::ExportPlan& video, const std::string& path) {
      return Reencode(video, path, options, job_dir, progress, "watermarking");
    };
    req.reencoding = PackageReencoding{.codec = "h264",
                                       .masked = false,
                                       .watermark = true,
                                       .export_id = r.watermark_export_id,
                                       .watermark_text = options.watermark_lines};
  }
  auto manifest = WriteExportPackage(env.catalog, env.data_dir, *env.key, env.clock, req);
  if (!manifest) return Err(manifest.error());
  progress.frames_done = progress.frames_total.load();
  CUSTOS_RETURN_IF_ERROR(CheckCancel(progress));
  const std::string name = BaseName(r, plan) + "_package" + kPackageArchiveSuffix;
  const std::string path = JoinPath(job_dir, name);
  CUSTOS_RETURN_IF_ERROR(WritePackageArchive(req.out_dir, path));
  std::error_code ec;
  fs::remove_all(req.out_dir, ec);
  return Output(path, name);
}

Result<JobOutput> RunMasked(const RunEnv& env, const ExportJobRequest& r, const RangeExport& plan,
                            const std::string& job_dir, JobProgress& progress) {
  auto zones_json = env.catalog.GetPrivacyZonesJson(r.camera_id);
  if (!zones_json) return Err(zones_json.error());
  auto zones = privacy::ZonesFromJson(*zones_json);
  if (!zones) return Err(zones.error().With("the camera's stored privacy zones"));
  const std::string name = BaseName(r, plan) + "_masked.mp4";
  const std::string out = JoinPath(job_dir, name);
  privacy::MaskedExportOptions options;
  options.zones = std::move(*zones);
  options.watermark_lines = WatermarkLines(r);
  CUSTOS_RETURN_IF_ERROR(Reencode(plan.plan, out, options, job_dir, progress, "masking"));
  progress.frames_done = progress.frames_total.load();
  return Output(out, name);
}

}  // namespace

Result<JobOutput> RunExportJob(const RunEnv& env, const ExportJobRequest& r, const std::string& job_dir,
                               JobProgress& progress) {
  CUSTOS_RETURN_IF_ERROR(MakeDirs(job_dir));
  auto plan = PlanRangeExport(env.catalog, env.data_dir, r.camera_id, r.from_wall_90k, r.to_wall_90k);
  if (!plan) return Err(plan.error());
  progress.frames_total = static_cast<int64_t>(plan->plan.sample_count);
  CUSTOS_RETURN_IF_ERROR(CheckCancel(progress));
  return r.kind == ExportKind::kMasked ? RunMasked(env, r, *plan, job_dir, progress)
                                       : RunPackage(env, r, *plan, job_dir, progress);
}

}  // namespace custos::jobs
