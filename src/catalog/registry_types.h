// registry_types.h: what the catalog stores for Govern (src/govern): a camera's registry
// entry (R101, R105, R107, R108), filings owed (R201-R203), archived documents (R205) and
// operations records (R301-R304). Dates are civil dates as text, 'YYYY-MM-DD'.
//
// The catalog stores these values as given; the rules (no camera in a private place, R103;
// no use before acceptance, R206; deadlines from the jurisdiction profile) are applied by
// govern::Registry and govern::Filings, the only writers. Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/time.h"

namespace custos {

enum class Lifecycle { kPlanned, kAccepted, kInUse, kChanged, kDismantled };
enum class SitePosition { kEntrance, kMainPassage, kKeyPart, kOther };
enum class FilingKind { kSystem, kChange, kDismantling };
enum class DocumentKind { kDesign, kConstruction, kAcceptance, kMaintenance };
enum class OpsRecordKind { kTraining, kMaintenance, kInspection, kDuty };

std::string_view ToString(Lifecycle v);
std::string_view ToString(SitePosition v);
std::string_view ToString(FilingKind v);
std::string_view ToString(DocumentKind v);
std::string_view ToString(OpsRecordKind v);
std::optional<Lifecycle> ParseLifecycle(std::string_view s);
std::optional<SitePosition> ParseSitePosition(std::string_view s);
std::optional<FilingKind> ParseFilingKind(std::string_view s);
std::optional<DocumentKind> ParseDocumentKind(std::string_view s);
std::optional<OpsRecordKind> ParseOpsRecordKind(std::string_view s);

// True for the states in which a camera is recorded: in use, or in use with a change
// being reported. Planned, accepted (not yet in use) and dismantled cameras are not (R206).
bool IsRecordedLifecycle(Lifecycle v);

struct CameraRegistry {
  std::string owning_unit;
  std::string address;
  std::optional<double> latitude;   // WGS 84 degrees
  std::optional<double> longitude;
  std::string site_category;        // an id of profiles/site-categories.json, or ""
  SitePosition position = SitePosition::kOther;
  std::string equipment_type;
  std::string equipment_model;
  std::string commissioned_on;      // YYYY-MM-DD or ""
  Lifecycle lifecycle = Lifecycle::kPlanned;
  std::string lifecycle_since;      // YYYY-MM-DD: when `lifecycle` was entered
  std::string accepted_on;          // YYYY-MM-DD, "" until accepted
  std::string acceptance_ref;
  bool signage = false;             // R105
  std::string signage_evidence;
  bool government_invested = false;  // R107
  bool near_military_zone = false;   // R108
  std::string military_consent_ref;
  WallTime90k updated_wall_90k;      // set by the catalog
};

struct NewFiling {
  FilingKind kind = FilingKind::kSystem;
  std::string camera_id;  // "" for the whole system
  std::string trigger_on;   // YYYY-MM-DD: the event (into use, change, dismantling)
  std::string accepted_on;  // system filings: acceptance date of the first camera in use
  std::string detail;
};

struct Filing {
  int64_t id = 0;
  NewFiling filing;
  std::string filed_on;  // "" while open
  std::string receipt_ref;
  WallTime90k created_wall_90k;
};

struct DocumentRecord {
  int64_t id = 0;  // assigned on insert
  DocumentKind kind = DocumentKind::kDesign;
  std::string title;
  std::string file_path;  // relative to the data directory
  std::string sha256_hex;
  int64_t bytes = 0;
  std::string parties;
  WallTime90k created_wall_90k;  // set by the catalog
};

struct OpsRecord {
  int64_t id = 0;  // assigned on insert
  OpsRecordKind kind = OpsRecordKind::kTraining;
  std::string on_date;  // YYYY-MM-DD
  std::string persons;
  std::string description;
  std::string entered_by;
  WallTime90k created_wall_90k;  // set by the catalog
};

}  // namespace custos
