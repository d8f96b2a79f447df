// catalog_types.h: the values the catalog stores and returns: cameras, their state,
// video parameters, recordings, gaps, and the enums behind the schema's text columns.
//
// Wall times are WallTime90k (90 kHz ticks since the Unix epoch); media times and
// durations are int64 `_90k` ticks in a file's own timeline. Each enum has a fixed text
// form, the one stored in the database (schema.sql); ToString/Parse convert.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/time.h"
#include "catalog/registry_types.h"
#include "media/frame.h"

namespace custos {

enum class Transport { kTcp, kUdp };
enum class CameraState { kStarting, kConnecting, kRecording, kOffline, kAuthFailed, kError };
enum class RecordingState { kWriting, kComplete, kRecovered };
enum class OpenReason { kStart, kRotate, kParamsChanged, kReconnect, kDiscontinuity };
enum class GapReason {
  kCameraOffline,
  kAuthFailed,
  kPacketLoss,
  kRestart,
  kDiscontinuity,
  kDiskFull,
  kStorageError,
  kOverload,
  kDisabled,
};

// "tcp", "auth_failed", "params_changed", ...: the text stored in the database.
std::string_view ToString(Transport v);
std::string_view ToString(CameraState v);
std::string_view ToString(RecordingState v);
std::string_view ToString(OpenReason v);
std::string_view ToString(GapReason v);
// The inverse; nullopt for unknown text (the caller decides: bad input or bad data).
std::optional<Transport> ParseTransport(std::string_view s);
std::optional<CameraState> ParseCameraState(std::string_view s);
std::optional<RecordingState> ParseRecordingState(std::string_view s);
std::optional<OpenReason> ParseOpenReason(std::string_view s);
std::optional<GapReason> ParseGapReason(std::string_view s);

// What a user configures for a camera (`custos camera add`).
struct CameraConfig {
  std::string id;        // [a-z0-9_-]{1,64}; also used in file paths
  std::string name;      // for humans; empty means "same as id"
  std::string url;       // rtsp:// or rtsps://, without user:password@
  std::string username;  // RTSP credentials, kept out of the URL
  std::string password;  // stored in plain text for now (see schema.sql)
  Transport transport = Transport::kTcp;
  bool enabled = true;
  std::string extra_json = "{}";  // a JSON object for fields later features add
};

// Counters the daemon keeps per camera since it started it.
struct CameraCounters {
  int64_t frames = 0;
  int64_t bytes = 0;
  int64_t lost_packets = 0;
  int64_t reconnects = 0;
};

// What the daemon reports (Catalog::SetCameraState).
struct CameraStateUpdate {
  CameraState state = CameraState::kStarting;
  std::string last_error;  // empty if none
  CameraCounters counters;
};

// What the daemon last reported, as stored.
struct CameraStatus {
  CameraState state = CameraState::kStarting;
  std::string last_error;
  WallTime90k since_wall_90k;    // when it entered `state`
  WallTime90k updated_wall_90k;  // when the daemon last wrote it
  CameraCounters counters;
};

struct Camera {
  CameraConfig config;
  WallTime90k created_wall_90k;
  WallTime90k updated_wall_90k;
  std::optional<WallTime90k> deleted_wall_90k;  // set once removed
  std::optional<CameraStatus> status;           // absent until the daemon reports
  std::optional<CameraRegistry> registry;       // absent for an unregistered camera
};

// Whether the daemon records the camera: enabled, not removed, and registered in a
// recorded lifecycle state (in use or changed: R206). Unregistered cameras are not recorded.
bool IsRecorded(const Camera& camera);

// A video_params row: a deduplicated sample entry.
struct StoredVideoParams {
  int64_t id = 0;
  VideoCodec codec = VideoCodec::kH264;
  uint16_t width = 0;
  uint16_t height = 0;
  std::string rfc6381_codec;
  Bytes decoder_config;  // the avcC / hvcC payload
};

// A recording as the writer opens it (Catalog::InsertRecording).
struct NewRecording {
  std::string camera_id;
  std::string file_path;  // relative to the data directory
  WallTime90k start_wall_90k;
  int64_t media_start_90k = 0;  // the first frame's decode time in the file
  int64_t video_params_id = 0;
  OpenReason open_reason = OpenReason::kStart;
};

// What the writer (or crash recovery) knows once the file is closed.
struct RecordingSummary {
  WallTime90k end_wall_90k;
  int64_t media_duration_90k = 0;  // must equal the sum of the index's durations
  int64_t bytes = 0;               // file size on disk, headers included
  int64_t frames = 0;              // must equal the index's entry count
  int64_t key_frames = 0;          // must equal the index's key entries
  Bytes frame_index;               // EncodeFrameIndex() output
  RecordingState state = RecordingState::kComplete;  // kComplete or kRecovered
};

// A recording row, without its frame index (Catalog::GetFrameIndex reads that).
struct Recording {
  int64_t id = 0;
  std::string camera_id;
  std::string file_path;
  RecordingState state = RecordingState::kWriting;
  WallTime90k start_wall_90k;
  std::optional<WallTime90k> end_wall_90k;  // nullopt while writing
  int64_t media_start_90k = 0;
  int64_t media_duration_90k = 0;  // 0 while writing, as are the three below
  int64_t bytes = 0;
  int64_t frames = 0;
  int64_t key_frames = 0;
  int64_t video_params_id = 0;
  OpenReason open_reason = OpenReason::kStart;
  WallTime90k created_wall_90k;
};

// A span of time in which a camera was not recorded.
struct Gap {
  int64_t id = 0;
  std::string camera_id;
  WallTime90k start_wall_90k;
  std::optional<WallTime90k> end_wall_90k;  // nullopt while open
  GapReason reason = GapReason::kCameraOffline;
  std::string detail;
};

// The meta row.
struct CatalogMeta {
  int64_t schema_version = 0;
  std::string uuid;
  WallTime90k created_wall_90k;
};

}  // namespace custos
