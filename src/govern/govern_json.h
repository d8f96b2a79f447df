// govern_json.h: the JSON forms of Govern's values, shared by the CLI (--json) and the
// HTTP API so both print the same thing: profiles, registry entries, filings, records,
// the compliance report; and the parsing of a registry entry or change from JSON (HTTP
// bodies). Parsing never throws: bad input is InvalidArgument naming the field.
// Thread-safety: pure functions.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "catalog/catalog_types.h"
#include "govern/compliance.h"
#include "govern/filings.h"
#include "govern/profile.h"
#include "govern/registry.h"

namespace custos::govern {

nlohmann::json ProfileJson(const Profile& p);
// `{"active": NAME, "profiles": [{name, title, source_key, effective_on, active}]}`: the
// shipped profiles by name, for choosing one (`active` is the installation's).
nlohmann::json ProfileListJson(const ProfileSet& profiles, std::string_view active);
// `{"categories": [{id, name, tier, private, source}]}`: the site categories (R102) in the
// file's order, with the tier of R109 and the private places of R103.
nlohmann::json TaxonomyJson(const Taxonomy& taxonomy);
nlohmann::json RegistryJson(const CameraRegistry& r);
// A camera's id, name and registry entry (null when unregistered); never URL or credentials.
nlohmann::json RegisteredCameraJson(const Camera& c);
nlohmann::json FilingJson(const FilingStatus& f);
nlohmann::json DocumentJson(const DocumentRecord& d);
nlohmann::json OpsRecordJson(const OpsRecord& r);
nlohmann::json ComplianceJson(const Profile& p, CivilDate today, const std::vector<ComplianceLine>& lines);

// The registry fields present in `j` (an object with the names of RegistryJson; unknown
// names are refused, so a typo is not silently ignored).
Result<RegistryChange> ParseRegistryChange(const nlohmann::json& j);

}  // namespace custos::govern
