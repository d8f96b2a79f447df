// catalog_sql.h: every SQL statement of the SQLite catalog, in one place.
//
// Parameters are numbered (?1, ?2...) and bound by index; the text avoids SQLite-only
// syntax where that is cheap (ON CONFLICT ... DO UPDATE/NOTHING and partial indexes work in
// PostgreSQL too), so the PostgreSQL variant is mostly a translation of this file and
// schema.sql. catalog_test runs EXPLAIN QUERY PLAN on the range queries.
// Thread-safety: constants.
#pragma once

namespace custos::sql {

// ---- meta and versions ----

inline constexpr char kSelectMeta[] = "SELECT schema_version, uuid, created_wall_90k FROM meta WHERE id = 1";
inline constexpr char kSelectCamerasVersion[] = "SELECT cameras_version FROM config_version WHERE id = 1";

// ---- cameras ----

// ?1 id, ?2 name, ?3 url, ?4 username, ?5 password, ?6 transport, ?7 enabled, ?8 now,
// ?9 extra_json (BindCameraConfig binds them).
inline constexpr char kInsertCamera[] =
    "INSERT INTO camera (id, name, url, username, password, transport, enabled, created_wall_90k, "
    "updated_wall_90k, extra_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)";
inline constexpr char kUpdateActiveCamera[] =
    "UPDATE camera SET name = ?2, url = ?3, username = ?4, password = ?5, transport = ?6, enabled = ?7, "
    "updated_wall_90k = ?8, extra_json = ?9 WHERE id = ?1 AND deleted_wall_90k IS NULL";
inline constexpr char kReviveRemovedCamera[] =
    "UPDATE camera SET name = ?2, url = ?3, username = ?4, password = ?5, transport = ?6, enabled = ?7, "
    "updated_wall_90k = ?8, extra_json = ?9, deleted_wall_90k = NULL WHERE id = ?1 AND deleted_wall_90k IS NOT NULL";
inline constexpr char kRemoveCamera[] =
    "UPDATE camera SET deleted_wall_90k = ?2, updated_wall_90k = ?2 WHERE id = ?1 AND deleted_wall_90k IS NULL";
inline constexpr char kSelectCameraRemoved[] = "SELECT deleted_wall_90k IS NOT NULL FROM camera WHERE id = ?1";

// Columns 19-37 of the camera queries: the LEFT JOINed registry (govern_sql.h reads them).
#define CUSTOS_REGISTRY_COLUMNS                                                                                \
  "r.camera_id, r.owning_unit, r.address, r.latitude, r.longitude, r.site_category, r.position, "             \
  "r.equipment_type, r.equipment_model, r.commissioned_on, r.lifecycle, r.lifecycle_since, r.accepted_on, "   \
  "r.acceptance_ref, r.signage, r.signage_evidence, r.government_invested, r.near_military_zone, "           \
  "r.military_consent_ref, r.updated_wall_90k "

#define CUSTOS_CAMERA_COLUMNS                                                                                   \
  "SELECT c.id, c.name, c.url, c.username, c.password, c.transport, c.enabled, c.created_wall_90k, "         \
  "c.updated_wall_90k, c.deleted_wall_90k, c.extra_json, s.state, s.last_error, s.since_wall_90k, "           \
  "s.updated_wall_90k, s.frames, s.bytes, s.lost_packets, s.reconnects, " CUSTOS_REGISTRY_COLUMNS           \
  "FROM camera c LEFT JOIN camera_state s ON s.camera_id = c.id "                                             \
  "LEFT JOIN camera_registry r ON r.camera_id = c.id "

inline constexpr char kSelectCamera[] = CUSTOS_CAMERA_COLUMNS "WHERE c.id = ?1";
// ?1: 1 to include removed cameras.
inline constexpr char kSelectCameras[] = CUSTOS_CAMERA_COLUMNS
    "WHERE ?1 = 1 OR c.deleted_wall_90k IS NULL ORDER BY c.id";

#undef CUSTOS_CAMERA_COLUMNS
#undef CUSTOS_REGISTRY_COLUMNS

// ?1 camera, ?2 state, ?3 last_error, ?4 now, ?5..?8 counters. The SET expressions see
// the old row, so since_wall_90k moves only when the state changes.
inline constexpr char kUpsertCameraState[] =
    "INSERT INTO camera_state (camera_id, state, last_error, since_wall_90k, updated_wall_90k, frames, bytes, "
    "lost_packets, reconnects) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (camera_id) DO UPDATE SET "
    "since_wall_90k = CASE WHEN camera_state.state = excluded.state THEN camera_state.since_wall_90k "
    "ELSE excluded.since_wall_90k END, "
    "state = excluded.state, last_error = excluded.last_error, updated_wall_90k = excluded.updated_wall_90k, "
    "frames = excluded.frames, bytes = excluded.bytes, lost_packets = excluded.lost_packets, "
    "reconnects = excluded.reconnects";

// ---- video parameters ----

inline constexpr char kInsertVideoParams[] =
    "INSERT INTO video_params (codec, width, height, rfc6381_codec, decoder_config, sha256) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (sha256) DO NOTHING";
inline constexpr char kSelectVideoParamsId[] = "SELECT id FROM video_params WHERE sha256 = ?1";
inline constexpr char kSelectVideoParams[] =
    "SELECT codec, width, height, rfc6381_codec, decoder_config FROM video_params WHERE id = ?1";

// ---- recordings ----

inline constexpr char kInsertRecording[] =
    "INSERT INTO recording (camera_id, file_path, state, start_wall_90k, media_start_90k, video_params_id, "
    "open_reason, created_wall_90k) VALUES (?1, ?2, 'writing', ?3, ?4, ?5, ?6, ?7)";
inline constexpr char kSelectRecordingStatus[] =
    "SELECT state, start_wall_90k, frames FROM recording WHERE id = ?1";
inline constexpr char kFinishRecording[] =
    "UPDATE recording SET state = ?2, end_wall_90k = ?3, media_duration_90k = ?4, bytes = ?5, frames = ?6, "
    "key_frames = ?7, frame_index = ?8 WHERE id = ?1 AND state = 'writing'";
inline constexpr char kRaiseMaxRecordingSpan[] =
    "UPDATE meta SET max_recording_span_90k = MAX(max_recording_span_90k, ?1) WHERE id = 1";
inline constexpr char kSelectFrameIndex[] = "SELECT state, frame_index FROM recording WHERE id = ?1";
inline constexpr char kDeleteEmptyRecording[] =
    "DELETE FROM recording WHERE id = ?1 AND (state = 'writing' OR frames = 0)";

#define CUSTOS_RECORDING_COLUMNS                                                                                \
  "SELECT id, camera_id, file_path, state, start_wall_90k, end_wall_90k, media_start_90k, media_duration_90k, " \
  "bytes, frames, key_frames, video_params_id, open_reason, created_wall_90k FROM recording "

inline constexpr char kSelectRecording[] = CUSTOS_RECORDING_COLUMNS "WHERE id = ?1";
// Served by the partial index recording_open.
inline constexpr char kSelectOpenRecordings[] = CUSTOS_RECORDING_COLUMNS
    "WHERE state = 'writing' ORDER BY camera_id, start_wall_90k";
// Finished recordings with frames and no chain link (integrity_store.cc).
inline constexpr char kSelectUnsealedRecordings[] = CUSTOS_RECORDING_COLUMNS
    "WHERE state <> 'writing' AND frames > 0 AND id NOT IN (SELECT recording_id FROM chain_link) ORDER BY id";
// ?1 camera, ?2 from, ?3 to. Ordering by end (the index's order) keeps the planner on
// recording_camera_end_start, which seeks to `from`; the caller sorts by start. A finished
// recording that starts before `to` ends before `to` + the longest span, which bounds the
// index range read to the window (meta.max_recording_span_90k).
#define CUSTOS_END_BOUND "end_wall_90k < ?3 + (SELECT max_recording_span_90k FROM meta WHERE id = 1) "
inline constexpr char kSelectFinishedRecordingsInRange[] = CUSTOS_RECORDING_COLUMNS
    "WHERE camera_id = ?1 AND end_wall_90k > ?2 AND " CUSTOS_END_BOUND
    "AND start_wall_90k < ?3 ORDER BY end_wall_90k, start_wall_90k";
// ?1 camera, ?2 to.
inline constexpr char kSelectOpenRecordingsInRange[] = CUSTOS_RECORDING_COLUMNS
    "WHERE camera_id = ?1 AND state = 'writing' AND start_wall_90k < ?2";
// Retention candidates: ?1 camera, ?2 ended by; oldest first (recording_camera_end_start).
inline constexpr char kSelectRecordingsEndedBy[] = CUSTOS_RECORDING_COLUMNS
    "WHERE camera_id = ?1 AND end_wall_90k <= ?2 ORDER BY start_wall_90k, id";

#undef CUSTOS_RECORDING_COLUMNS

// The timeline reads only the covering index.
inline constexpr char kSelectFinishedSpansInRange[] =
    "SELECT id, start_wall_90k, end_wall_90k FROM recording "
    "WHERE camera_id = ?1 AND end_wall_90k > ?2 AND " CUSTOS_END_BOUND
    "AND start_wall_90k < ?3 ORDER BY end_wall_90k, start_wall_90k";
#undef CUSTOS_END_BOUND
inline constexpr char kSelectOpenSpansInRange[] =
    "SELECT id, start_wall_90k, end_wall_90k FROM recording "
    "WHERE camera_id = ?1 AND state = 'writing' AND start_wall_90k < ?2";

// ---- gaps ----

inline constexpr char kInsertGap[] =
    "INSERT INTO gap (camera_id, start_wall_90k, reason, detail) VALUES (?1, ?2, ?3, ?4)";
inline constexpr char kCloseGap[] =
    "UPDATE gap SET end_wall_90k = ?2 WHERE id = ?1 AND end_wall_90k IS NULL AND start_wall_90k <= ?2";

#define CUSTOS_GAP_COLUMNS "SELECT id, camera_id, start_wall_90k, end_wall_90k, reason, detail FROM gap "

inline constexpr char kSelectGap[] = CUSTOS_GAP_COLUMNS "WHERE id = ?1";
inline constexpr char kSelectOpenGap[] = CUSTOS_GAP_COLUMNS "WHERE camera_id = ?1 AND end_wall_90k IS NULL";
// ?1 camera, ?2 from, ?3 to; as for recordings.
inline constexpr char kSelectClosedGapsInRange[] = CUSTOS_GAP_COLUMNS
    "WHERE camera_id = ?1 AND end_wall_90k > ?2 AND start_wall_90k < ?3 ORDER BY end_wall_90k, start_wall_90k";
// ?1 camera, ?2 to.
inline constexpr char kSelectOpenGapInRange[] = CUSTOS_GAP_COLUMNS
    "WHERE camera_id = ?1 AND end_wall_90k IS NULL AND start_wall_90k < ?2";

#undef CUSTOS_GAP_COLUMNS

// ---- Integrity (integrity_store.cc) ----

#define CUSTOS_LINK_COLUMNS                                                                                   \
  "SELECT camera_id, seq, recording_id, file_sha256, file_bytes, start_wall_90k, end_wall_90k, frames, "      \
  "prev_chain_hash, chain_hash, sealed_wall_90k FROM chain_link "
inline constexpr char kSelectLinksBySeq[] =
    CUSTOS_LINK_COLUMNS "WHERE camera_id = ?1 AND seq BETWEEN ?2 AND ?3 ORDER BY seq";
inline constexpr char kSelectLinkOfRecording[] = CUSTOS_LINK_COLUMNS "WHERE recording_id = ?1";
inline constexpr char kSelectChainHead[] = CUSTOS_LINK_COLUMNS "WHERE camera_id = ?1 ORDER BY seq DESC LIMIT 1";
inline constexpr char kSelectChainedCameras[] = "SELECT DISTINCT camera_id FROM chain_link ORDER BY camera_id";
inline constexpr char kInsertLink[] =
    "INSERT INTO chain_link (recording_id, camera_id, seq, file_sha256, file_bytes, start_wall_90k, end_wall_90k, "
    "frames, prev_chain_hash, chain_hash, sealed_wall_90k) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
#undef CUSTOS_LINK_COLUMNS

#define CUSTOS_CHECKPOINT_COLUMNS \
  "SELECT id, camera_id, seq, recording_id, chain_hash, signed_wall_90k, public_key, signature FROM chain_checkpoint "
inline constexpr char kSelectCheckpoints[] = CUSTOS_CHECKPOINT_COLUMNS "WHERE camera_id = ?1 ORDER BY seq, id";
inline constexpr char kSelectLatestCheckpoint[] =
    CUSTOS_CHECKPOINT_COLUMNS "WHERE camera_id = ?1 ORDER BY seq DESC, id DESC LIMIT 1";
inline constexpr char kInsertCheckpoint[] =
    "INSERT INTO chain_checkpoint (camera_id, seq, recording_id, chain_hash, signed_wall_90k, public_key, signature) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
#undef CUSTOS_CHECKPOINT_COLUMNS

}  // namespace custos::sql
