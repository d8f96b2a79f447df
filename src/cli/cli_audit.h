// cli_audit.h: the audit record of every command that changes something (R401, R403, R703:
// administrators are audited like everyone, and the CLI is how they act on the node).
//
// Who acts: the CLI has no login. Commands that name a person already say who (`hold` and
// `retention` --user, `request` --as with that user's password) and record that name; every
// other command records the operating-system login as "cli:<login>" (CliActor). The client
// field is always "cli uid=N" (CliClient), so the OS account shows in either case.
//
// Order: the log (DATA/audit.db, signed with the node key) is opened before anything
// changes, so a command that cannot audit changes nothing. The act's outcome is then
// appended: ok, refused (the reason, with its rule, in the detail) or error. Should that
// append fail after the change was made, the command undoes it where it can and fails
// either way, saying whether the change stands. Thread-safety: main thread only.
#pragma once

#include <functional>
#include <string>

#include "audit/audit_sink.h"
#include "cli/govern_cli.h"

namespace custos::cli {

// "cli:<login name>" (getlogin, else $USER, else the uid).
std::string CliActor();

// "ok", "refused" for a refusal (bad input, a rule, a missing object, a failed login), or
// "error" for a failure of the node (I/O, database).
std::string OutcomeOf(const Status& status);

class CliAuditor final : public AuditSink {
 public:
  // Opens the audit log of `data_dir` (and the node key), creating them if absent.
  static Result<std::unique_ptr<CliAuditor>> Open(const std::string& data_dir, std::string actor = CliActor());

  // Appends `event` with the client filled in where empty (the actor is the event's: empty
  // for an unknown person, as after a failed login); components that audit themselves
  // (govern::Registry) take the auditor as their sink.
  Status Append(const AuditEvent& event) override;

  // A new event of `action` by this actor.
  AuditEvent Event(std::string action) const;

  // Runs `act` (which may add to the event what it learns, such as a new id), then records
  // `event` with act's outcome (a refusal's message appended to the detail). Returns act's
  // status once recorded. If the record cannot be written, a change act made is reversed
  // with `undo` when given; the returned error says whether the change stands.
  Status Run(AuditEvent event, const std::function<Status(AuditEvent&)>& act,
             const std::function<Status()>& undo = {});

  // Records `event` as refused (or error) for `why`, found before acting; returns `why`.
  Status Refuse(AuditEvent event, const Status& why);

  const std::string& actor() const { return actor_; }

 private:
  CliAuditor(CliAudit audit, std::string actor) : audit_(std::move(audit)), actor_(std::move(actor)) {}

  CliAudit audit_;
  std::string actor_;
  std::string client_;
};

}  // namespace custos::cli
