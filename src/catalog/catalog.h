// catalog.h: the index of cameras and recordings. Start here.
//
// Catalog is the interface; Catalog::Open gives the embedded SQLite implementation
// (sqlite_catalog.h), and a PostgreSQL one is to follow behind the same interface. The
// catalog holds camera configuration and the daemon's view of each camera, the codec
// parameters of recordings, one row per recording file (with its frame index), and the
// gaps between recordings. README.md describes the schema and the error contract.
//
// Ranges are half-open, [from_wall_90k, to_wall_90k): a recording or gap overlaps the range
// when it starts before `to` and ends after `from`; one still open (no end yet) overlaps
// when it starts before `to`. An empty range (from == to) overlaps nothing; one that ends
// before it starts is InvalidArgument.
//
// Thread-safety: a Catalog is used by one thread at a time (it may move between threads).
// Threads and processes that need the catalog concurrently open their own Catalog on the
// same file; SQLite's WAL mode lets them read while one writes, and writers wait up to 5 s
// for each other (then Unavailable).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "catalog/access_types.h"
#include "catalog/catalog_types.h"
#include "catalog/frame_index.h"
#include "catalog/retention_types.h"
#include "catalog/timeline.h"
#include "integrity/chain.h"
#include "media/frame.h"

namespace custos {

enum class CameraFilter { kActive, kIncludeRemoved };

class Catalog {
 public:
  // Opens the catalog at `db_path`, creating and migrating it as needed. FailedPrecondition
  // if the file was written by a newer Custos or is not a catalog. `clock` stamps created_,
  // updated_ and deleted_ times and must outlive the Catalog.
  static Result<std::unique_ptr<Catalog>> Open(const std::string& db_path);
  static Result<std::unique_ptr<Catalog>> Open(const std::string& db_path, const Clock& clock);

  virtual ~Catalog() = default;

  virtual Result<CatalogMeta> Meta() = 0;

  // ---- Cameras (configuration, written by the CLI; each change moves CamerasVersion) ----

  // InvalidArgument for a bad id, URL or field; AlreadyExists if an active camera has the
  // id. Re-adding the id of a removed camera brings it back with the new configuration
  // (its old recordings are the same camera's history).
  virtual Status AddCamera(const CameraConfig& config) = 0;
  // Replaces the configuration of an active camera; NotFound if there is none.
  virtual Status UpdateCamera(const CameraConfig& config) = 0;
  // Marks the camera removed (deleted_wall_90k): it is no longer recorded or listed, but
  // its row, state, recordings and gaps stay until retention deletes the recordings.
  // NotFound if no active camera has the id.
  virtual Status RemoveCamera(std::string_view camera_id) = 0;
  // Also returns removed cameras (deleted_wall_90k set); NotFound if the id never existed.
  virtual Result<Camera> GetCamera(std::string_view camera_id) = 0;
  // Ordered by id, with the daemon's last reported state joined.
  virtual Result<std::vector<Camera>> ListCameras(CameraFilter filter) = 0;
  // A counter that moves whenever any camera row changes, in any process. Cheap: the
  // daemon polls it every second and reloads cameras when it differs.
  virtual Result<int64_t> CamerasVersion() = 0;

  // ---- Camera state (written by the daemon) ----

  // Records what the daemon sees; since_wall_90k is kept while the state is unchanged.
  // FailedPrecondition if the camera does not exist.
  virtual Status SetCameraState(std::string_view camera_id, const CameraStateUpdate& update) = 0;

  // ---- Video parameters ----

  // The id of the row equal to `params` (codec, size, RFC 6381 string, decoder config),
  // inserting it if new. InvalidArgument if decoder_config or rfc6381_codec is empty.
  virtual Result<int64_t> UpsertVideoParams(const VideoParams& params) = 0;
  virtual Result<StoredVideoParams> GetVideoParams(int64_t id) = 0;

  // ---- Recordings ----

  // Inserts a recording in state 'writing'; returns its id. AlreadyExists if the file
  // path is already indexed; FailedPrecondition if the camera or video params are unknown.
  virtual Result<int64_t> InsertRecording(const NewRecording& recording) = 0;
  // Completes a 'writing' recording: its end, sizes and frame index. InvalidArgument if the
  // summary is inconsistent (end before start, index undecodable or disagreeing with
  // frames / key_frames / media_duration_90k / bytes, state 'writing');
  // FailedPrecondition if the recording is not 'writing'; NotFound if there is none.
  virtual Status FinishRecording(int64_t recording_id, const RecordingSummary& summary) = 0;
  // Every recording still 'writing', of all cameras, by id: after a crash, the files that
  // crash recovery must scan and finish as 'recovered'.
  virtual Result<std::vector<Recording>> ListOpenRecordings() = 0;
  // The camera's recordings overlapping [from, to), by start time (then id).
  virtual Result<std::vector<Recording>> ListRecordings(std::string_view camera_id, WallTime90k from_wall_90k,
                                                        WallTime90k to_wall_90k) = 0;
  virtual Result<Recording> GetRecording(int64_t recording_id) = 0;
  // The decoded frame index of a finished recording. FailedPrecondition while writing;
  // DataLoss if the stored blob is corrupt.
  virtual Result<std::vector<FrameIndexEntry>> GetFrameIndex(int64_t recording_id) = 0;
  // Deletes the row of a recording that holds no frames (still 'writing', or finished with
  // frames = 0): fsck's repair of empty or missing files. Recordings with frames are
  // deleted only by retention (not here): FailedPrecondition.
  virtual Status DeleteRecording(int64_t recording_id) = 0;
  // The camera's recordings overlapping [from, to), merged into runs: a recording joins
  // the previous run if it starts at most merge_tolerance_90k after the run ends.
  virtual Result<std::vector<TimelineRun>> Timeline(std::string_view camera_id, WallTime90k from_wall_90k,
                                                    WallTime90k to_wall_90k, int64_t merge_tolerance_90k) = 0;

  // ---- Retention (rules in src/retention; docs/design/retention.md) ----

  // The only path that deletes a recording with frames. In one transaction: refuses with
  // FailedPrecondition if the recording is still being written, ended less than
  // check.minimum_90k before check.now (R403/R501), or overlaps a hold active at `now`
  // (R502); otherwise moves it to the garbage list, marks its chain link (if sealed) as
  // lawfully deleted for `why` (chain_link_deletion) and deletes its row. Returns the row
  // as it was; the caller unlinks the file, then calls ForgetGarbage. NotFound if none.
  virtual Result<Recording> DeleteRecordingForRetention(int64_t recording_id, const RetentionCheck& check,
                                                        const DeletionReason& why) = 0;
  // The lawful-deletion marks on the links of `camera_id`, by recording id.
  virtual Result<std::vector<LawfulDeletion>> ListLawfulDeletions(std::string_view camera_id) = 0;
  // Finished recordings of the camera that ended at or before `ended_by`, oldest first.
  virtual Result<std::vector<Recording>> ListRecordingsEndedBy(std::string_view camera_id,
                                                               WallTime90k ended_by) = 0;
  virtual Result<std::vector<GarbageFile>> ListGarbage() = 0;
  virtual Status ForgetGarbage(int64_t recording_id) = 0;

  // InvalidArgument for an empty case or creator, or a range that ends before it starts;
  // FailedPrecondition if the camera does not exist. Returns the hold's id.
  virtual Result<int64_t> AddHold(const NewHold& hold) = 0;
  virtual Result<Hold> GetHold(int64_t hold_id) = 0;
  // By id; kActive: not released and not lapsed at `now`.
  virtual Result<std::vector<Hold>> ListHolds(HoldFilter filter, WallTime90k now) = 0;
  // Records who asks for a release. FailedPrecondition if already released or asked.
  virtual Status RequestHoldRelease(int64_t hold_id, std::string_view requester, WallTime90k now) = 0;
  // Releases a hold whose release was asked; PermissionDenied if `approver` is the
  // requester (two persons); FailedPrecondition if no release was asked or it is released.
  virtual Status ApproveHoldRelease(int64_t hold_id, std::string_view approver, WallTime90k now) = 0;

  // Sets (days > 0) or clears (nullopt) a camera's maximum retention. The floor (the
  // profile's minimum) is checked by src/retention, which knows the profile.
  virtual Status SetCameraMaxRetention(std::string_view camera_id, std::optional<int64_t> days) = 0;
  // camera id -> days, for the cameras that have one.
  virtual Result<std::map<std::string, int64_t>> ListCameraMaxRetention() = 0;

  // ---- Gaps ----

  // Opens a gap; returns its id. FailedPrecondition if the camera already has an open gap
  // or does not exist.
  virtual Result<int64_t> OpenGap(std::string_view camera_id, WallTime90k start_wall_90k, GapReason reason,
                                  std::string_view detail) = 0;
  // Closes an open gap. NotFound if there is no such gap; FailedPrecondition if it is
  // already closed; InvalidArgument if `end` is before its start.
  virtual Status CloseGap(int64_t gap_id, WallTime90k end_wall_90k) = 0;
  // The camera's open gap, if any (the daemon closes it on restart).
  virtual Result<std::optional<Gap>> GetOpenGap(std::string_view camera_id) = 0;
  // The camera's gaps overlapping [from, to), by start time.
  virtual Result<std::vector<Gap>> ListGaps(std::string_view camera_id, WallTime90k from_wall_90k,
                                            WallTime90k to_wall_90k) = 0;

  // ---- Integrity: the recording hash chain and its checkpoints (docs/design/integrity.md) ----

  // Appends a finished recording to its camera's chain: reads the camera's last link and
  // inserts the next (ComputeChainHash) in one transaction; returns the new link.
  // FailedPrecondition if the recording is still 'writing'; AlreadyExists if sealed.
  virtual Result<ChainLink> SealRecording(int64_t recording_id, const Sha256Digest& file_sha256,
                                          int64_t file_bytes) = 0;
  // Finished recordings (complete or recovered, with frames) that have no link yet, by id.
  virtual Result<std::vector<Recording>> ListUnsealedRecordings() = 0;
  // The camera's links with seq in [from_seq, to_seq], by seq.
  virtual Result<std::vector<ChainLink>> ListChainLinks(std::string_view camera_id, int64_t from_seq,
                                                        int64_t to_seq) = 0;
  // The link of a recording, if it is sealed.
  virtual Result<std::optional<ChainLink>> GetChainLink(int64_t recording_id) = 0;
  // The camera's last link, if any.
  virtual Result<std::optional<ChainLink>> ChainHead(std::string_view camera_id) = 0;
  // The ids of every camera that has links (also removed cameras), sorted.
  virtual Result<std::vector<std::string>> ListChainedCameras() = 0;
  // Stores a signed checkpoint; returns its id.
  virtual Result<int64_t> AddCheckpoint(const ChainCheckpoint& checkpoint) = 0;
  // The camera's checkpoints by seq (then id).
  virtual Result<std::vector<ChainCheckpoint>> ListCheckpoints(std::string_view camera_id) = 0;
  // The camera's checkpoint with the highest seq, if any.
  virtual Result<std::optional<ChainCheckpoint>> LatestCheckpoint(std::string_view camera_id) = 0;
  // ---- Access: users, camera groups, retrieval requests (access_store.cc) ----
  // Written through src/access, which checks the rules first (names, roles, R405).

  // Inserts the user with its roles and assignments. AlreadyExists if the name is taken;
  // FailedPrecondition if an assigned camera or group does not exist.
  virtual Status AddUser(const UserRecord& user) = 0;
  // Replaces every field but name and created time, and the roles and assignments.
  // NotFound if there is no such user.
  virtual Status UpdateUser(const UserRecord& user) = 0;
  // With roles and assignments. NotFound if there is no such user.
  virtual Result<UserRecord> GetUser(std::string_view name) = 0;
  virtual Result<std::vector<UserRecord>> ListUsers() = 0;
  virtual Result<int64_t> CountUsers() = 0;
  // Counts a failed login atomically; the `failures_to_lock`-th in a row locks the user
  // until `lock_until` and restarts the count. No-op for an unknown name.
  virtual Status RecordFailedLogin(std::string_view name, int64_t failures_to_lock, WallTime90k lock_until) = 0;
  virtual Status RecordGoodLogin(std::string_view name) = 0;
  // The cameras assigned to the user, directly or through a group, sorted.
  virtual Result<std::vector<std::string>> AssignedCameras(std::string_view user) = 0;
  // Creates or replaces a group and its members. FailedPrecondition for an unknown camera.
  virtual Status PutCameraGroup(const CameraGroup& group) = 0;
  virtual Result<std::vector<CameraGroup>> ListCameraGroups() = 0;

  // Stores a new request as given (state, expiry); returns its id.
  virtual Result<int64_t> AddRetrievalRequest(const RetrievalRequest& request) = 0;
  virtual Result<RetrievalRequest> GetRetrievalRequest(int64_t id) = 0;
  // Newest first; every request when `requester` is empty.
  virtual Result<std::vector<RetrievalRequest>> ListRetrievalRequests(std::string_view requester) = 0;
  // The requester's requests that grant access at `now`: approved or emergency, unexpired.
  virtual Result<std::vector<RetrievalRequest>> ActiveGrants(std::string_view requester, WallTime90k now) = 0;
  // Writes a decision (state, approvers, rejection, expiry) if the stored request still has
  // `previous`'s state and first approver; FailedPrecondition if someone decided meanwhile.
  virtual Status UpdateRetrievalDecision(const RetrievalRequest& decided, const RetrievalRequest& previous) = 0;
  // Privacy zones (src/privacy validates and parses the JSON; the catalog stores it as is).
  // "[]" for a camera without zones; NotFound for an unknown camera.
  virtual Result<std::string> GetPrivacyZonesJson(std::string_view camera_id) = 0;
  virtual Status SetPrivacyZonesJson(std::string_view camera_id, std::string_view zones_json) = 0;
  // ---- Govern: settings, registry, filings, documents, records (registry_types.h) ----
  // Written only through src/govern, which applies the rules first (R103, R206).

  // A setting's value; nullopt if never set.
  virtual Result<std::optional<std::string>> GetGovernSetting(std::string_view key) = 0;
  virtual Status SetGovernSetting(std::string_view key, std::string_view value) = 0;
  // Adds a camera and its registry entry in one transaction (as AddCamera otherwise).
  virtual Status AddRegisteredCamera(const CameraConfig& config, const CameraRegistry& registry) = 0;
  // Writes the registry entry of an active camera (inserting it for an unregistered one).
  // NotFound if no active camera has the id.
  virtual Status PutCameraRegistry(std::string_view camera_id, const CameraRegistry& registry) = 0;
  virtual Result<int64_t> AddFiling(const NewFiling& filing) = 0;
  // Every filing, by id.
  virtual Result<std::vector<Filing>> ListFilings() = 0;
  // Marks an open filing filed. NotFound if none; FailedPrecondition if already filed.
  virtual Status MarkFiled(int64_t filing_id, std::string_view filed_on, std::string_view receipt_ref) = 0;
  // Returns the new id. AlreadyExists if the file path is already archived.
  virtual Result<int64_t> AddDocument(const DocumentRecord& document) = 0;
  virtual Result<std::vector<DocumentRecord>> ListDocuments() = 0;
  virtual Result<int64_t> AddOpsRecord(const OpsRecord& record) = 0;
  // Every record, by date then id.
  virtual Result<std::vector<OpsRecord>> ListOpsRecords() = 0;
};

}  // namespace custos
