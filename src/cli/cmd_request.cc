// `custos request file|list|approve|reject`: retrieval requests from the command line,
// under the same rules as the API (src/access/retrieval.h). Acting commands name the
// acting user (--as) and read that user's password from stdin: the CLI proves who
// decides, as a login does (failures count towards the lockout). Audited as the API audits
// (cli_audit.h): request_filed, request_approved, request_rejected with the --as user as
// actor, refusals too; a failed password as login_failed (actor unknown, the name in detail).
#include <iostream>
#include <sstream>

#include "access/retrieval.h"
#include "access/roles.h"
#include "access/users.h"
#include "base/clock.h"
#include "catalog/catalog.h"
#include "cli/cli.h"
#include "cli/cli_audit.h"
#include "govern/rule_numbers.h"
#include "server/data_dir.h"

namespace custos::cli {

namespace {

// The catalog and the audit log (actor: the --as user) of an acting command.
struct Context {
  std::unique_ptr<Catalog> catalog;
  std::unique_ptr<CliAuditor> auditor;
};

Result<Context> OpenContext(const std::string& data_dir, const std::string& as) {
  Status s = MakeDataDir(data_dir);
  if (!s.ok()) return Err(s);
  auto catalog = Catalog::Open(CatalogPath(data_dir));
  if (!catalog) return Err(catalog.error());
  auto auditor = CliAuditor::Open(data_dir, as);
  if (!auditor) return Err(auditor.error());
  return Context{std::move(*catalog), std::move(*auditor)};
}

// The event of `action` on request `r` (cameras, range, purpose, destination, its id).
AuditEvent RequestEvent(const CliAuditor& auditor, const std::string& action, const RetrievalRequest& r) {
  AuditEvent e = auditor.Event(action);
  e.camera_ids = r.camera_ids;
  e.from_wall_90k = r.from_wall_90k;
  e.to_wall_90k = r.to_wall_90k;
  e.purpose = r.purpose;
  e.destination = r.destination;
  if (r.id != 0) e.request_id = std::to_string(r.id);
  return e;
}

// Logs `user` in with the password on stdin and checks they hold `role`. A wrong password
// is audited as login_failed; a missing role as `refused` (the caller's event, refused).
Status Act(Context& c, const std::string& user, access::Role role, AuditEvent refused) {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auto u = access::Authenticate(*c.catalog, RealClock::Get(), user, password);
  if (!u) {
    AuditEvent e = c.auditor->Event("login_failed");
    e.actor.clear();  // who it was is not known
    e.detail = "custos " + refused.action + " --as " + user;
    return c.auditor->Refuse(e, u.error());
  }
  for (const std::string& r : u->roles) {
    if (r == access::ToString(role)) return Status::Ok();
  }
  return c.auditor->Refuse(std::move(refused), PermissionDenied(user + " does not hold the role " +
                                                                std::string(access::ToString(role))));
}

void Print(const RetrievalRequest& r) {
  std::cout << r.id << "\t" << ToString(r.state) << (access::PendingAfterTheFact(r) ? " (emergency, granted)" : "")
            << "\t" << r.kind << "\t" << r.requester << "\t";
  for (size_t i = 0; i < r.camera_ids.size(); ++i) std::cout << (i ? "," : "") << r.camera_ids[i];
  std::cout << "\t" << FormatIso8601(r.from_wall_90k) << "/" << FormatIso8601(r.to_wall_90k) << "\t"
            << "approvals " << access::ApprovalsGiven(r) << "/" << access::ApprovalsNeeded(r)
            << (r.expires_wall_90k ? "\texpires " + FormatIso8601(*r.expires_wall_90k) : "") << "\t" << r.purpose
            << "\n";
}

// "name:id_number:work_permit".
Result<RetrievalPerson> ParsePerson(const std::string& text) {
  std::stringstream in(text);
  RetrievalPerson p;
  if (!std::getline(in, p.name, ':') || !std::getline(in, p.id_number, ':') || !std::getline(in, p.work_permit)) {
    return Err(InvalidArgument("--person wants NAME:ID_NUMBER:WORK_PERMIT, not '" + text + "'"));
  }
  return p;
}

int File(int argc, char** argv) {
  std::string data, as, from, to;
  std::vector<std::string> persons;
  RetrievalRequest r;
  po::options_description opts("request file");
  AddDataOption(opts, data);
  opts.add_options()("as", po::value(&as)->required(), "the investigator filing (password on stdin)")(
      "kind", po::value(&r.kind)->default_value("playback"), "playback or export")(
      "camera", po::value(&r.camera_ids)->composing()->required(), "camera id (repeatable)")(
      "from", po::value(&from)->required(), "start, ISO 8601")("to", po::value(&to)->required(), "end, ISO 8601")(
      "purpose", po::value(&r.purpose)->required(), "why")("case", po::value(&r.case_ref)->required(), "case reference")(
      "approval-doc", po::value(&r.approval_doc_ref), "police approval document reference")(
      "person", po::value(&persons)->composing(), "a person present: NAME:ID_NUMBER:WORK_PERMIT (repeatable)")(
      "destination", po::value(&r.destination), "where a copy goes")(
      "emergency", po::bool_switch(&r.emergency), "disaster or emergency (R406): granted at once, approved afterwards");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos request file --as USER --camera ID --from T --to T ...",
                     "Files a retrieval request. The password of --as is read from stdin. Audited as\n"
                     "request_filed (actor: the --as user), refusals too; a wrong password as login_failed.");
  if (rc >= 0) return rc;
  auto f = ParseIso8601(from);
  auto t = ParseIso8601(to);
  if (!f || !t) return Fail("request file", InvalidArgument("--from and --to want ISO 8601, e.g. 2026-11-23T08:30:00Z"));
  r.from_wall_90k = *f;
  r.to_wall_90k = *t;
  for (const std::string& text : persons) {
    auto p = ParsePerson(text);
    if (!p) return Fail("request file", p.error());
    r.persons.push_back(*p);
  }
  auto c = OpenContext(data, as);
  if (!c) return Fail("request file", c.error());
  AuditEvent e = RequestEvent(*c->auditor, "request_filed", r);
  Status s = Act(*c, as, access::Role::kInvestigator, e);
  if (!s.ok()) return Fail("request file", s);
  r.requester = as;
  auto profiles = govern::ProfileSet::Load(govern::FindProfilesDir());
  if (!profiles) return Fail("request file", profiles.error().With("loading the jurisdiction profiles"));
  auto rules = govern::ActiveRetrievalRules(*c->catalog, *profiles);
  if (!rules) return Fail("request file", rules.error());
  std::optional<RetrievalRequest> filed;
  e.detail = r.kind + " request";
  s = c->auditor->Run(e, [&](AuditEvent& ev) {
    auto made = access::FileRequest(*c->catalog, RealClock::Get(), r, *rules, access::RetrievalOptions{});
    if (!made) return made.error();
    filed = *made;
    ev.request_id = std::to_string(filed->id);
    if (filed->emergency) ev.detail = "emergency: granted at once, to be approved afterwards";
    return Status::Ok();
  });
  if (!s.ok()) return Fail("request file", s);
  Print(*filed);
  return 0;
}

int List(int argc, char** argv) {
  std::string data;
  po::options_description opts("request list");
  AddDataOption(opts, data);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos request list", "Lists retrieval requests, newest first.");
  if (rc >= 0) return rc;
  Status made = MakeDataDir(data);
  if (!made.ok()) return Fail("request list", made);
  auto catalog = Catalog::Open(CatalogPath(data));
  if (!catalog) return Fail("request list", catalog.error());
  auto list = (*catalog)->ListRetrievalRequests("");
  if (!list) return Fail("request list", list.error());
  for (const RetrievalRequest& r : *list) Print(r);
  return 0;
}

int Decide(int argc, char** argv, bool approve) {
  const std::string cmd = approve ? "request approve" : "request reject";
  std::string data, as, reason;
  int64_t id = 0;
  po::options_description opts(cmd);
  AddDataOption(opts, data);
  opts.add_options()("id", po::value(&id)->required(), "the request")(
      "as", po::value(&as)->required(), "the approver deciding (password on stdin)");
  if (!approve) opts.add_options()("reason", po::value(&reason)->required(), "why it is rejected");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos " + cmd + " ID --as USER" + (approve ? "" : " --reason TEXT"),
                     "Decides a retrieval request. The password of --as is read from stdin. Audited as\n"
                     "request_approved or request_rejected (actor: the --as user), refusals too; a wrong\n"
                     "password as login_failed.",
                     &pos);
  if (rc >= 0) return rc;
  auto c = OpenContext(data, as);
  if (!c) return Fail(cmd, c.error());
  auto before = c->catalog->GetRetrievalRequest(id);
  RetrievalRequest known = before ? *before : RetrievalRequest{};
  known.id = id;
  AuditEvent e = RequestEvent(*c->auditor, approve ? "request_approved" : "request_rejected", known);
  e.detail = approve ? "approval" : "rejected: " + reason;
  Status s = Act(*c, as, access::Role::kApprover, e);
  if (!s.ok()) return Fail(cmd, s);
  std::optional<RetrievalRequest> decided;
  s = c->auditor->Run(e, [&](AuditEvent& ev) {
    auto r = approve ? access::ApproveRequest(*c->catalog, RealClock::Get(), id, as, access::RetrievalOptions{})
                     : access::RejectRequest(*c->catalog, RealClock::Get(), id, as, reason);
    if (!r) return r.error();
    decided = *r;
    if (approve) {
      ev.detail = r->state == RequestState::kApproved
                      ? "approved (" + std::to_string(access::ApprovalsGiven(*r)) + " of " +
                            std::to_string(access::ApprovalsNeeded(*r)) + ")"
                      : "first approval of two; waiting for a second approver";
    }
    return Status::Ok();
  });
  if (!s.ok()) return Fail(cmd, s);
  Print(*decided);
  return 0;
}

}  // namespace

int Request(int argc, char** argv) {
  const std::string usage = "usage: custos request file|list|approve|reject [options]   (--help on each)\n";
  return RunSubcommand("request", usage, argc, argv,
                       {{"file", File},
                        {"list", List},
                        {"approve", [](int c, char** v) { return Decide(c, v, true); }},
                        {"reject", [](int c, char** v) { return Decide(c, v, false); }}});
}

}  // namespace custos::cli
