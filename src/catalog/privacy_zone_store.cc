// The privacy-zone methods of SqliteCatalog: one JSON list per camera, stored as given
// (src/privacy validates it before it gets here).
#include <string>

#include "catalog/sqlite_catalog.h"

namespace custos {

Result<std::string> SqliteCatalog::GetPrivacyZonesJson(std::string_view camera_id) {
  Result<Camera> camera = GetCamera(camera_id);  // NotFound for an unknown or removed camera
  if (!camera) return Err(camera.error());
  Result<ScopedStatement> stmt = db_->Prepare("SELECT zones_json FROM camera_privacy_zones WHERE camera_id = ?1");
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindText(1, camera_id);
  Result<bool> row = (*stmt)->Step();
  if (!row) return Err(row.error().With("reading the privacy zones of camera '" + std::string(camera_id) + "'"));
  if (!*row) return std::string("[]");
  return (*stmt)->ColumnText(0);
}

Status SqliteCatalog::SetPrivacyZonesJson(std::string_view camera_id, std::string_view zones_json) {
  Result<Camera> camera = GetCamera(camera_id);
  if (!camera) return camera.error();
  Result<ScopedStatement> stmt = db_->Prepare(
      "INSERT INTO camera_privacy_zones (camera_id, zones_json, updated_wall_90k) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (camera_id) DO UPDATE SET zones_json = excluded.zones_json, "
      "updated_wall_90k = excluded.updated_wall_90k");
  if (!stmt) return stmt.error();
  (*stmt)->BindText(1, camera_id);
  (*stmt)->BindText(2, zones_json);
  (*stmt)->BindInt64(3, clock_.Now().ticks_90k);
  Status s = (*stmt)->Run();
  return s.ok() ? s : s.With("storing the privacy zones of camera '" + std::string(camera_id) + "'");
}

}  // namespace custos
