// The Govern routes (src/govern): registering cameras and changing registry entries (every
// refusal of govern::Registry applies: R103, R206, R108), the registry and the site
// categories, the profiles, the compliance report, filings and operations records.
// Authorisation happened before (permissions view_registry, edit_registry, manage_filings,
// view_compliance).
#include "api/audit_util.h"
#include "api/handlers.h"
#include "api/request_util.h"
#include "govern/compliance.h"
#include "govern/filings.h"
#include "govern/govern_json.h"
#include "govern/profile.h"
#include "govern/registry.h"

namespace custos::api {

namespace {

Status NeedGovern(const ApiEnv& env) {
  if (env.profiles == nullptr || env.taxonomy == nullptr) {
    return Unavailable("the jurisdiction profiles are not loaded on this server");
  }
  return Status::Ok();
}

govern::CivilDate Today(const ApiEnv& env) { return govern::UtcDate(env.clock->Now()); }

Result<nlohmann::json> Body(const Request& request) {
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return Err(InvalidArgument("the request body must be a JSON object"));
  return body;
}

Result<std::string> OptionalText(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) return std::string();
  if (!it->is_string()) return Err(InvalidArgument(std::string("'") + name + "' must be a string"));
  return it->get<std::string>();
}

Result<CameraConfig> ConfigFromBody(const nlohmann::json& body) {
  CameraConfig c;
  for (auto [name, field] : std::initializer_list<std::pair<const char*, std::string*>>{
           {"id", &c.id}, {"name", &c.name}, {"url", &c.url}, {"user", &c.username}, {"password", &c.password}}) {
    Result<std::string> v = OptionalText(body, name);
    if (!v) return Err(v.error());
    *field = *v;
  }
  Result<std::string> transport = OptionalText(body, "transport");
  if (!transport) return Err(transport.error());
  if (!transport->empty()) {
    std::optional<Transport> t = ParseTransport(*transport);
    if (!t) return Err(InvalidArgument("transport must be tcp or udp"));
    c.transport = *t;
  }
  return c;
}

Result<const govern::Profile*> ProfileParam(HandlerContext& ctx, const char* param) {
  auto it = ctx.request.query.find(param);
  if (it != ctx.request.query.end() && !it->second.empty()) return ctx.env.profiles->Find(it->second);
  return govern::ActiveProfile(ctx.catalog, *ctx.env.profiles);
}

govern::Registry MakeRegistry(HandlerContext& ctx) {
  return govern::Registry(ctx.catalog, *ctx.env.taxonomy, ctx.env.audit, ctx.principal.user, Today(ctx.env));
}

}  // namespace

Result<Reply> HandleRegisterCamera(HandlerContext& ctx) {
  CUSTOS_RETURN_IF_ERROR(NeedGovern(ctx.env));
  Result<nlohmann::json> body = Body(ctx.request);
  if (!body) return Err(body.error());
  Result<CameraConfig> config = ConfigFromBody(*body);
  if (!config) return Err(config.error());
  CameraRegistry registry;
  if (auto it = body->find("registry"); it != body->end()) {
    Result<govern::RegistryChange> fields = govern::ParseRegistryChange(*it);
    if (!fields) return Err(fields.error());
    govern::Apply(*fields, registry);
  }
  CUSTOS_RETURN_IF_ERROR(MakeRegistry(ctx).Register(*config, registry));
  Result<Camera> camera = ctx.catalog.GetCamera(config->id);
  if (!camera) return Err(camera.error());
  return JsonReply(govern::RegisteredCameraJson(*camera), 201);
}

Result<Reply> HandleChangeRegistry(HandlerContext& ctx) {
  CUSTOS_RETURN_IF_ERROR(NeedGovern(ctx.env));
  const std::string& id = ctx.request.path_params.at("id");
  Result<nlohmann::json> body = Body(ctx.request);
  if (!body) return Err(body.error());
  Result<govern::RegistryChange> change = govern::ParseRegistryChange(*body);
  if (!change) return Err(change.error());
  CUSTOS_RETURN_IF_ERROR(MakeRegistry(ctx).Change(id, *change));
  Result<Camera> camera = ctx.catalog.GetCamera(id);
  if (!camera) return Err(camera.error());
  return JsonReply(govern::RegisteredCameraJson(*camera));
}

Result<Reply> HandleListRegistry(HandlerContext& ctx) {
  Result<std::vector<Camera>> cameras = ctx.catalog.ListCameras(CameraFilter::kActive);
  if (!cameras) return Err(cameras.error());
  nlohmann::json out = nlohmann::json::array();
  for (const Camera& c : *cameras) out.push_back(govern::RegisteredCameraJson(c));
  return JsonReply({{"cameras", out}});
}

Result<Reply> HandleGetProfile(HandlerContext& ctx) {
  CUSTOS_RETURN_IF_ERROR(NeedGovern(ctx.env));
  Result<const govern::Profile*> p = ProfileParam(ctx, "name");
  if (!p) return Err(p.error());
  Result<std::string> active = govern::ActiveProfileName(ctx.catalog);
  if (!active) return Err(active.error());
  nlohmann::json j = govern::ProfileJson(**p);
  j["active"] = (*p)->name == *active;
  return JsonReply(j);
}

Result<Reply> HandleListProfiles(HandlerContext& ctx) {
  CUSTOS_RETURN_IF_ERROR(NeedGovern(ctx.env));
  Result<std::string> active = govern::ActiveProfileName(ctx.catalog);
  if (!active) return Err(active.error());
  return JsonReply(govern::ProfileListJson(*ctx.env.profiles, *active));
}

Result<Reply> HandleListSiteCategories(HandlerContext& ctx) {
  CUSTOS_RETURN_IF_ERROR(NeedGovern(ctx.env));
  return JsonReply(govern::TaxonomyJson(*ctx.env.taxonomy));
}

Result<Reply> HandleCompliance(HandlerContext& ctx) {
  CUSTOS_RETURN_IF_ERROR(NeedGovern(ctx.env));
  Result<const govern::Profile*> p = ProfileParam(ctx, "profile");
  if (!p) return Err(p.error());
  const govern::CivilDate today = Today(ctx.env);
  Result<govern::ComplianceInput> in =
      govern::ReadComplianceInput(ctx.catalog, **p, *ctx.env.taxonomy, ctx.env.data_dir, today);
  if (!in) return Err(in.error());
  return JsonReply(govern::ComplianceJson(**p, today, govern::RunComplianceChecks(*in)));
}

Result<Reply> HandleListFilings(HandlerContext& ctx) {
  CUSTOS_RETURN_IF_ERROR(NeedGovern(ctx.env));
  Result<const govern::Profile*> p = govern::ActiveProfile(ctx.catalog, *ctx.env.profiles);
  if (!p) return Err(p.error());
  auto overdue_param = ctx.request.query.find("overdue");
  const bool only_overdue = overdue_param != ctx.request.query.end() && overdue_param->second != "0";
  Result<std::vector<govern::FilingStatus>> filings = govern::ListFilingStatus(ctx.catalog, **p, Today(ctx.env));
  if (!filings) return Err(filings.error());
  nlohmann::json out = nlohmann::json::array();
  for (const govern::FilingStatus& f : *filings) {
    if (!only_overdue || f.overdue) out.push_back(govern::FilingJson(f));
  }
  return JsonReply({{"profile", (*p)->name}, {"filings", out}});
}

Result<Reply> HandleMarkFiled(HandlerContext& ctx) {
  CUSTOS_RETURN_IF_ERROR(NeedGovern(ctx.env));
  const std::string& id_text = ctx.request.path_params.at("id");
  const std::optional<int64_t> parsed = ParseWholeNumber(id_text);
  if (!parsed || *parsed <= 0) return Err(InvalidArgument("the filing id is a positive number, not '" + id_text + "'"));
  const int64_t id = *parsed;
  Result<nlohmann::json> body = Body(ctx.request);
  if (!body) return Err(body.error());
  Result<std::string> ref = OptionalText(*body, "ref");
  if (!ref) return Err(ref.error());
  if (ref->empty()) return Err(InvalidArgument("'ref' (the organ's receipt reference) is required"));
  Result<std::string> on = OptionalText(*body, "on");
  if (!on) return Err(on.error());
  if (on->empty()) *on = govern::FormatCivilDate(Today(ctx.env));
  if (auto d = govern::ParseCivilDate(*on, "on"); !d) return Err(d.error());
  AuditEvent e = BaseEvent(ctx.principal, ctx.request, "filing_done");
  e.detail = "filing " + id_text + " filed on " + *on + ", receipt " + *ref;
  if (auto all = ctx.catalog.ListFilings(); all) {
    for (const auto& f : *all) {
      if (f.id == id && !f.filing.camera_id.empty()) e.camera_ids = {f.filing.camera_id};
    }
  }
  const Status marked = ctx.catalog.MarkFiled(id, *on, *ref);
  if (!marked.ok()) {
    e.outcome = "refused";
    e.detail += ": " + marked.message();
  }
  CUSTOS_RETURN_IF_ERROR(Report(ctx.env, e));
  if (!marked.ok()) return Err(marked);
  Result<const govern::Profile*> p = govern::ActiveProfile(ctx.catalog, *ctx.env.profiles);
  if (!p) return Err(p.error());
  Result<std::vector<govern::FilingStatus>> filings = govern::ListFilingStatus(ctx.catalog, **p, Today(ctx.env));
  if (!filings) return Err(filings.error());
  for (const govern::FilingStatus& f : *filings) {
    if (f.filing.id == id) return JsonReply(govern::FilingJson(f));
  }
  return Err(NotFound("no filing " + id_text));
}

Result<Reply> HandleListRecords(HandlerContext& ctx) {
  Result<std::vector<OpsRecord>> records = ctx.catalog.ListOpsRecords();
  if (!records) return Err(records.error());
  Result<std::vector<DocumentRecord>> documents = ctx.catalog.ListDocuments();
  if (!documents) return Err(documents.error());
  nlohmann::json r = nlohmann::json::array(), d = nlohmann::json::array();
  for (const OpsRecord& x : *records) r.push_back(govern::OpsRecordJson(x));
  for (const DocumentRecord& x : *documents) d.push_back(govern::DocumentJson(x));
  return JsonReply({{"records", r}, {"documents", d}});
}

Result<Reply> HandleAddRecord(HandlerContext& ctx) {
  Result<nlohmann::json> body = Body(ctx.request);
  if (!body) return Err(body.error());
  OpsRecord record;
  Result<std::string> kind = OptionalText(*body, "kind");
  if (!kind) return Err(kind.error());
  std::optional<OpsRecordKind> k = ParseOpsRecordKind(*kind);
  if (!k) return Err(InvalidArgument("kind must be training, maintenance, inspection or duty"));
  record.kind = *k;
  for (auto [name, field] : std::initializer_list<std::pair<const char*, std::string*>>{
           {"on", &record.on_date}, {"persons", &record.persons}, {"description", &record.description}}) {
    Result<std::string> v = OptionalText(*body, name);
    if (!v) return Err(v.error());
    *field = *v;
  }
  record.entered_by = ctx.principal.user;
  Result<int64_t> id = govern::AddOpsRecord(ctx.catalog, record);
  if (!id) return Err(id.error());
  record.id = *id;
  AuditEvent e = BaseEvent(ctx.principal, ctx.request, "record_add");
  e.detail = std::string(ToString(record.kind)) + " record " + std::to_string(record.id) + " of " + record.on_date +
             ": " + record.description;
  CUSTOS_RETURN_IF_ERROR(Report(ctx.env, e));
  return JsonReply(govern::OpsRecordJson(record), 201);
}

}  // namespace custos::api
