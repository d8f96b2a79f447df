#include "cli/cli_audit.h"

#include <unistd.h>

#include <cstdlib>

namespace custos::cli {

std::string CliActor() {
  const char* user = getlogin();
  if (user == nullptr) user = std::getenv("USER");
  return std::string("cli:") + (user != nullptr && *user != '\0' ? user : std::to_string(getuid()));
}

std::string OutcomeOf(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kAlreadyExists:
    case StatusCode::kPermissionDenied:
    case StatusCode::kUnauthenticated:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kOutOfRange:
      return "refused";
    default:
      return "error";
  }
}

Result<std::unique_ptr<CliAuditor>> CliAuditor::Open(const std::string& data_dir, std::string actor) {
  auto audit = OpenCliAudit(data_dir);
  if (!audit) {
    return Err(audit.error().With("opening the audit log " + AuditLogPath(data_dir) +
                                  "; nothing was changed (every change must be audited)"));
  }
  std::unique_ptr<CliAuditor> out(new CliAuditor(std::move(*audit), std::move(actor)));
  out->client_ = CliClient();
  return out;
}

Status CliAuditor::Append(const AuditEvent& event) {
  AuditEvent e = event;
  if (e.client.empty()) e.client = client_;
  return audit_.log->Append(e);
}

AuditEvent CliAuditor::Event(std::string action) const {
  AuditEvent e;
  e.actor = actor_;
  e.action = std::move(action);
  e.client = client_;
  return e;
}

Status CliAuditor::Refuse(AuditEvent event, const Status& why) {
  event.outcome = OutcomeOf(why);
  event.detail += (event.detail.empty() ? "" : ": ") + why.message();
  Status logged = Append(event);
  if (logged.ok()) return why;
  return Status(why.code(), why.message() + "; recording this in the audit log failed too: " + logged.message());
}

Status CliAuditor::Run(AuditEvent event, const std::function<Status(AuditEvent&)>& act,
                       const std::function<Status()>& undo) {
  Status done = act(event);
  if (!done.ok()) return Refuse(std::move(event), done);
  Status logged = Append(event);
  if (logged.ok()) return Status::Ok();
  if (!undo) {
    return logged.With("the change was made but the audit log could not record it; check the disk and "
                       "`custos audit verify`, and record the change by hand");
  }
  Status undone = undo();
  if (undone.ok()) return logged.With("the change could not be audited, so it was undone");
  return logged.With("the change could not be audited, and undoing it failed (" + undone.message() +
                     "): the change stands unrecorded");
}

}  // namespace custos::cli
