// /api/v1/exports: export jobs (src/jobs). POST starts one (a signed evidence package or a
// masked MP4 of one camera's [from, to)), GET reads the user's own, .../download serves
// the finished file (Range, like export.mp4), DELETE cancels. "watermark": true burns a new
// random export id and the requester into the picture (re-encoded; in the audit entry). Authorize() has already
// checked the export grant (POST) or that the job is the user's (the rest). Every start,
// download and cancel is audited here; the job's finish by src/jobs.
#include <sys/stat.h>

#include <algorithm>

#include "api/audit_util.h"
#include "api/byte_range.h"
#include "api/handlers.h"
#include "api/http_error.h"
#include "api/json_body.h"
#include "api/request_util.h"
#include "jobs/export_jobs.h"
#include "privacy/watermark.h"

namespace custos::api {

namespace {

constexpr int64_t kMaxJobSpan90k = int64_t{24} * 3600 * kTicksPerSecond90k;
constexpr char kExample[] =
    R"({"camera": "gate", "from": "2026-11-23T08:30:00Z", "to": "2026-11-23T08:35:00Z", "kind": "evidence_package"})";

Result<jobs::ExportJobs*> Jobs(const ApiEnv& env) {
  if (env.export_jobs == nullptr) return Err(Unavailable("export jobs are not running on this server"));
  return env.export_jobs;
}

nlohmann::json OptionalTime(const std::optional<WallTime90k>& t) {
  return t ? nlohmann::json(FormatIso8601(*t)) : nlohmann::json(nullptr);
}

nlohmann::json JobJson(const jobs::ExportJobView& v) {
  const jobs::ExportJobRequest& r = v.request;
  nlohmann::json j = {{"id", v.id},
                      {"kind", jobs::ToString(r.kind)},
                      {"camera", r.camera_id},
                      {"from", FormatIso8601(r.from_wall_90k)},
                      {"to", FormatIso8601(r.to_wall_90k)},
                      {"state", jobs::ToString(v.state)},
                      {"phase", v.phase},
                      {"progress", v.progress()},
                      {"frames_done", v.frames_done},
                      {"frames_total", v.frames_total},
                      {"error", v.error},
                      {"request_id", r.grant_request_id},
                      {"purpose", r.purpose},
                      {"destination", r.destination},
                      {"watermark", r.watermarked()},
                      {"export_id", r.watermark_export_id},
                      {"created_at", FormatIso8601(v.created_wall_90k)},
                      {"finished_at", OptionalTime(v.finished_wall_90k)},
                      {"expires_at", OptionalTime(v.expires_wall_90k)},
                      {"file_name", v.file_name},
                      {"bytes", v.result_bytes},
                      {"download", nullptr}};
  if (v.state == jobs::JobState::kDone) j["download"] = "/api/v1/exports/" + v.id + "/download";
  return j;
}

AuditEvent JobEvent(const HandlerContext& ctx, const jobs::ExportJobView& v, std::string action, std::string detail) {
  AuditEvent e = BaseEvent(ctx.principal, ctx.request, std::move(action));
  const jobs::ExportJobRequest& r = v.request;
  e.camera_ids = {r.camera_id};
  e.from_wall_90k = r.from_wall_90k;
  e.to_wall_90k = r.to_wall_90k;
  e.purpose = r.purpose;
  e.destination = r.destination;
  if (r.grant_request_id) e.request_id = std::to_string(r.grant_request_id);
  e.detail = "export job " + v.id + " (" + std::string(jobs::ToString(r.kind)) + ")" + (detail.empty() ? "" : ": ") +
             detail;
  return e;
}

std::string Approval(const std::string& who, const std::optional<WallTime90k>& when) {
  return who + (when ? " at " + FormatIso8601(*when) : "");
}

// The job's request from the body and the grant Authorize() allowed it by.
Result<jobs::ExportJobRequest> ParseJobRequest(const HandlerContext& ctx) {
  auto body = JsonObjectBody(ctx.request.body, kExample);
  if (!body) return Err(body.error());
  jobs::ExportJobRequest r;
  auto camera = TextField(*body, "camera");
  auto kind = TextField(*body, "kind");
  auto from = TextField(*body, "from");
  auto to = TextField(*body, "to");
  auto watermark = BoolField(*body, "watermark", false);
  for (const auto* f : {&camera, &kind, &from, &to}) {
    if (!*f) return Err(f->error());
  }
  if (!watermark) return Err(watermark.error());
  if (camera->empty()) return Err(InvalidArgument(std::string("name the camera: ") + kExample));
  auto parsed_kind = jobs::ParseExportKind(*kind);
  if (!parsed_kind) return Err(parsed_kind.error());
  auto f = ParseIso8601(*from);
  if (!f) return Err(f.error().With("from (ISO 8601, e.g. 2026-11-23T08:30:00Z)"));
  auto t = ParseIso8601(*to);
  if (!t) return Err(t.error().With("to (ISO 8601, e.g. 2026-11-23T08:35:00Z)"));
  if (t->ticks_90k <= f->ticks_90k) return Err(InvalidArgument("to must be after from"));
  if (t->ticks_90k - f->ticks_90k > kMaxJobSpan90k) return Err(InvalidArgument("an export job covers at most 24 h"));
  r.owner = ctx.principal.user;
  r.kind = *parsed_kind;
  r.camera_id = *camera;
  r.from_wall_90k = *f;
  r.to_wall_90k = *t;
  r.client = ctx.request.client;
  auto grant = std::find_if(ctx.principal.grants.begin(), ctx.principal.grants.end(),
                            [&](const RetrievalRequest& g) { return g.id == ctx.grant_request_id; });
  if (grant == ctx.principal.grants.end()) return Err(Internal("the allowing grant is not among the user's grants"));
  r.grant_request_id = grant->id;
  r.requester = grant->requester;
  r.purpose = grant->purpose + (grant->case_ref.empty() ? "" : " (case " + grant->case_ref + ")");
  r.destination = grant->destination;
  if (!grant->approver1.empty()) r.approvals.push_back(Approval(grant->approver1, grant->approved1_wall_90k));
  if (!grant->approver2.empty()) r.approvals.push_back(Approval(grant->approver2, grant->approved2_wall_90k));
  r.approvals.push_back("retrieval request " + std::to_string(grant->id));
  if (*watermark) {
    if (r.requester.empty()) {
      return Err(FailedPrecondition("a watermark burns the requester into the picture, and retrieval request " +
                                    std::to_string(grant->id) + " names none; leave \"watermark\" out or false"));
    }
    r.watermark_export_id = privacy::NewExportId();
  }
  return r;
}

Result<jobs::ExportJobView> FindJob(const HandlerContext& ctx, jobs::ExportJobs& jobs) {
  const std::string& id = ctx.request.path_params.at("id");
  auto v = jobs.Get(id);
  if (!v) return Err(NotFound("no export job " + id + " (unknown, or expired and deleted: start a new one)"));
  // Authorize() checked the owner when the route was matched; the job may have been
  // swapped for another since (it cannot: ids are random), so check again.
  if (v->request.owner != ctx.principal.user) return Err(PermissionDenied("this export job belongs to another user"));
  return *v;
}

// The whole file as a one-part "plan", so that the connection streams it in chunks with
// Range support, exactly as it streams export.mp4.
Result<std::shared_ptr<const mp4::ExportPlan>> WholeFile(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) {
    return Err(NotFound("the export job's file is gone (cancelled or expired): start a new job"));
  }
  auto plan = std::make_shared<mp4::ExportPlan>();
  plan->files = {path};
  mp4::ExportPart part;
  part.is_copy = true;
  part.length_bytes = static_cast<uint64_t>(st.st_size);
  plan->parts = {part};
  plan->total_bytes = part.length_bytes;
  return std::shared_ptr<const mp4::ExportPlan>(std::move(plan));
}

}  // namespace

std::optional<std::string> ExportJobOwner(const ApiEnv& env, const RouteSpec& route,
                                          const std::map<std::string, std::string>& path_params) {
  if (env.export_jobs == nullptr || route.permission != Permission::kExportJobs) return std::nullopt;
  auto id = path_params.find("id");
  if (id == path_params.end()) return std::nullopt;
  auto v = env.export_jobs->Get(id->second);
  if (!v) return std::nullopt;
  return v->request.owner;
}

namespace {

// Export packages are the least important write (docs/design/retention.md): refused, and
// the refusal audited, while the disk alarm stands.
Status CheckDiskForPackages(HandlerContext& ctx) {
  if (!ctx.env.disk_pressure) return Status::Ok();
  const DiskPressure pressure = ctx.env.disk_pressure();
  if (MayWrite(pressure, WriteClass::kExportPackage)) return Status::Ok();
  const Status refused = Unavailable("the disk is " + std::string(DiskPressureName(pressure)) +
                                     " (alarm raised): export jobs are refused until space is freed; "
                                     "ask the administrator, or download the range as a plain MP4 (export.mp4)");
  AuditEvent e = BaseEvent(ctx.principal, ctx.request, "export_job_refused");
  e.outcome = "refused";
  e.detail = refused.message();
  CUSTOS_RETURN_IF_ERROR(Report(ctx.env, e));
  return refused;
}

}  // namespace

Result<Reply> HandleCreateExportJob(HandlerContext& ctx) {
  auto jobs = Jobs(ctx.env);
  if (!jobs) return Err(jobs.error());
  CUSTOS_RETURN_IF_ERROR(CheckDiskForPackages(ctx));
  auto request = ParseJobRequest(ctx);
  if (!request) return Err(request.error());
  auto view = (*jobs)->Submit(std::move(*request));
  if (!view) return Err(view.error());
  // A watermark's id is on record with whom it was made for, so a leaked copy can be traced.
  const jobs::ExportJobRequest& req = view->request;
  const std::string detail =
      req.watermarked() ? "watermarked export id " + req.watermark_export_id + " for " + req.requester : "";
  Status audited = Report(ctx.env, JobEvent(ctx, *view, "export_job_created", detail));
  if (!audited.ok()) {
    (void)(*jobs)->Cancel(view->id);  // nothing starts unaudited
    return Err(audited);
  }
  Reply r = JsonReply(JobJson(*view), 202);
  r.headers.emplace_back("Location", "/api/v1/exports/" + view->id);
  return r;
}

Result<Reply> HandleListExportJobs(HandlerContext& ctx) {
  auto jobs = Jobs(ctx.env);
  if (!jobs) return Err(jobs.error());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& v : (*jobs)->ListOf(ctx.principal.user)) list.push_back(JobJson(v));
  return JsonReply({{"exports", list}});
}

Result<Reply> HandleGetExportJob(HandlerContext& ctx) {
  auto jobs = Jobs(ctx.env);
  if (!jobs) return Err(jobs.error());
  auto v = FindJob(ctx, **jobs);
  if (!v) return Err(v.error());
  return JsonReply(JobJson(*v));
}

Result<Reply> HandleDownloadExportJob(HandlerContext& ctx) {
  auto jobs = Jobs(ctx.env);
  if (!jobs) return Err(jobs.error());
  auto v = FindJob(ctx, **jobs);
  if (!v) return Err(v.error());
  auto path = (*jobs)->ResultPath(v->id);
  if (!path) return Err(path.error());
  auto plan = WholeFile(*path);
  if (!plan) return Err(plan.error());
  const uint64_t total = (*plan)->total_bytes;
  const ByteRange br = ParseByteRange(ctx.request.range, total);
  if (br.kind == RangeKind::kUnsatisfiable) {
    return Err(OutOfRange("the file has " + std::to_string(total) + " bytes; ask for a range within them"));
  }
  if (ctx.request.method != "HEAD") {
    const std::string span = br.kind == RangeKind::kPartial
                                 ? "bytes " + std::to_string(br.begin) + "-" + std::to_string(br.end - 1)
                                 : std::to_string(total) + " bytes";
    CUSTOS_RETURN_IF_ERROR(Report(ctx.env, JobEvent(ctx, *v, "export_job_download", v->file_name + ", " + span)));
  }
  Reply r;
  r.content_type = v->request.kind == jobs::ExportKind::kMasked ? "video/mp4" : "application/x-tar";
  r.headers = {{"Accept-Ranges", "bytes"},
               {"Cache-Control", "private, no-store"},
               {"Content-Disposition", "attachment; filename=\"" + v->file_name + "\""}};
  if (br.kind == RangeKind::kPartial) {
    r.status = 206;
    r.headers.emplace_back("Content-Range", "bytes " + std::to_string(br.begin) + "-" + std::to_string(br.end - 1) +
                                                "/" + std::to_string(total));
  }
  r.stream = StreamedBody{*plan, br.begin, br.end};
  return r;
}

Result<Reply> HandleCancelExportJob(HandlerContext& ctx) {
  auto jobs = Jobs(ctx.env);
  if (!jobs) return Err(jobs.error());
  auto v = FindJob(ctx, **jobs);
  if (!v) return Err(v.error());
  const std::string before(jobs::ToString(v->state));
  auto after = (*jobs)->Cancel(v->id);
  if (!after) return Err(after.error());
  CUSTOS_RETURN_IF_ERROR(Report(ctx.env, JobEvent(ctx, *after, "export_job_cancelled", "was " + before)));
  return JsonReply(JobJson(*after));
}

}  // namespace custos::api
