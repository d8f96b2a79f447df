// filings.h: filings owed to the public security organ (R201-R204), their deadlines under
// the active profile, the filing package, archived documents (R205) and operations
// records (R301-R304).
//
// Filing rows are opened by registry.h on lifecycle events and store only the event date;
// deadlines are computed here, at read time, from the active profile: switching profiles
// recomputes every deadline. Rules:
//   - system filing (R201): `days` after going into use, or after the acceptance date for
//     profiles that count from acceptance (ND, NC); for a system in use before the rules
//     took effect (profile effective_on), effective_on + pre_existing_filing_days.
//   - change report (R202) and dismantling filing (R203): `days` after the event, working
//     days (Mon-Fri, holidays not modelled: civil_date.h) where the profile says so.
//   - no number in the profile: "promptly" (change reports) or "no deadline stated".
//   - a kind the profile does not require is shown as not required, never overdue.
// Thread-safety: functions of their arguments; the Catalog is the caller's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "catalog/catalog.h"
#include "govern/civil_date.h"
#include "govern/profile.h"
#include "govern/taxonomy.h"

namespace custos::govern {

struct FilingStatus {
  Filing filing;
  bool required = true;            // under the profile
  bool pre_existing = false;       // the system predates the profile's rules
  std::optional<CivilDate> due;    // nullopt: no date (promptly, not stated, not required)
  std::string due_text;            // "2026-12-23", "promptly", "no deadline stated", "not required"
  bool open = true;                // not filed yet
  bool overdue = false;            // open, and today is after `due`
  std::string source;              // the article the deadline comes from
};

FilingStatus EvaluateFiling(const Filing& filing, const Profile& profile, CivilDate today);
Result<std::vector<FilingStatus>> ListFilingStatus(Catalog& catalog, const Profile& profile, CivilDate today);

// Writes the filing package of R204 into `out_dir` (created): cameras.csv (the registry:
// units, addresses, categories, positions, equipment, states; never URLs or credentials),
// equipment.csv (main equipment types and counts), points.geojson (the distribution of
// points), summary.json (profile, units, camera counts, retention days, documents with
// their SHA-256). Returns the files written. The package is confidential (R408).
Result<std::vector<std::string>> WriteFilingPackage(Catalog& catalog, const Profile& profile,
                                                    const Taxonomy& taxonomy, const std::string& out_dir,
                                                    CivilDate today);

// Copies `source_path` into DATA/documents/<sha256>-<file name> and archives it with its
// SHA-256 (R205). Returns the stored record.
Result<DocumentRecord> ArchiveDocument(Catalog& catalog, const std::string& data_dir,
                                       const std::string& source_path, DocumentKind kind,
                                       const std::string& title, const std::string& parties);

// Recomputes each archived document's SHA-256; one line per document whose file is
// missing or changed (empty: all intact).
Result<std::vector<std::string>> VerifyDocuments(Catalog& catalog, const std::string& data_dir);

// Lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

// Validates (date, non-empty description) and adds a record (R301-R304).
Result<int64_t> AddOpsRecord(Catalog& catalog, OpsRecord record);

}  // namespace custos::govern
