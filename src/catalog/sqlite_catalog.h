// sqlite_catalog.h: the SQLite implementation of Catalog (catalog.h), the embedded default.
//
// The methods are defined by resource: sqlite_catalog.cc (opening, meta, versions),
// camera_store.cc, video_params_store.cc, recording_store.cc, gap_store.cc. All SQL text
// is in catalog_sql.h; the schema in schema.sql.
// Thread-safety: as Catalog: one thread at a time.
#pragma once

#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "catalog/sqlite_db.h"

namespace custos {

class SqliteCatalog final : public Catalog {
 public:
  // Opens, configures and migrates the database at `db_path`.
  static Result<std::unique_ptr<SqliteCatalog>> Open(const std::string& db_path, const Clock& clock);

  Result<CatalogMeta> Meta() override;

  Status AddCamera(const CameraConfig& config) override;
  Status UpdateCamera(const CameraConfig& config) override;
  Status RemoveCamera(std::string_view camera_id) override;
  Result<Camera> GetCamera(std::string_view camera_id) override;
  Result<std::vector<Camera>> ListCameras(CameraFilter filter) override;
  Result<int64_t> CamerasVersion() override;
  Status SetCameraState(std::string_view camera_id, const CameraStateUpdate& update) override;

  Result<int64_t> UpsertVideoParams(const VideoParams& params) override;
  Result<StoredVideoParams> GetVideoParams(int64_t id) override;

  Result<int64_t> InsertRecording(const NewRecording& recording) override;
  Status FinishRecording(int64_t recording_id, const RecordingSummary& summary) override;
  Result<std::vector<Recording>> ListOpenRecordings() override;
  Result<std::vector<Recording>> ListRecordings(std::string_view camera_id, WallTime90k from_wall_90k,
                                                WallTime90k to_wall_90k) override;
  Result<Recording> GetRecording(int64_t recording_id) override;
  Result<std::vector<FrameIndexEntry>> GetFrameIndex(int64_t recording_id) override;
  Status DeleteRecording(int64_t recording_id) override;
  Result<std::vector<TimelineRun>> Timeline(std::string_view camera_id, WallTime90k from_wall_90k,
                                            WallTime90k to_wall_90k, int64_t merge_tolerance_90k) override;

  Result<int64_t> OpenGap(std::string_view camera_id, WallTime90k start_wall_90k, GapReason reason,
                          std::string_view detail) override;
  Status CloseGap(int64_t gap_id, WallTime90k end_wall_90k) override;
  Result<std::optional<Gap>> GetOpenGap(std::string_view camera_id) override;
  Result<std::vector<Gap>> ListGaps(std::string_view camera_id, WallTime90k from_wall_90k,
                                    WallTime90k to_wall_90k) override;

  Result<std::optional<std::string>> GetGovernSetting(std::string_view key) override;
  Status SetGovernSetting(std::string_view key, std::string_view value) override;
  Status AddRegisteredCamera(const CameraConfig& config, const CameraRegistry& registry) override;
  Status PutCameraRegistry(std::string_view camera_id, const CameraRegistry& registry) override;
  Result<int64_t> AddFiling(const NewFiling& filing) override;
  Result<std::vector<Filing>> ListFilings() override;
  Status MarkFiled(int64_t filing_id, std::string_view filed_on, std::string_view receipt_ref) override;
  Result<int64_t> AddDocument(const DocumentRecord& document) override;
  Result<std::vector<DocumentRecord>> ListDocuments() override;
  Result<int64_t> AddOpsRecord(const OpsRecord& record) override;
  Result<std::vector<OpsRecord>> ListOpsRecords() override;

  // The connection, for tests (EXPLAIN QUERY PLAN) and tools in this folder.
  SqliteDb& db() { return *db_; }

 private:
  SqliteCatalog(std::unique_ptr<SqliteDb> db, const Clock& clock) : db_(std::move(db)), clock_(clock) {}

  // InvalidArgument if the range ends before it starts.
  static Status CheckRange(WallTime90k from_wall_90k, WallTime90k to_wall_90k);
  Status WriteCameraConfig(const char* sql, const CameraConfig& config);
  Status WriteRegistry(std::string_view camera_id, const CameraRegistry& registry);
  // AddCamera's body, inside the caller's transaction.
  Status InsertOrReviveCamera(const CameraConfig& config);
  Result<std::vector<Recording>> QueryRecordings(ScopedStatement stmt);
  Result<std::vector<Gap>> QueryGaps(ScopedStatement stmt);

  std::unique_ptr<SqliteDb> db_;
  const Clock& clock_;
};

}  // namespace custos
