// registry.h: registering cameras and changing their registry entries (R101-R109, R206),
// the ONLY way Custos writes camera_registry. Every route (CLI `custos camera add/update`,
// HTTP POST /api/v1/cameras and /api/v1/cameras/{id}/registry, the demo camera) goes
// through it, so its refusals hold for everyone:
//
//   - R103: a camera whose site category is a private place is refused at registration
//     and at every later change. There is no flag, option or role that overrides it.
//   - R206: a camera enters `in_use` only after acceptance (an acceptance date); the
//     lifecycle moves planned -> accepted -> in_use <-> changed, and any state ->
//     dismantled (final). The daemon records in_use and changed cameras only.
//   - R108: a site near a military zone needs that unit's consent reference.
//
// Lifecycle events open filings (filings.h): the first camera in use opens the system
// filing (R201); a camera added to, or moved or re-equipped in, a system in use opens a
// change report (R202); dismantling opens a dismantling filing (R203). Each change, and
// each refusal, is reported to the AuditSink (action camera_change / refused) when one is
// given. Thread-safety: one thread at a time (it uses the caller's Catalog).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "audit/audit_sink.h"
#include "base/status.h"
#include "catalog/catalog.h"
#include "govern/civil_date.h"
#include "govern/taxonomy.h"

namespace custos::govern {

// Every field optional: only those set are changed.
struct RegistryChange {
  std::optional<std::string> owning_unit;
  std::optional<std::string> address;
  std::optional<std::optional<double>> latitude;  // set to nullopt to clear
  std::optional<std::optional<double>> longitude;
  std::optional<std::string> site_category;
  std::optional<SitePosition> position;
  std::optional<std::string> equipment_type;
  std::optional<std::string> equipment_model;
  std::optional<std::string> commissioned_on;
  std::optional<Lifecycle> lifecycle;
  std::optional<std::string> accepted_on;
  std::optional<std::string> acceptance_ref;
  std::optional<bool> signage;
  std::optional<std::string> signage_evidence;
  std::optional<bool> government_invested;
  std::optional<bool> near_military_zone;
  std::optional<std::string> military_consent_ref;
};

// Applies the fields set in `change` to `registry`.
void Apply(const RegistryChange& change, CameraRegistry& registry);

// The R103 refusal for category `id`, or Ok. PermissionDenied: "R103: ... (XJ 8; ...)".
Status CheckNotPrivate(const Taxonomy& taxonomy, std::string_view category_id);
// Field checks: known category and not private (R103), dates, coordinates, R108 consent,
// and the acceptance a state needs (R206). InvalidArgument / PermissionDenied /
// FailedPrecondition naming the rule.
Status ValidateRegistry(const Taxonomy& taxonomy, const CameraRegistry& registry);
// Whether `from` may move to `to` (R206 and the lifecycle order). FailedPrecondition naming
// both states and what to do.
Status CheckTransition(Lifecycle from, Lifecycle to);

class Registry {
 public:
  // `audit` may be null (then nothing is reported; the lead wires the real sink). `actor`
  // names who acts (a user, "cli", "system"); `today` dates lifecycle changes and filings.
  Registry(Catalog& catalog, const Taxonomy& taxonomy, AuditSink* audit, std::string actor, CivilDate today)
      : catalog_(catalog), taxonomy_(taxonomy), audit_(audit), actor_(std::move(actor)), today_(today) {}

  // Registers a new camera. The lifecycle may start planned, accepted or in_use (the last
  // two need accepted_on); lifecycle_since defaults to today.
  Status Register(const CameraConfig& config, CameraRegistry registry);
  // Changes the registry entry of an active camera (an unregistered one starts from an
  // empty entry in `planned`).
  Status Change(std::string_view camera_id, const RegistryChange& change);

 private:
  Status Refuse(std::string_view camera_id, Status why);
  Status Audit(std::string_view camera_id, std::string_view detail);
  // Audits that an audited change failed to be written, and returns `why`.
  Status Failed(std::string_view camera_id, Status why);
  // Opens the filings the change from `before` (nullopt: new camera) to `after` calls for.
  Status OpenFilings(std::string_view camera_id, const std::optional<CameraRegistry>& before,
                     const CameraRegistry& after);

  Catalog& catalog_;
  const Taxonomy& taxonomy_;
  AuditSink* audit_;
  std::string actor_;
  CivilDate today_;
};

}  // namespace custos::govern
