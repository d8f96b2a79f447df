// The camera methods of SqliteCatalog: configuration (AddCamera ... CamerasVersion is in
// sqlite_catalog.cc) and the daemon's reported state.
#include <optional>
#include <string>

#include "catalog/camera_validation.h"
#include "catalog/catalog_sql.h"
#include "catalog/sqlite_catalog.h"

namespace custos {

namespace {

CameraConfig Normalized(CameraConfig config) {
  if (config.name.empty()) config.name = config.id;
  if (config.extra_json.empty()) config.extra_json = "{}";
  return config;
}

void BindCameraConfig(SqliteStatement& s, const CameraConfig& c, WallTime90k now) {
  s.BindText(1, c.id);
  s.BindText(2, c.name);
  s.BindText(3, c.url);
  s.BindText(4, c.username);
  s.BindText(5, c.password);
  s.BindText(6, ToString(c.transport));
  s.BindInt64(7, c.enabled ? 1 : 0);
  s.BindInt64(8, now.ticks_90k);
  s.BindText(9, c.extra_json);
}

std::optional<WallTime90k> OptionalTime(const SqliteStatement& s, int col) {
  if (s.ColumnIsNull(col)) return std::nullopt;
  return WallTime90k{s.ColumnInt64(col)};
}

// Columns 11-18 of kSelectCamera(s): the LEFT JOINed camera_state, NULL if never written.
Result<std::optional<CameraStatus>> ReadStatus(const SqliteStatement& s) {
  if (s.ColumnIsNull(11)) return std::nullopt;
  std::optional<CameraState> state = ParseCameraState(s.ColumnText(11));
  if (!state) return Err(DataLoss("unknown camera state '" + s.ColumnText(11) + "'"));
  CameraStatus status;
  status.state = *state;
  status.last_error = s.ColumnText(12);
  status.since_wall_90k = WallTime90k{s.ColumnInt64(13)};
  status.updated_wall_90k = WallTime90k{s.ColumnInt64(14)};
  status.counters = {s.ColumnInt64(15), s.ColumnInt64(16), s.ColumnInt64(17), s.ColumnInt64(18)};
  return status;
}

// Columns 19-38 of kSelectCamera(s): the LEFT JOINed camera_registry, NULL if unregistered.
Result<std::optional<CameraRegistry>> ReadRegistry(const SqliteStatement& s) {
  constexpr int k = 19;
  if (s.ColumnIsNull(k)) return std::nullopt;
  CameraRegistry r;
  r.owning_unit = s.ColumnText(k + 1);
  r.address = s.ColumnText(k + 2);
  if (!s.ColumnIsNull(k + 3)) r.latitude = s.ColumnDouble(k + 3);
  if (!s.ColumnIsNull(k + 4)) r.longitude = s.ColumnDouble(k + 4);
  r.site_category = s.ColumnText(k + 5);
  std::optional<SitePosition> position = ParseSitePosition(s.ColumnText(k + 6));
  if (!position) return Err(DataLoss("unknown registry position '" + s.ColumnText(k + 6) + "'"));
  r.position = *position;
  r.equipment_type = s.ColumnText(k + 7);
  r.equipment_model = s.ColumnText(k + 8);
  r.commissioned_on = s.ColumnText(k + 9);
  std::optional<Lifecycle> lifecycle = ParseLifecycle(s.ColumnText(k + 10));
  if (!lifecycle) return Err(DataLoss("unknown lifecycle '" + s.ColumnText(k + 10) + "'"));
  r.lifecycle = *lifecycle;
  r.lifecycle_since = s.ColumnText(k + 11);
  r.accepted_on = s.ColumnText(k + 12);
  r.acceptance_ref = s.ColumnText(k + 13);
  r.signage = s.ColumnInt64(k + 14) != 0;
  r.signage_evidence = s.ColumnText(k + 15);
  r.government_invested = s.ColumnInt64(k + 16) != 0;
  r.near_military_zone = s.ColumnInt64(k + 17) != 0;
  r.military_consent_ref = s.ColumnText(k + 18);
  r.updated_wall_90k = WallTime90k{s.ColumnInt64(k + 19)};
  return r;
}

Result<Camera> ReadCamera(const SqliteStatement& s) {
  Camera camera;
  CameraConfig& c = camera.config;
  c.id = s.ColumnText(0);
  c.name = s.ColumnText(1);
  c.url = s.ColumnText(2);
  c.username = s.ColumnText(3);
  c.password = s.ColumnText(4);
  std::optional<Transport> transport = ParseTransport(s.ColumnText(5));
  if (!transport) return Err(DataLoss("camera '" + c.id + "' has unknown transport '" + s.ColumnText(5) + "'"));
  c.transport = *transport;
  c.enabled = s.ColumnInt64(6) != 0;
  camera.created_wall_90k = WallTime90k{s.ColumnInt64(7)};
  camera.updated_wall_90k = WallTime90k{s.ColumnInt64(8)};
  camera.deleted_wall_90k = OptionalTime(s, 9);
  c.extra_json = s.ColumnText(10);
  Result<std::optional<CameraStatus>> status = ReadStatus(s);
  if (!status) return Err(status.error().With("camera '" + c.id + "'"));
  camera.status = std::move(*status);
  Result<std::optional<CameraRegistry>> registry = ReadRegistry(s);
  if (!registry) return Err(registry.error().With("camera '" + c.id + "'"));
  camera.registry = std::move(*registry);
  return camera;
}

// nullopt if no camera has the id; otherwise whether it was removed.
Result<std::optional<bool>> CameraRemoved(SqliteDb& db, std::string_view id) {
  Result<ScopedStatement> stmt = db.Prepare(sql::kSelectCameraRemoved);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindText(1, id);
  Result<bool> row = (*stmt)->Step();
  if (!row) return Err(row.error());
  if (!*row) return std::optional<bool>();
  return std::optional<bool>((*stmt)->ColumnInt64(0) != 0);
}

// The NotFound to return when no active camera has the id.
Status NoActiveCamera(SqliteDb& db, std::string_view id) {
  Result<std::optional<bool>> removed = CameraRemoved(db, id);
  if (!removed) return removed.error();
  if (removed->has_value()) return NotFound("camera '" + std::string(id) + "' was removed");
  return NotFound("no camera '" + std::string(id) + "'");
}

}  // namespace

Status SqliteCatalog::WriteCameraConfig(const char* sql, const CameraConfig& config) {
  Result<ScopedStatement> stmt = db_->Prepare(sql);
  if (!stmt) return stmt.error();
  BindCameraConfig(**stmt, config, clock_.Now());
  return (*stmt)->Run();
}

Status SqliteCatalog::AddCamera(const CameraConfig& input) {
  const CameraConfig config = Normalized(input);
  CUSTOS_RETURN_IF_ERROR(ValidateCameraConfig(config));
  const std::string what = "adding camera '" + config.id + "'";
  Result<SqliteTransaction> tx = SqliteTransaction::Begin(*db_);
  if (!tx) return tx.error().With(what);
  CUSTOS_RETURN_IF_ERROR(InsertOrReviveCamera(config).With(what));
  return tx->Commit().With(what);
}

Status SqliteCatalog::InsertOrReviveCamera(const CameraConfig& config) {
  Result<std::optional<bool>> removed = CameraRemoved(*db_, config.id);
  if (!removed) return removed.error();
  if (removed->has_value() && !**removed) {
    return AlreadyExists("camera '" + config.id + "' already exists; update it, or choose another id");
  }
  const char* sql = removed->has_value() ? sql::kReviveRemovedCamera : sql::kInsertCamera;
  return WriteCameraConfig(sql, config);
}

Status SqliteCatalog::AddRegisteredCamera(const CameraConfig& input, const CameraRegistry& registry) {
  const CameraConfig config = Normalized(input);
  CUSTOS_RETURN_IF_ERROR(ValidateCameraConfig(config));
  const std::string what = "adding camera '" + config.id + "'";
  Result<SqliteTransaction> tx = SqliteTransaction::Begin(*db_);
  if (!tx) return tx.error().With(what);
  CUSTOS_RETURN_IF_ERROR(InsertOrReviveCamera(config).With(what));
  CUSTOS_RETURN_IF_ERROR(WriteRegistry(config.id, registry).With(what));
  return tx->Commit().With(what);
}

Status SqliteCatalog::UpdateCamera(const CameraConfig& input) {
  const CameraConfig config = Normalized(input);
  CUSTOS_RETURN_IF_ERROR(ValidateCameraConfig(config));
  const std::string what = "updating camera '" + config.id + "'";
  CUSTOS_RETURN_IF_ERROR(WriteCameraConfig(sql::kUpdateActiveCamera, config).With(what));
  if (db_->Changes() == 0) return NoActiveCamera(*db_, config.id).With(what);
  return Status::Ok();
}

Status SqliteCatalog::RemoveCamera(std::string_view camera_id) {
  const std::string what = "removing camera '" + std::string(camera_id) + "'";
  Result<ScopedStatement> stmt = db_->Prepare(sql::kRemoveCamera);
  if (!stmt) return stmt.error().With(what);
  (*stmt)->BindText(1, camera_id);
  (*stmt)->BindInt64(2, clock_.Now().ticks_90k);
  CUSTOS_RETURN_IF_ERROR((*stmt)->Run().With(what));
  if (db_->Changes() == 0) return NoActiveCamera(*db_, camera_id).With(what);
  return Status::Ok();
}

Result<Camera> SqliteCatalog::GetCamera(std::string_view camera_id) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectCamera);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindText(1, camera_id);
  Result<bool> row = (*stmt)->Step();
  if (!row) return Err(row.error().With("reading camera '" + std::string(camera_id) + "'"));
  if (!*row) return Err(NotFound("no camera '" + std::string(camera_id) + "'"));
  return ReadCamera(**stmt);
}

Result<std::vector<Camera>> SqliteCatalog::ListCameras(CameraFilter filter) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectCameras);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindInt64(1, filter == CameraFilter::kIncludeRemoved ? 1 : 0);
  std::vector<Camera> cameras;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row) return Err(row.error().With("listing cameras"));
    if (!*row) return cameras;
    Result<Camera> camera = ReadCamera(**stmt);
    if (!camera) return Err(camera.error());
    cameras.push_back(std::move(*camera));
  }
}

Status SqliteCatalog::SetCameraState(std::string_view camera_id, const CameraStateUpdate& update) {
  const std::string what = "setting the state of camera '" + std::string(camera_id) + "'";
  Result<ScopedStatement> stmt = db_->Prepare(sql::kUpsertCameraState);
  if (!stmt) return stmt.error().With(what);
  SqliteStatement& s = **stmt;
  s.BindText(1, camera_id);
  s.BindText(2, ToString(update.state));
  s.BindText(3, update.last_error);
  s.BindInt64(4, clock_.Now().ticks_90k);
  s.BindInt64(5, update.counters.frames);
  s.BindInt64(6, update.counters.bytes);
  s.BindInt64(7, update.counters.lost_packets);
  s.BindInt64(8, update.counters.reconnects);
  return s.Run().With(what);
}

}  // namespace custos
