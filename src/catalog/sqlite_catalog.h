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

  Result<Recording> DeleteRecordingForRetention(int64_t recording_id, const RetentionCheck& check,
                                                const DeletionReason& why) override;
  Result<std::vector<LawfulDeletion>> ListLawfulDeletions(std::string_view camera_id) override;
  Result<std::vector<Recording>> ListRecordingsEndedBy(std::string_view camera_id, WallTime90k ended_by) override;
  Result<std::vector<GarbageFile>> ListGarbage() override;
  Status ForgetGarbage(int64_t recording_id) override;
  Result<int64_t> AddHold(const NewHold& hold) override;
  Result<Hold> GetHold(int64_t hold_id) override;
  Result<std::vector<Hold>> ListHolds(HoldFilter filter, WallTime90k now) override;
  Status RequestHoldRelease(int64_t hold_id, std::string_view requester, WallTime90k now) override;
  Status ApproveHoldRelease(int64_t hold_id, std::string_view approver, WallTime90k now) override;
  Status SetCameraMaxRetention(std::string_view camera_id, std::optional<int64_t> days) override;
  Result<std::map<std::string, int64_t>> ListCameraMaxRetention() override;

  Result<int64_t> OpenGap(std::string_view camera_id, WallTime90k start_wall_90k, GapReason reason,
                          std::string_view detail) override;
  Status CloseGap(int64_t gap_id, WallTime90k end_wall_90k) override;
  Result<std::optional<Gap>> GetOpenGap(std::string_view camera_id) override;
  Result<std::vector<Gap>> ListGaps(std::string_view camera_id, WallTime90k from_wall_90k,
                                    WallTime90k to_wall_90k) override;

  Result<ChainLink> SealRecording(int64_t recording_id, const Sha256Digest& file_sha256,
                                  int64_t file_bytes) override;
  Result<std::vector<Recording>> ListUnsealedRecordings() override;
  Result<std::vector<ChainLink>> ListChainLinks(std::string_view camera_id, int64_t from_seq,
                                                int64_t to_seq) override;
  Result<std::optional<ChainLink>> GetChainLink(int64_t recording_id) override;
  Result<std::optional<ChainLink>> ChainHead(std::string_view camera_id) override;
  Result<std::vector<std::string>> ListChainedCameras() override;
  Result<int64_t> AddCheckpoint(const ChainCheckpoint& checkpoint) override;
  Result<std::vector<ChainCheckpoint>> ListCheckpoints(std::string_view camera_id) override;
  Result<std::optional<ChainCheckpoint>> LatestCheckpoint(std::string_view camera_id) override;
  Status AddUser(const UserRecord& user) override;
  Status UpdateUser(const UserRecord& user) override;
  Result<UserRecord> GetUser(std::string_view name) override;
  Result<std::vector<UserRecord>> ListUsers() override;
  Result<int64_t> CountUsers() override;
  Status RecordFailedLogin(std::string_view name, int64_t failures_to_lock, WallTime90k lock_until) override;
  Status RecordGoodLogin(std::string_view name) override;
  Result<std::vector<std::string>> AssignedCameras(std::string_view user) override;
  Status PutCameraGroup(const CameraGroup& group) override;
  Result<std::vector<CameraGroup>> ListCameraGroups() override;
  Result<int64_t> AddRetrievalRequest(const RetrievalRequest& request) override;
  Result<RetrievalRequest> GetRetrievalRequest(int64_t id) override;
  Result<std::vector<RetrievalRequest>> ListRetrievalRequests(std::string_view requester) override;
  Result<std::vector<RetrievalRequest>> ActiveGrants(std::string_view requester, WallTime90k now) override;
  Status UpdateRetrievalDecision(const RetrievalRequest& decided, const RetrievalRequest& previous) override;
  Result<std::string> GetPrivacyZonesJson(std::string_view camera_id) override;
  Status SetPrivacyZonesJson(std::string_view camera_id, std::string_view zones_json) override;
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
  Result<std::vector<ChainLink>> QueryLinks(ScopedStatement stmt);
  Result<std::vector<ChainCheckpoint>> QueryCheckpoints(ScopedStatement stmt);
  Result<std::vector<Hold>> QueryHolds(ScopedStatement stmt);
  // FailedPrecondition naming the rule if `r` may not be deleted under `check`.
  Status CheckRetentionDelete(const Recording& r, const RetentionCheck& check);
  // Inside the delete's transaction: marks the recording's chain link, if it has one.
  Status MarkLawfulDeletion(const Recording& r, const RetentionCheck& check, const DeletionReason& why);
  Status WriteUserGrants(const UserRecord& user);
  Status ReadUserGrants(UserRecord& user);
  Result<std::vector<RetrievalRequest>> QueryRequests(ScopedStatement stmt);

  std::unique_ptr<SqliteDb> db_;
  const Clock& clock_;
};

}  // namespace custos
