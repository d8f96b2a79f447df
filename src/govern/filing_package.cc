// WriteFilingPackage (filings.h): the documents of a filing (R204) from the registry.
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "base/file_util.h"
#include "govern/filings.h"

namespace custos::govern {

namespace {

std::string Csv(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Coordinate(const std::optional<double>& v) {
  if (!v) return "";
  std::ostringstream s;
  s.precision(9);
  s << *v;
  return s.str();
}

std::string CamerasCsv(const std::vector<Camera>& cameras, const Taxonomy& taxonomy) {
  std::string out =
      "id,name,owning_unit,address,latitude,longitude,site_category,site_tier,position,equipment_type,"
      "equipment_model,commissioned_on,lifecycle,accepted_on,signage,government_invested\n";
  for (const Camera& c : cameras) {
    const CameraRegistry r = c.registry.value_or(CameraRegistry{});
    const SiteCategory* cat = taxonomy.Find(r.site_category);
    const std::vector<std::string> row = {
        c.config.id, c.config.name, r.owning_unit, r.address, Coordinate(r.latitude), Coordinate(r.longitude),
        r.site_category, cat ? std::string(ToString(cat->tier)) : "", std::string(ToString(r.position)),
        r.equipment_type, r.equipment_model, r.commissioned_on,
        c.registry ? std::string(ToString(r.lifecycle)) : "unregistered", r.accepted_on, r.signage ? "yes" : "no",
        r.government_invested ? "yes" : "no"};
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + Csv(row[i]);
    out += "\n";
  }
  return out;
}

std::string EquipmentCsv(const std::vector<Camera>& cameras) {
  std::map<std::pair<std::string, std::string>, int> counts;
  for (const Camera& c : cameras) {
    const CameraRegistry r = c.registry.value_or(CameraRegistry{});
    ++counts[{r.equipment_type, r.equipment_model}];
  }
  std::string out = "equipment_type,equipment_model,cameras\n";
  for (const auto& [key, n] : counts) out += Csv(key.first) + "," + Csv(key.second) + "," + std::to_string(n) + "\n";
  return out;
}

nlohmann::json PointsGeoJson(const std::vector<Camera>& cameras) {
  nlohmann::json features = nlohmann::json::array();
  for (const Camera& c : cameras) {
    if (!c.registry || !c.registry->latitude || !c.registry->longitude) continue;
    const CameraRegistry& r = *c.registry;
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "Point"}, {"coordinates", {*r.longitude, *r.latitude}}}},
                        {"properties",
                         {{"id", c.config.id},
                          {"site_category", r.site_category},
                          {"position", ToString(r.position)},
                          {"equipment_type", r.equipment_type},
                          {"lifecycle", ToString(r.lifecycle)}}}});
  }
  return {{"type", "FeatureCollection"}, {"features", features}};
}

Result<nlohmann::json> Summary(Catalog& catalog, const std::vector<Camera>& cameras, const Profile& profile,
                               CivilDate today) {
  std::map<std::string, int> units;
  int in_use = 0, without_coordinates = 0;
  for (const Camera& c : cameras) {
    const CameraRegistry r = c.registry.value_or(CameraRegistry{});
    ++units[r.owning_unit.empty() ? "(not given)" : r.owning_unit];
    in_use += c.registry && IsRecordedLifecycle(r.lifecycle) ? 1 : 0;
    without_coordinates += r.latitude ? 0 : 1;
  }
  nlohmann::json unit_list = nlohmann::json::array();
  for (const auto& [name, n] : units) unit_list.push_back({{"owning_unit", name}, {"cameras", n}});
  Result<std::vector<DocumentRecord>> docs = catalog.ListDocuments();
  if (!docs) return Err(docs.error());
  nlohmann::json doc_list = nlohmann::json::array();
  for (const DocumentRecord& d : *docs) {
    doc_list.push_back({{"kind", ToString(d.kind)}, {"title", d.title}, {"file", d.file_path},
                        {"sha256", d.sha256_hex}, {"bytes", d.bytes}, {"parties", d.parties}});
  }
  return nlohmann::json{
      {"generated_on", FormatCivilDate(today)},
      {"profile", profile.name},
      {"units", unit_list},
      {"cameras", cameras.size()},
      {"cameras_in_use", in_use},
      {"cameras_without_coordinates", without_coordinates},
      {"retention_days", {{"minimum", profile.min_retention_days.value},
                          {"source", profile.min_retention_days.source},
                          {"enforced_by_custos", "not yet: retention is not implemented in this build"}}},
      {"documents", doc_list},
      {"confidential", "R408 (ND 6): the system's basic information is confidential; hand this package only to "
                       "the public security organ"}};
}

Status WriteText(const std::string& path, const std::string& text) {
  return WriteFileAtomic(path, ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()), 0640);
}

}  // namespace

Result<std::vector<std::string>> WriteFilingPackage(Catalog& catalog, const Profile& profile,
                                                    const Taxonomy& taxonomy, const std::string& out_dir,
                                                    CivilDate today) {
  Result<std::vector<Camera>> all = catalog.ListCameras(CameraFilter::kActive);
  if (!all) return Err(all.error());
  std::vector<Camera> cameras;
  for (Camera& c : *all) {
    if (!c.registry || c.registry->lifecycle != Lifecycle::kDismantled) cameras.push_back(std::move(c));
  }
  Result<nlohmann::json> summary = Summary(catalog, cameras, profile, today);
  if (!summary) return Err(summary.error());
  CUSTOS_RETURN_IF_ERROR(MakeDirs(out_dir));
  const std::vector<std::pair<std::string, std::string>> files = {
      {"cameras.csv", CamerasCsv(cameras, taxonomy)},
      {"equipment.csv", EquipmentCsv(cameras)},
      {"points.geojson", PointsGeoJson(cameras).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"},
      {"summary.json", summary->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"}};
  std::vector<std::string> written;
  for (const auto& [name, text] : files) {
    const std::string path = JoinPath(out_dir, name);
    CUSTOS_RETURN_IF_ERROR(WriteText(path, text).With("writing the filing package"));
    written.push_back(path);
  }
  return written;
}

}  // namespace custos::govern
