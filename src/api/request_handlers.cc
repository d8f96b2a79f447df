// Retrieval requests (R401, R405, R406): file, list, read, approve, reject. The rules are
// src/access/retrieval.h; every filing and decision is audited before the reply.

#include "access/retrieval.h"
#include "api/audit_util.h"
#include "api/handlers.h"
#include "api/json_body.h"
#include "api/request_util.h"

namespace custos::api {

namespace {

nlohmann::json OptionalTime(const std::optional<WallTime90k>& t) {
  return t ? nlohmann::json(FormatIso8601(*t)) : nlohmann::json(nullptr);
}

nlohmann::json RequestJson(const RetrievalRequest& r, WallTime90k now) {
  nlohmann::json persons = nlohmann::json::array();
  for (const RetrievalPerson& p : r.persons) {
    persons.push_back({{"name", p.name}, {"id_number", p.id_number}, {"work_permit", p.work_permit}});
  }
  return {{"id", r.id},
          {"requester", r.requester},
          {"kind", r.kind},
          {"cameras", r.camera_ids},
          {"from", FormatIso8601(r.from_wall_90k)},
          {"to", FormatIso8601(r.to_wall_90k)},
          {"purpose", r.purpose},
          {"case_ref", r.case_ref},
          {"approval_doc_ref", r.approval_doc_ref},
          {"persons", persons},
          {"destination", r.destination},
          {"emergency", r.emergency},
          {"state", ToString(r.state)},
          {"pending_after_the_fact", access::PendingAfterTheFact(r)},
          {"approvals_needed", access::ApprovalsNeeded(r)},
          {"approvers", nlohmann::json::array({r.approver1, r.approver2})},
          {"rejected_by", r.rejected_by},
          {"reject_reason", r.reject_reason},
          {"profile", r.profile},
          {"created_at", FormatIso8601(r.created_wall_90k)},
          {"expires_at", OptionalTime(r.expires_wall_90k)},
          {"granted_now", access::Grants(r, now)}};
}

// Investigators who hold no overseeing role see only their own requests.
bool SeesAll(const Principal& p) {
  return p.HasRole(access::Role::kApprover) || p.HasRole(access::Role::kAuditor) ||
         p.HasRole(access::Role::kAdministrator);
}

Result<int64_t> RequestId(const Request& request) {
  const std::string& text = request.path_params.at("id");
  std::optional<int64_t> id = ParseWholeNumber(text);
  if (!id || *id <= 0) return Err(InvalidArgument("a request id is a positive number, not '" + text + "'"));
  return *id;
}

Result<RetrievalRequest> Visible(HandlerContext& ctx, int64_t id) {
  auto r = ctx.catalog.GetRetrievalRequest(id);
  if (!r) return Err(r.error());
  if (!SeesAll(ctx.principal) && r->requester != ctx.principal.user) {
    return Err(NotFound("no retrieval request " + std::to_string(id)));
  }
  return r;
}

Status ReadPersons(const nlohmann::json& body, std::vector<RetrievalPerson>& out) {
  if (!body.contains("persons")) return Status::Ok();
  if (!body["persons"].is_array()) return InvalidArgument("\"persons\" must be a list of objects");
  for (const nlohmann::json& p : body["persons"]) {
    if (!p.is_object()) return InvalidArgument("each person is {\"name\", \"id_number\", \"work_permit\"}");
    RetrievalPerson person;
    for (auto [field, dest] : {std::pair{"name", &person.name}, std::pair{"id_number", &person.id_number},
                               std::pair{"work_permit", &person.work_permit}}) {
      auto v = TextField(p, field);
      if (!v) return v.error().With("persons");
      *dest = *v;
    }
    out.push_back(std::move(person));
  }
  return Status::Ok();
}

Result<RetrievalRequest> ParseRequest(const nlohmann::json& body) {
  RetrievalRequest r;
  for (auto [field, dest] : {std::pair{"kind", &r.kind}, std::pair{"purpose", &r.purpose},
                             std::pair{"case_ref", &r.case_ref}, std::pair{"approval_doc_ref", &r.approval_doc_ref},
                             std::pair{"destination", &r.destination}}) {
    auto v = TextField(body, field);
    if (!v) return Err(v.error());
    *dest = *v;
  }
  auto cameras = TextListField(body, "cameras");
  if (!cameras) return Err(cameras.error());
  r.camera_ids = *cameras;
  for (auto [field, dest] : {std::pair{"from", &r.from_wall_90k}, std::pair{"to", &r.to_wall_90k}}) {
    auto text = TextField(body, field);
    if (!text) return Err(text.error());
    auto t = ParseIso8601(*text);
    if (!t) return Err(InvalidArgument("\"" + std::string(field) + "\" must be an ISO 8601 time, e.g. "
                                       "2026-11-23T08:30:00Z"));
    *dest = *t;
  }
  auto emergency = BoolField(body, "emergency", false);
  if (!emergency) return Err(emergency.error());
  r.emergency = *emergency;
  CUSTOS_RETURN_IF_ERROR(ReadPersons(body, r.persons));
  return r;
}

Status AuditDecision(HandlerContext& ctx, const RetrievalRequest& r, const std::string& action,
                     const std::string& detail) {
  AuditEvent e = BaseEvent(ctx.principal, ctx.request, action);
  e.camera_ids = r.camera_ids;
  e.from_wall_90k = r.from_wall_90k;
  e.to_wall_90k = r.to_wall_90k;
  e.purpose = r.purpose;
  e.destination = r.destination;
  e.request_id = std::to_string(r.id);
  e.detail = detail;
  return Report(ctx.env, e);
}

}  // namespace

Result<Reply> HandleListRequests(HandlerContext& ctx) {
  auto list = ctx.catalog.ListRetrievalRequests(SeesAll(ctx.principal) ? "" : ctx.principal.user);
  if (!list) return Err(list.error());
  const std::string state = ctx.request.query.count("state") ? ctx.request.query.at("state") : "";
  const WallTime90k now = ctx.env.clock->Now();
  nlohmann::json out = nlohmann::json::array();
  for (const RetrievalRequest& r : *list) {
    if (!state.empty() && ToString(r.state) != state) continue;
    out.push_back(RequestJson(r, now));
  }
  return JsonReply({{"requests", out}});
}

Result<Reply> HandleFileRequest(HandlerContext& ctx) {
  auto body = JsonObjectBody(ctx.request.body, R"({"kind": "playback", "cameras": ["gate"], "from": "...", ...})");
  if (!body) return Err(body.error());
  auto r = ParseRequest(*body);
  if (!r) return Err(r.error());
  r->requester = ctx.principal.user;
  if (!ctx.env.retrieval_rules) return Err(Internal("no retrieval rules configured"));
  auto rules = ctx.env.retrieval_rules(ctx.catalog);
  if (!rules) return Err(rules.error().With("reading the jurisdiction profile"));
  auto filed = access::FileRequest(ctx.catalog, *ctx.env.clock, std::move(*r), *rules, ctx.env.retrieval);
  if (!filed) return Err(filed.error());
  CUSTOS_RETURN_IF_ERROR(AuditDecision(ctx, *filed, "request_filed",
                                       filed->emergency ? "emergency: granted at once, to be approved afterwards"
                                                        : filed->kind + " request"));
  return JsonReply(RequestJson(*filed, ctx.env.clock->Now()), 201);
}

Result<Reply> HandleGetRequest(HandlerContext& ctx) {
  auto id = RequestId(ctx.request);
  if (!id) return Err(id.error());
  auto r = Visible(ctx, *id);
  if (!r) return Err(r.error());
  return JsonReply(RequestJson(*r, ctx.env.clock->Now()));
}

Result<Reply> HandleApproveRequest(HandlerContext& ctx) {
  auto id = RequestId(ctx.request);
  if (!id) return Err(id.error());
  auto r = access::ApproveRequest(ctx.catalog, *ctx.env.clock, *id, ctx.principal.user, ctx.env.retrieval);
  if (!r) return Err(r.error());
  const std::string detail = r->state == RequestState::kApproved
                                 ? "approved (" + std::to_string(access::ApprovalsGiven(*r)) + " of " +
                                       std::to_string(access::ApprovalsNeeded(*r)) + ")"
                                 : "first approval of two; waiting for a second approver";
  CUSTOS_RETURN_IF_ERROR(AuditDecision(ctx, *r, "request_approved", detail));
  return JsonReply(RequestJson(*r, ctx.env.clock->Now()));
}

Result<Reply> HandleRejectRequest(HandlerContext& ctx) {
  auto id = RequestId(ctx.request);
  if (!id) return Err(id.error());
  auto body = JsonObjectBody(ctx.request.body, R"({"reason": "..."})");
  if (!body) return Err(body.error());
  auto reason = TextField(*body, "reason");
  if (!reason) return Err(reason.error());
  auto r = access::RejectRequest(ctx.catalog, *ctx.env.clock, *id, ctx.principal.user, *reason);
  if (!r) return Err(r.error());
  CUSTOS_RETURN_IF_ERROR(AuditDecision(ctx, *r, "request_rejected", "rejected: " + *reason));
  return JsonReply(RequestJson(*r, ctx.env.clock->Now()));
}

}  // namespace custos::api
