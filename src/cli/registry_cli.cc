#include "cli/registry_cli.h"

#include <charconv>

#include "base/clock.h"
#include "server/data_dir.h"

namespace custos::cli {

namespace {

Result<bool> YesNo(const std::string& v, const std::string& option) {
  if (v == "yes" || v == "true" || v == "1") return true;
  if (v == "no" || v == "false" || v == "0") return false;
  return Err(InvalidArgument("--" + option + " must be yes or no, not '" + v + "'"));
}

Result<std::optional<double>> Degrees(const std::string& v, const std::string& option) {
  if (v.empty() || v == "none") return std::optional<double>();
  double d = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || end != v.data() + v.size()) {
    return Err(InvalidArgument("--" + option + " must be decimal degrees such as 43.825, not '" + v + "'"));
  }
  return std::optional<double>(d);
}

const std::string* Given(const po::variables_map& vm, const char* name) {
  return vm.count(name) ? &vm[name].as<std::string>() : nullptr;
}

}  // namespace

std::string Dump(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<GovernData> LoadGovernData() {
  const std::string dir = govern::FindProfilesDir();
  Result<govern::ProfileSet> profiles = govern::ProfileSet::Load(dir);
  if (!profiles) return Err(profiles.error().With("loading the jurisdiction profiles"));
  Result<govern::Taxonomy> taxonomy = govern::Taxonomy::Load(dir);
  if (!taxonomy) return Err(taxonomy.error().With("loading the site categories"));
  return GovernData{std::move(*profiles), std::move(*taxonomy)};
}

govern::CivilDate Today() { return govern::UtcDate(RealClock::Get().Now()); }

void AddRegistryOptions(po::options_description& opts) {
  auto text = [] { return po::value<std::string>(); };
  opts.add_options()("unit", text(), "owning or operating unit (R101)")("address", text(), "address or address code")(
      "lat", text(), "latitude, decimal degrees (WGS 84)")("lon", text(), "longitude, decimal degrees")(
      "site", text(), "site category id (custos profile categories); private places are refused (R103)")(
      "position", text(), "entrance, main_passage, key_part or other")("equipment-type", text(),
                                                                        "e.g. bullet, dome, ptz")(
      "model", text(), "equipment model")("commissioned-on", text(), "commissioning date YYYY-MM-DD")(
      "state", text(), "lifecycle: planned, accepted, in_use, changed, dismantled (R206: in_use needs acceptance)")(
      "accepted-on", text(), "date the camera passed acceptance, YYYY-MM-DD")("acceptance-ref", text(),
                                                                               "acceptance report reference")(
      "signage", text(), "yes/no: a conspicuous sign is in place (R105)")("signage-evidence", text(),
                                                                           "photo or note proving the sign")(
      "government", text(), "yes/no: government-invested (R107)")("near-military-zone", text(),
                                                                  "yes/no: near a military zone or classified unit")(
      "military-consent-ref", text(), "that unit's consent reference (R108)");
}

Result<govern::RegistryChange> RegistryChangeFrom(const po::variables_map& vm) {
  govern::RegistryChange c;
  for (auto [name, field] : std::initializer_list<std::pair<const char*, std::optional<std::string>*>>{
           {"unit", &c.owning_unit}, {"address", &c.address}, {"site", &c.site_category},
           {"equipment-type", &c.equipment_type}, {"model", &c.equipment_model},
           {"commissioned-on", &c.commissioned_on}, {"accepted-on", &c.accepted_on},
           {"acceptance-ref", &c.acceptance_ref}, {"signage-evidence", &c.signage_evidence},
           {"military-consent-ref", &c.military_consent_ref}}) {
    if (const std::string* v = Given(vm, name)) *field = *v;
  }
  for (auto [name, field] : std::initializer_list<std::pair<const char*, std::optional<bool>*>>{
           {"signage", &c.signage}, {"government", &c.government_invested},
           {"near-military-zone", &c.near_military_zone}}) {
    if (const std::string* v = Given(vm, name)) {
      Result<bool> b = YesNo(*v, name);
      if (!b) return Err(b.error());
      *field = *b;
    }
  }
  for (auto [name, field] : std::initializer_list<std::pair<const char*, std::optional<std::optional<double>>*>>{
           {"lat", &c.latitude}, {"lon", &c.longitude}}) {
    if (const std::string* v = Given(vm, name)) {
      Result<std::optional<double>> d = Degrees(*v, name);
      if (!d) return Err(d.error());
      *field = *d;
    }
  }
  if (const std::string* v = Given(vm, "position")) {
    c.position = ParseSitePosition(*v);
    if (!c.position) return Err(InvalidArgument("--position must be entrance, main_passage, key_part or other"));
  }
  if (const std::string* v = Given(vm, "state")) {
    c.lifecycle = ParseLifecycle(*v);
    if (!c.lifecycle) {
      return Err(InvalidArgument("--state must be planned, accepted, in_use, changed or dismantled, not '" + *v + "'"));
    }
  }
  return c;
}

}  // namespace custos::cli
