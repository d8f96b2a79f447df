// The audit routes (permission view_audit: the auditor role): the log's entries, its
// verification, the retrieval register (R401) and the inspection report (R702). Reading
// the audit log is itself audited (action "audit_read", what was read in detail): the
// watchers' watcher is watched too. Each call opens DATA/audit.db read-only on the worker
// (the daemon's AuditLog keeps appending through its own connection).

#include "api/audit_util.h"
#include "api/handlers.h"
#include "api/request_util.h"
#include "audit/audit_verify.h"
#include "govern/rule_numbers.h"
#include "retention/audit_reports.h"

namespace custos::api {

namespace {

constexpr size_t kDefaultPageEntries = 500;
constexpr size_t kMaxPageEntries = 5000;
constexpr int64_t kMaxReportSpan90k = int64_t{400} * 24 * 3600 * kTicksPerSecond90k;

std::string Param(const Request& r, const std::string& name) {
  auto it = r.query.find(name);
  return it == r.query.end() ? std::string() : it->second;
}

Result<std::optional<WallTime90k>> OptionalTime(const Request& r, const std::string& name) {
  if (Param(r, name).empty()) return std::optional<WallTime90k>();
  Result<WallTime90k> t = RequiredTime(r, name);
  if (!t) return Err(t.error());
  return std::optional<WallTime90k>(*t);
}

Result<int64_t> OptionalCount(const Request& r, const std::string& name, int64_t fallback) {
  const std::string v = Param(r, name);
  if (v.empty()) return fallback;
  std::optional<int64_t> n = ParseWholeNumber(v);
  if (!n || *n < 0) return Err(InvalidArgument("'" + name + "' must be a whole number of at least 0, not '" + v + "'"));
  return *n;
}

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

Result<AuditFilter> ListFilter(const Request& r) {
  AuditFilter f;
  Result<std::optional<WallTime90k>> from = OptionalTime(r, "from");
  if (!from) return Err(from.error());
  Result<std::optional<WallTime90k>> to = OptionalTime(r, "to");
  if (!to) return Err(to.error());
  f.from_wall_90k = *from;
  f.to_wall_90k = *to;
  f.actor = Param(r, "actor");
  f.camera = Param(r, "camera");
  f.actions = SplitCommas(Param(r, "action"));
  Result<int64_t> after = OptionalCount(r, "after_seq", 0);
  if (!after) return Err(after.error());
  Result<int64_t> limit = OptionalCount(r, "limit", kDefaultPageEntries);
  if (!limit) return Err(limit.error());
  if (*limit < 1 || *limit > static_cast<int64_t>(kMaxPageEntries)) {
    return Err(InvalidArgument("'limit' must be between 1 and " + std::to_string(kMaxPageEntries)));
  }
  f.after_seq = *after;
  f.limit = static_cast<size_t>(*limit);
  return f;
}

nlohmann::json OptionalTimeJson(const std::optional<WallTime90k>& t) {
  return t ? nlohmann::json(FormatIso8601(*t)) : nlohmann::json(nullptr);
}

nlohmann::json EntryJson(const StoredAuditEntry& s) {
  const AuditEntry& e = s.entry;
  return {{"seq", e.seq},
          {"time", FormatIso8601(e.wall_90k)},
          {"actor", e.event.actor},
          {"action", e.event.action},
          {"outcome", e.event.outcome},
          {"cameras", e.event.camera_ids},
          {"from", OptionalTimeJson(e.event.from_wall_90k)},
          {"to", OptionalTimeJson(e.event.to_wall_90k)},
          {"purpose", e.event.purpose},
          {"destination", e.event.destination},
          {"request", e.event.request_id},
          {"client", e.event.client},
          {"detail", e.event.detail},
          {"hash", HashHex(e.hash)}};
}

Result<std::unique_ptr<SqliteDb>> OpenLog(const ApiEnv& env) {
  auto db = OpenAuditDb(AuditLogPath(env.data_dir), /*read_only=*/true);
  if (!db) return Err(db.error().With("opening the audit log"));
  return db;
}

Result<PublicKey> NodePublicKey(const ApiEnv& env) {
  Result<NodeKey> key = NodeKey::Load(env.data_dir);
  if (!key) return Err(key.error().With("loading the node key the audit log is signed with"));
  return key->public_key();
}

// Records that `ctx.principal` read the audit log; the read fails if that cannot be recorded.
Status ReportRead(HandlerContext& ctx, std::string detail) {
  AuditEvent e = BaseEvent(ctx.principal, ctx.request, "audit_read");
  e.detail = std::move(detail);
  return Report(ctx.env, e);
}

std::string FilterText(const AuditFilter& f) {
  std::string t = "entries";
  if (f.from_wall_90k) t += " from " + FormatIso8601(*f.from_wall_90k);
  if (f.to_wall_90k) t += " to " + FormatIso8601(*f.to_wall_90k);
  if (!f.actor.empty()) t += " actor " + f.actor;
  if (!f.camera.empty()) t += " camera " + f.camera;
  for (const auto& a : f.actions) t += " action " + a;
  if (f.after_seq > 0) t += " after seq " + std::to_string(f.after_seq);
  return t;
}

nlohmann::json VerifyJson(const AuditVerifyReport& v) {
  nlohmann::json problems = nlohmann::json::array();
  for (const AuditFinding& p : v.problems) {
    problems.push_back({{"seq", p.seq}, {"problem", AuditProblemName(p.problem)}, {"message", p.message}});
  }
  return {{"intact", v.ok()},
          {"entries", v.entries},
          {"last_seq", v.last_seq},
          {"checkpoints", v.checkpoints},
          {"last_signed_seq", v.last_signed_seq},
          {"problems", problems},
          {"notes", v.notes}};
}

std::string ReportFileName(AuditReportKind kind, const TimeRange& range, bool pdf) {
  auto day = [](WallTime90k t) { return FormatIso8601(t).substr(0, 10); };
  return "custos-audit-" + std::string(AuditReportKindName(kind)) + "-" + day(range.from) + "-" + day(range.to) +
         (pdf ? ".pdf" : ".csv");
}

Result<Reply> HandleReport(HandlerContext& ctx, AuditReportKind kind) {
  const std::string format = Param(ctx.request, "format").empty() ? "csv" : Param(ctx.request, "format");
  if (format != "csv" && format != "pdf") return Err(InvalidArgument("'format' must be csv or pdf"));
  Result<TimeRange> range = RequiredTimeRange(ctx.request, kMaxReportSpan90k);
  if (!range) return Err(range.error());
  Result<std::unique_ptr<SqliteDb>> db = OpenLog(ctx.env);
  if (!db) return Err(db.error());
  Result<PublicKey> key = NodePublicKey(ctx.env);
  if (!key) return Err(key.error());
  if (ctx.env.profiles == nullptr) return Err(Unavailable("the jurisdiction profiles are not loaded on this server"));
  Result<RetentionProfile> profile = govern::ActiveRetentionProfile(ctx.catalog, *ctx.env.profiles);
  if (!profile) return Err(profile.error());
  const RetentionPolicy policy(*profile, *ctx.env.clock);
  CUSTOS_RETURN_IF_ERROR(ReportRead(ctx, std::string(AuditReportKindName(kind)) + " " + format + " period " +
                                             FormatIso8601(range->from) + " to " + FormatIso8601(range->to)));
  Result<custos::Report> report = BuildAuditReport(kind, ReportPeriod{range->from, range->to},
                                           AuditReportSources{**db, ctx.catalog, *key, policy}, ctx.env.clock->Now());
  if (!report) return Err(report.error());
  Reply r;
  r.content_type = format == "pdf" ? "application/pdf" : "text/csv; charset=utf-8";
  r.body = format == "pdf" ? ReportToPdf(*report) : ReportToCsv(*report);
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"" + ReportFileName(kind, *range, format == "pdf") + "\"");
  return r;
}

}  // namespace

Result<Reply> HandleListAudit(HandlerContext& ctx) {
  Result<AuditFilter> filter = ListFilter(ctx.request);
  if (!filter) return Err(filter.error());
  Result<std::unique_ptr<SqliteDb>> db = OpenLog(ctx.env);
  if (!db) return Err(db.error());
  CUSTOS_RETURN_IF_ERROR(ReportRead(ctx, FilterText(*filter)));
  Result<std::vector<StoredAuditEntry>> entries = ReadAuditEntries(**db, *filter);
  if (!entries) return Err(entries.error());
  nlohmann::json list = nlohmann::json::array();
  for (const StoredAuditEntry& e : *entries) list.push_back(EntryJson(e));
  nlohmann::json out = {{"entries", list}};
  // A full page may have more after it: the client asks again with after_seq.
  const bool full = entries->size() == filter->limit;
  out["next_after_seq"] = full ? nlohmann::json(entries->back().entry.seq) : nlohmann::json(nullptr);
  return JsonReply(out);
}

Result<Reply> HandleVerifyAudit(HandlerContext& ctx) {
  Result<std::unique_ptr<SqliteDb>> db = OpenLog(ctx.env);
  if (!db) return Err(db.error());
  Result<PublicKey> key = NodePublicKey(ctx.env);
  if (!key) return Err(key.error());
  CUSTOS_RETURN_IF_ERROR(ReportRead(ctx, "verify"));
  Result<AuditVerifyReport> report = VerifyAuditLog(**db, *key);
  if (!report) return Err(report.error());
  return JsonReply(VerifyJson(*report));
}

Result<Reply> HandleAuditRegister(HandlerContext& ctx) { return HandleReport(ctx, AuditReportKind::kRetrievalRegister); }

Result<Reply> HandleAuditInspection(HandlerContext& ctx) { return HandleReport(ctx, AuditReportKind::kInspection); }

}  // namespace custos::api
