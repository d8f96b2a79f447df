// registry_cli.h: what the registry, profile and filing commands share: the shipped data
// files (profiles, site categories) loaded and validated, today's date and the registry's
// command-line options (the acting user's name is CliActor, cli_audit.h).
// Thread-safety: main thread only.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "cli/cli.h"
#include "cli/cli_audit.h"
#include "cli/govern_cli.h"
#include "govern/civil_date.h"
#include "govern/profile.h"
#include "govern/registry.h"
#include "govern/taxonomy.h"

namespace custos::cli {

struct GovernData {
  govern::ProfileSet profiles;
  govern::Taxonomy taxonomy;
};

// Loads FindProfilesDir()'s files; a bad file is an error naming its field.
Result<GovernData> LoadGovernData();
govern::CivilDate Today();

// JSON text; invalid UTF-8 from the catalog is replaced, never thrown.
std::string Dump(const nlohmann::json& j, int indent = -1);

// --unit, --address, --lat, --lon, --site, --position, --equipment-type, --model,
// --commissioned-on, --state, --accepted-on, --acceptance-ref, --signage, --signage-evidence,
// --government, --near-military-zone, --military-consent-ref.
void AddRegistryOptions(po::options_description& opts);
// The registry fields given on the command line. InvalidArgument for a bad value.
Result<govern::RegistryChange> RegistryChangeFrom(const po::variables_map& vm);

}  // namespace custos::cli
