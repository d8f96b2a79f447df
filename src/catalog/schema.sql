-- schema.sql: the Custos catalog, schema version 3 (the source of truth).
--
-- CMake embeds this file into the binary (embed_sql.cmake -> schema_sql.h); schema.cc runs
-- it on an empty database inside one transaction. A change to this file needs a new
-- schema version and an upgrade step in schema.cc for existing databases.
--
-- Conventions. Wall times are `*_wall_90k`: 90 kHz ticks since 1970-01-01T00:00:00Z (UTC).
-- Media times are `*_90k` in a file's own timeline. Sizes are `*_bytes` or `bytes`.
-- Booleans are 0/1. Tables are STRICT (SQLite >= 3.37) so a wrong type is an error, not a
-- silent conversion; the PostgreSQL variant drops STRICT and maps BLOB to BYTEA, INTEGER
-- to BIGINT and the triggers to PL/pgSQL. The queries in *_store.cc avoid SQLite-only SQL.

-- One row describing this database.
CREATE TABLE meta (
  -- Always 1: the table holds exactly one row.
  id INTEGER PRIMARY KEY CHECK (id = 1),
  -- The schema version this database is at; the code refuses one newer than it knows.
  schema_version INTEGER NOT NULL,
  -- A random UUID (RFC 4122 version 4, lower-case text) naming this installation; it
  -- tells apart exports and audit records of different installations.
  uuid TEXT NOT NULL CHECK (length(uuid) = 36),
  -- When this database was created.
  created_wall_90k INTEGER NOT NULL,
  -- The longest end_wall_90k - start_wall_90k of any finished recording (version 2). Range
  -- queries bound end_wall_90k by `to` plus this, so that the index range they read is
  -- the asked window, not everything after `from` (bench/README.md: timeline query).
  max_recording_span_90k INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Counters that tell other processes a configuration changed. The daemon polls
-- cameras_version every second (Catalog::CamerasVersion) and reloads cameras when it moves.
CREATE TABLE config_version (
  -- Always 1: the table holds exactly one row.
  id INTEGER PRIMARY KEY CHECK (id = 1),
  -- Incremented by the camera_* triggers below on every insert, update or delete of a
  -- camera row, in the same transaction. Starts at 0; never decreases.
  cameras_version INTEGER NOT NULL
) STRICT;

INSERT INTO config_version (id, cameras_version) VALUES (1, 0);

-- A camera: a configured video source. Rows are never deleted while recordings refer to
-- them; removing a camera sets deleted_wall_90k (recordings must outlive the camera for
-- their retention period: REQUIREMENTS R403, R501).
CREATE TABLE camera (
  -- A short id chosen by the user, also used in file paths and URLs: [a-z0-9_-]{1,64}.
  id TEXT PRIMARY KEY NOT NULL
    CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^a-z0-9_-]*'),
  -- A human-readable name for UIs; defaults to the id.
  name TEXT NOT NULL,
  -- The RTSP URL, rtsp:// or rtsps://, without credentials (the code rejects user:pass@).
  url TEXT NOT NULL,
  -- The RTSP user name; '' for none.
  username TEXT NOT NULL DEFAULT '',
  -- The RTSP password, in plain text for now: anyone who can read this file can read it.
  -- It must be encrypted (or moved to a secret store) before a production release.
  password TEXT NOT NULL DEFAULT '',
  -- How RTP travels: 'tcp' (interleaved in the RTSP connection) or 'udp'.
  transport TEXT NOT NULL DEFAULT 'tcp' CHECK (transport IN ('tcp', 'udp')),
  -- 1 if the daemon should record this camera, 0 if it is configured but paused.
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  -- When the camera was first added.
  created_wall_90k INTEGER NOT NULL,
  -- When the configuration was last changed (add, update, remove).
  updated_wall_90k INTEGER NOT NULL,
  -- When the camera was removed; NULL while it is active. A removed camera is not
  -- recorded and not listed by default; its recordings stay until retention ends.
  deleted_wall_90k INTEGER,
  -- A JSON object for fields added by later features (registry data: owner unit,
  -- address, coordinates, site category...) before they earn columns. Never NULL.
  extra_json TEXT NOT NULL DEFAULT '{}'
    CHECK (json_valid(extra_json) AND json_type(extra_json) = 'object')
) STRICT;

CREATE TRIGGER camera_insert_bumps_version AFTER INSERT ON camera
BEGIN
  UPDATE config_version SET cameras_version = cameras_version + 1 WHERE id = 1;
END;

CREATE TRIGGER camera_update_bumps_version AFTER UPDATE ON camera
BEGIN
  UPDATE config_version SET cameras_version = cameras_version + 1 WHERE id = 1;
END;

CREATE TRIGGER camera_delete_bumps_version AFTER DELETE ON camera
BEGIN
  UPDATE config_version SET cameras_version = cameras_version + 1 WHERE id = 1;
END;

-- What the daemon last reported about a camera; one row per camera it has run. Written
-- by the daemon only (no version bump: it is not configuration).
CREATE TABLE camera_state (
  -- The camera this row describes.
  camera_id TEXT PRIMARY KEY NOT NULL REFERENCES camera (id),
  -- The session state.
  state TEXT NOT NULL CHECK (state IN ('starting', 'connecting', 'recording', 'offline',
                                       'auth_failed', 'error')),
  -- The last error the daemon saw for this camera, for humans; '' if none.
  last_error TEXT NOT NULL DEFAULT '',
  -- When the camera entered `state` (kept while the state is reported unchanged).
  since_wall_90k INTEGER NOT NULL,
  -- When the daemon last wrote this row; a stale value means the daemon is not running.
  updated_wall_90k INTEGER NOT NULL,
  -- Counters since the daemon started this camera (they restart with the daemon):
  -- complete frames received,
  frames INTEGER NOT NULL DEFAULT 0 CHECK (frames >= 0),
  -- bytes of frame data received,
  bytes INTEGER NOT NULL DEFAULT 0 CHECK (bytes >= 0),
  -- RTP packets lost (sequence-number gaps),
  lost_packets INTEGER NOT NULL DEFAULT 0 CHECK (lost_packets >= 0),
  -- and reconnections after the first connection.
  reconnects INTEGER NOT NULL DEFAULT 0 CHECK (reconnects >= 0)
) STRICT;

-- Video sample entries (codec parameters), deduplicated: thousands of recordings share one
-- row. A change of parameters starts a new recording with open_reason 'params_changed'.
CREATE TABLE video_params (
  -- Referred to by recording.video_params_id.
  id INTEGER PRIMARY KEY,
  -- 'h264' or 'h265'.
  codec TEXT NOT NULL CHECK (codec IN ('h264', 'h265')),
  -- Picture size in pixels, after cropping.
  width INTEGER NOT NULL CHECK (width BETWEEN 0 AND 65535),
  height INTEGER NOT NULL CHECK (height BETWEEN 0 AND 65535),
  -- The RFC 6381 codec string, e.g. 'avc1.4d401f', for MSE and HLS manifests.
  rfc6381_codec TEXT NOT NULL,
  -- The payload of the avcC or hvcC box (includes the parameter sets).
  decoder_config BLOB NOT NULL,
  -- SHA-256 of (codec, width, height, rfc6381_codec, decoder_config): the dedup key.
  sha256 BLOB NOT NULL UNIQUE CHECK (length(sha256) = 32)
) STRICT;

-- A recording: one fragmented MP4 file of about a minute, from one camera.
CREATE TABLE recording (
  -- Assigned on insert; also orders recordings of a camera by creation.
  id INTEGER PRIMARY KEY,
  -- The camera recorded.
  camera_id TEXT NOT NULL REFERENCES camera (id),
  -- The file, relative to the data directory, e.g. 'gate/2026/11/23/16/39-00-000123.mp4'.
  file_path TEXT NOT NULL UNIQUE,
  -- 'writing' while the daemon has the file open; 'complete' when it closed it;
  -- 'recovered' when crash recovery (fsck) rebuilt the summary from the file.
  state TEXT NOT NULL CHECK (state IN ('writing', 'complete', 'recovered')),
  -- Wall time of the first frame.
  start_wall_90k INTEGER NOT NULL,
  -- Wall time just after the last frame (start + its wall duration); NULL while writing.
  end_wall_90k INTEGER CHECK (end_wall_90k >= start_wall_90k),
  -- The first frame's decode time in the file's own media timeline (its tfdt).
  media_start_90k INTEGER NOT NULL,
  -- The sum of the frame durations in the media timeline; 0 while writing. It may
  -- differ slightly from end - start when the camera's clock drifts from ours.
  media_duration_90k INTEGER NOT NULL DEFAULT 0 CHECK (media_duration_90k >= 0),
  -- The file's size on disk, headers included; 0 while writing.
  bytes INTEGER NOT NULL DEFAULT 0 CHECK (bytes >= 0),
  -- The number of frames, and of key frames among them; 0 while writing.
  frames INTEGER NOT NULL DEFAULT 0 CHECK (frames >= 0),
  key_frames INTEGER NOT NULL DEFAULT 0 CHECK (key_frames BETWEEN 0 AND frames),
  -- The codec parameters of every frame in the file.
  video_params_id INTEGER NOT NULL REFERENCES video_params (id),
  -- The per-frame index (frame_index.h): durations, sizes, key flags, fragment offsets.
  -- NULL while writing.
  frame_index BLOB,
  -- Why this file was started: 'start' (first after the camera started), 'rotate' (the
  -- previous file reached its length), 'params_changed', 'reconnect', 'discontinuity'.
  open_reason TEXT NOT NULL CHECK (open_reason IN ('start', 'rotate', 'params_changed',
                                                   'reconnect', 'discontinuity')),
  -- When the row was inserted.
  created_wall_90k INTEGER NOT NULL,
  -- Exactly the open recordings lack an end and an index.
  CHECK ((state = 'writing') = (end_wall_90k IS NULL)),
  CHECK ((state = 'writing') = (frame_index IS NULL))
) STRICT;

-- Recordings of a camera in start order: retention (oldest first), lookups by time.
CREATE INDEX recording_camera_start ON recording (camera_id, start_wall_90k);

-- Covers the timeline and range queries: `camera_id = ? AND end_wall_90k > from AND
-- start_wall_90k < to` seeks to `from` and reads (end, start, id) from the index alone.
CREATE INDEX recording_camera_end_start ON recording (camera_id, end_wall_90k, start_wall_90k);

-- The few open recordings, for crash recovery and for ranges that reach "now".
CREATE INDEX recording_open ON recording (camera_id, start_wall_90k) WHERE state = 'writing';

-- A span of time in which a camera should have been recorded but was not, and why.
CREATE TABLE gap (
  -- Assigned on insert.
  id INTEGER PRIMARY KEY,
  -- The camera not recorded.
  camera_id TEXT NOT NULL REFERENCES camera (id),
  -- When the gap began (the end of the last frame written, if known).
  start_wall_90k INTEGER NOT NULL,
  -- When recording resumed; NULL while the gap is open.
  end_wall_90k INTEGER CHECK (end_wall_90k >= start_wall_90k),
  -- Why: 'camera_offline', 'auth_failed', 'packet_loss', 'restart', 'discontinuity',
  -- 'disk_full', 'storage_error', 'overload', 'disabled'. No CHECK here, so that new
  -- reasons need no table rebuild; the code maps unknown text to an error.
  reason TEXT NOT NULL,
  -- Details for humans (an error message, a packet count); '' if none.
  detail TEXT NOT NULL DEFAULT ''
) STRICT;

-- Range queries, as for recordings; `end_wall_90k IS NULL` finds the open gap.
CREATE INDEX gap_camera_end_start ON gap (camera_id, end_wall_90k, start_wall_90k);

-- At most one open gap per camera.
CREATE UNIQUE INDEX gap_open ON gap (camera_id) WHERE end_wall_90k IS NULL;

-- ---- Integrity (version 3): the per-camera hash chain of recording files, and its
-- signed checkpoints (docs/design/integrity.md). Neither table refers to `recording` by
-- foreign key: a link outlives its recording, so that a recording that disappears is seen.

-- One link per sealed (finished) recording file, per camera in seal order. Written once,
-- never updated; ComputeChainHash (src/integrity/chain.h) covers every column but
-- sealed_wall_90k, and copies of the recording's values so a package can carry the link.
CREATE TABLE chain_link (
  -- The recording sealed (recording.id); a recording is sealed at most once.
  recording_id INTEGER PRIMARY KEY,
  -- Its camera.
  camera_id TEXT NOT NULL,
  -- 1, 2, 3, ... per camera, without holes.
  seq INTEGER NOT NULL CHECK (seq >= 1),
  -- SHA-256 of the whole file as closed (headers included), and its size.
  file_sha256 BLOB NOT NULL CHECK (length(file_sha256) = 32),
  file_bytes INTEGER NOT NULL CHECK (file_bytes >= 0),
  -- Copies of the recording's start, end and frame count when sealed.
  start_wall_90k INTEGER NOT NULL,
  end_wall_90k INTEGER NOT NULL,
  frames INTEGER NOT NULL,
  -- The previous link's chain_hash (32 zero bytes for seq 1), and this link's.
  prev_chain_hash BLOB NOT NULL CHECK (length(prev_chain_hash) = 32),
  chain_hash BLOB NOT NULL CHECK (length(chain_hash) = 32),
  -- When it was sealed.
  sealed_wall_90k INTEGER NOT NULL,
  UNIQUE (camera_id, seq)
) STRICT;

-- A signed statement that a camera's chain held link `seq` with hash `chain_hash`:
-- made every N links or T minutes per camera, at shutdown, and for an export package.
CREATE TABLE chain_checkpoint (
  -- Assigned on insert.
  id INTEGER PRIMARY KEY,
  camera_id TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  recording_id INTEGER NOT NULL,
  chain_hash BLOB NOT NULL CHECK (length(chain_hash) = 32),
  -- When it was signed; part of the signed message.
  signed_wall_90k INTEGER NOT NULL,
  -- The node's Ed25519 public key (DATA/secrets/node.ed25519) and its signature of
  -- CheckpointMessage() (src/integrity/chain.h).
  public_key BLOB NOT NULL CHECK (length(public_key) = 32),
  signature BLOB NOT NULL CHECK (length(signature) = 64)
) STRICT;

-- A camera's checkpoints in chain order (the latest, and fsck's walk).
CREATE INDEX chain_checkpoint_camera_seq ON chain_checkpoint (camera_id, seq);

-- ---- Retention (schema v4; src/retention, docs/design/retention.md) ----

-- An evidence hold (R502): a camera's footage in [from, to) kept past every retention rule
-- until it expires or a second person approves its release. Rows are never deleted.
CREATE TABLE retention_hold (
  -- Assigned on insert.
  id INTEGER PRIMARY KEY,
  -- The camera whose recordings are held.
  camera_id TEXT NOT NULL REFERENCES camera (id),
  -- The footage held: recordings overlapping [from, to).
  from_wall_90k INTEGER NOT NULL,
  to_wall_90k INTEGER NOT NULL CHECK (to_wall_90k > from_wall_90k),
  -- The case it is evidence for; required.
  case_ref TEXT NOT NULL CHECK (case_ref <> ''),
  -- Who placed it, and when.
  created_by TEXT NOT NULL CHECK (created_by <> ''),
  created_wall_90k INTEGER NOT NULL,
  -- When it lapses by itself (the profile's long period); NULL: only by release.
  until_wall_90k INTEGER,
  -- A release asked for, and by whom; NULL if none.
  release_requested_by TEXT,
  release_requested_wall_90k INTEGER,
  -- The second person who approved the release, and when; NULL while the hold stands.
  released_by TEXT,
  released_wall_90k INTEGER,
  CHECK (released_by IS NULL OR (release_requested_by IS NOT NULL AND released_by <> release_requested_by))
) STRICT;

-- Holds of a camera, for the check made before every retention delete.
CREATE INDEX retention_hold_camera ON retention_hold (camera_id, to_wall_90k);

-- A camera's optional maximum retention (R503): its footage is deleted this many days after
-- it ends (never before the profile's minimum, never while held). No row: the profile's rule.
CREATE TABLE camera_retention (
  camera_id TEXT PRIMARY KEY REFERENCES camera (id),
  max_retention_days INTEGER NOT NULL CHECK (max_retention_days > 0)
) STRICT;

-- Recordings whose row retention has deleted but whose file may still exist: the file is
-- unlinked after the row moves here, and this row goes after the unlink (crash-safe order,
-- docs/design/retention.md). recording_id is the deleted recording's id.
CREATE TABLE recording_garbage (
  recording_id INTEGER PRIMARY KEY,
  camera_id TEXT NOT NULL,
  file_path TEXT NOT NULL,
  deleted_wall_90k INTEGER NOT NULL
) STRICT;

-- ---- Version 5, access (issue "Govern"): users, roles, camera groups and assignments,
-- ---- retrieval requests (REQUIREMENTS R401, R402, R404-R406). docs/design/access.md.

-- A person who logs in. Rows are never deleted (the audit and the retrieval register name
-- them); a user who leaves is disabled.
CREATE TABLE app_user (
  -- The login name: [a-z0-9_.-]{1,64}.
  name TEXT PRIMARY KEY NOT NULL
    CHECK (length(name) BETWEEN 1 AND 64 AND name NOT GLOB '*[^a-z0-9_.-]*'),
  -- The person's name as shown, and their unit (R401: "the person's unit and name").
  display_name TEXT NOT NULL DEFAULT '',
  unit TEXT NOT NULL DEFAULT '',
  -- libsodium crypto_pwhash_str output: '$argon2id$v=19$m=...' (never the password).
  password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  -- 1: may not log in; existing sessions stop at their next request.
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  -- Failed logins in a row since the last success; reset by a success or a new password.
  failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  -- Logins are refused before this wall time (lockout); 0 when not locked.
  locked_until_wall_90k INTEGER NOT NULL DEFAULT 0,
  created_wall_90k INTEGER NOT NULL,
  updated_wall_90k INTEGER NOT NULL,
  password_changed_wall_90k INTEGER NOT NULL
) STRICT;

-- The roles of a user (src/access/roles.h; what each allows is src/api/authorize.cc).
CREATE TABLE user_role (
  user_name TEXT NOT NULL REFERENCES app_user (name),
  role TEXT NOT NULL CHECK (role IN ('administrator', 'duty_operator', 'investigator', 'approver',
                                     'auditor', 'maintainer')),
  PRIMARY KEY (user_name, role)
) STRICT;

-- A named set of cameras, for assignments.
CREATE TABLE camera_group (
  -- [a-z0-9_.-]{1,64}.
  name TEXT PRIMARY KEY NOT NULL
    CHECK (length(name) BETWEEN 1 AND 64 AND name NOT GLOB '*[^a-z0-9_.-]*'),
  description TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE camera_group_member (
  group_name TEXT NOT NULL REFERENCES camera_group (name),
  camera_id TEXT NOT NULL REFERENCES camera (id),
  PRIMARY KEY (group_name, camera_id)
) STRICT;

-- Which cameras a user is assigned to (live view for a duty operator): one camera or one
-- group per row, exactly one of the two set.
CREATE TABLE camera_assignment (
  user_name TEXT NOT NULL REFERENCES app_user (name),
  camera_id TEXT REFERENCES camera (id),
  group_name TEXT REFERENCES camera_group (name),
  CHECK ((camera_id IS NULL) <> (group_name IS NULL))
) STRICT;

CREATE UNIQUE INDEX camera_assignment_unique ON camera_assignment (user_name, COALESCE(camera_id, ''),
                                                                   COALESCE(group_name, ''));

-- A request to retrieve recorded footage (R401, R405, R406), and its decisions. Never
-- deleted: it is the retrieval register.
CREATE TABLE retrieval_request (
  id INTEGER PRIMARY KEY,
  -- The investigator who filed it; the grant is theirs.
  requester TEXT NOT NULL REFERENCES app_user (name),
  -- 'playback' (watch in Custos) or 'export' (a copy leaves: two approvers).
  kind TEXT NOT NULL CHECK (kind IN ('playback', 'export')),
  -- JSON array of camera ids, at least one.
  camera_ids_json TEXT NOT NULL CHECK (json_valid(camera_ids_json) AND json_type(camera_ids_json) = 'array'),
  -- The footage asked for: [from, to).
  from_wall_90k INTEGER NOT NULL,
  to_wall_90k INTEGER NOT NULL CHECK (to_wall_90k > from_wall_90k),
  purpose TEXT NOT NULL,
  case_ref TEXT NOT NULL,
  -- The reference of the police approval document (R405); '' only for an emergency.
  approval_doc_ref TEXT NOT NULL DEFAULT '',
  -- JSON array of {"name", "id_number", "work_permit"}: the persons present (R405).
  persons_json TEXT NOT NULL CHECK (json_valid(persons_json) AND json_type(persons_json) = 'array'),
  -- Where a copy goes (unit, medium); '' for playback inside Custos.
  destination TEXT NOT NULL DEFAULT '',
  -- 1: an emergency retrieval (R406), granted at filing and approved afterwards.
  emergency INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0, 1)),
  -- 'pending' (waiting for approvals), 'approved', 'rejected'. An emergency request is
  -- 'pending' until approved after the fact, but granted meanwhile.
  state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
  -- The jurisdiction profile whose rules it was checked against.
  profile TEXT NOT NULL,
  created_wall_90k INTEGER NOT NULL,
  -- The first and second approvers ('' until they approve) and when.
  approver1 TEXT NOT NULL DEFAULT '',
  approved1_wall_90k INTEGER,
  approver2 TEXT NOT NULL DEFAULT '',
  approved2_wall_90k INTEGER,
  -- Who rejected it, when and why.
  rejected_by TEXT NOT NULL DEFAULT '',
  rejected_wall_90k INTEGER,
  reject_reason TEXT NOT NULL DEFAULT '',
  -- The grant ends at this wall time (set at approval, or at filing for an emergency).
  expires_wall_90k INTEGER
) STRICT;

CREATE INDEX retrieval_request_requester ON retrieval_request (requester, state);

-- ---- Version 6, privacy zones (src/privacy, docs/design/privacy.md) ----

-- Privacy zones of a camera (R104): polygons always filled opaquely in decoded output.
-- `zones_json` is the list written by src/privacy (ZonesToJson): [{"name", "points":
-- [[x, y], ...]}], coordinates as fractions 0..1 of width and height; validated there.
CREATE TABLE camera_privacy_zones (
  camera_id TEXT PRIMARY KEY REFERENCES camera (id),
  zones_json TEXT NOT NULL,
  -- When they were last set (an audit record says by whom).
  updated_wall_90k INTEGER NOT NULL
) STRICT;
-- ---- Version 7: the registry, filings and records of Govern (src/govern) ----
-- Written only through govern::Registry and govern::Filings, which apply the rules (R103
-- private places, R206 acceptance before use) before anything reaches these tables.

-- Installation-wide settings of Govern, as key/value text: 'profile' (the jurisdiction
-- profile's name, e.g. 'national-2025'; absent means the default, national-2025).
CREATE TABLE govern_setting (
  -- The setting's name.
  key TEXT PRIMARY KEY NOT NULL,
  -- Its value, as text.
  value TEXT NOT NULL,
  -- When it was last set.
  updated_wall_90k INTEGER NOT NULL
) STRICT;

-- The registry entry of a camera (R101, R105, R107, R108): one row per registered camera.
-- A camera without a row is unregistered (added before version 3): the upgrade step gives
-- every existing camera a row in 'in_use' without an acceptance date, which the compliance
-- report shows as an open R206 question.
CREATE TABLE camera_registry (
  -- The camera.
  camera_id TEXT PRIMARY KEY NOT NULL REFERENCES camera (id),
  -- The owning or operating unit.
  owning_unit TEXT NOT NULL DEFAULT '',
  -- The address (or address code) of the capture point.
  address TEXT NOT NULL DEFAULT '',
  -- WGS 84 coordinates in degrees; NULL when not known.
  latitude REAL CHECK (latitude BETWEEN -90 AND 90),
  longitude REAL CHECK (longitude BETWEEN -180 AND 180),
  -- A category id of profiles/site-categories.json (R102); '' when not known. Never a
  -- private category (R103): govern::Registry refuses those.
  site_category TEXT NOT NULL DEFAULT '',
  -- Where at the site: entrance, main passage, key part, other.
  position TEXT NOT NULL DEFAULT 'other'
    CHECK (position IN ('entrance', 'main_passage', 'key_part', 'other')),
  -- Equipment type (e.g. 'bullet', 'dome', 'ptz') and model.
  equipment_type TEXT NOT NULL DEFAULT '',
  equipment_model TEXT NOT NULL DEFAULT '',
  -- Commissioning date, 'YYYY-MM-DD', or ''.
  commissioned_on TEXT NOT NULL DEFAULT '',
  -- The lifecycle state. Only 'in_use' and 'changed' cameras are recorded (R206).
  lifecycle TEXT NOT NULL DEFAULT 'planned'
    CHECK (lifecycle IN ('planned', 'accepted', 'in_use', 'changed', 'dismantled')),
  -- The date the lifecycle state was entered, 'YYYY-MM-DD' (filing deadlines count from it).
  lifecycle_since TEXT NOT NULL DEFAULT '',
  -- The date acceptance was passed, 'YYYY-MM-DD', and its reference (report number); ''
  -- when not accepted (or not known, for cameras from before version 3).
  accepted_on TEXT NOT NULL DEFAULT '',
  acceptance_ref TEXT NOT NULL DEFAULT '',
  -- R105: 1 if a conspicuous sign is in place, and the evidence (photo reference, note).
  signage INTEGER NOT NULL DEFAULT 0 CHECK (signage IN (0, 1)),
  signage_evidence TEXT NOT NULL DEFAULT '',
  -- R107: 1 if the system is government-invested.
  government_invested INTEGER NOT NULL DEFAULT 0 CHECK (government_invested IN (0, 1)),
  -- R108: the consent reference of a nearby military zone or classified unit; '' if none.
  military_consent_ref TEXT NOT NULL DEFAULT '',
  -- R108: 1 if the site is near a military zone or classified unit (then consent is needed).
  near_military_zone INTEGER NOT NULL DEFAULT 0 CHECK (near_military_zone IN (0, 1)),
  -- When the row was last written.
  updated_wall_90k INTEGER NOT NULL
) STRICT;

-- A registry change moves the cameras version too: the daemon starts or stops recording
-- on lifecycle changes within a second.
CREATE TRIGGER camera_registry_insert_bumps_version AFTER INSERT ON camera_registry
BEGIN
  UPDATE config_version SET cameras_version = cameras_version + 1 WHERE id = 1;
END;

CREATE TRIGGER camera_registry_update_bumps_version AFTER UPDATE ON camera_registry
BEGIN
  UPDATE config_version SET cameras_version = cameras_version + 1 WHERE id = 1;
END;

-- A filing owed to the public security organ (R201-R203). Due dates are not stored: they
-- are computed from trigger_on and the active profile (a profile change recomputes them).
CREATE TABLE filing (
  -- Assigned on insert.
  id INTEGER PRIMARY KEY,
  -- 'system' (the system went into use or passed acceptance), 'change' (a change to a
  -- system in use), 'dismantling'.
  kind TEXT NOT NULL CHECK (kind IN ('system', 'change', 'dismantling')),
  -- The camera whose event caused it; '' for the system as a whole.
  camera_id TEXT NOT NULL DEFAULT '',
  -- The date of the event, 'YYYY-MM-DD': going into use, the change, the dismantling.
  -- Whether the system existed before the profile's rules is computed from it.
  trigger_on TEXT NOT NULL,
  -- For a system filing: the acceptance date of the camera that put the system into use
  -- (profiles that count from acceptance, ND and NC, use it); '' otherwise.
  accepted_on TEXT NOT NULL DEFAULT '',
  -- What happened, for humans.
  detail TEXT NOT NULL DEFAULT '',
  -- The date it was filed, 'YYYY-MM-DD', and the organ's receipt reference; '' while open.
  filed_on TEXT NOT NULL DEFAULT '',
  receipt_ref TEXT NOT NULL DEFAULT '',
  -- When the row was inserted.
  created_wall_90k INTEGER NOT NULL
) STRICT;

CREATE INDEX filing_open ON filing (kind, trigger_on) WHERE filed_on = '';

-- A document archived in DATA/documents/ (R205): design, construction, acceptance or
-- maintenance, with its SHA-256 so that a changed file is detected.
CREATE TABLE document (
  -- Assigned on insert.
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('design', 'construction', 'acceptance', 'maintenance')),
  -- A title for humans.
  title TEXT NOT NULL,
  -- The file, relative to the data directory: 'documents/<sha256>-<name>'.
  file_path TEXT NOT NULL UNIQUE,
  -- Lower-case hex SHA-256 of the file's bytes, and its size.
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  bytes INTEGER NOT NULL CHECK (bytes >= 0),
  -- The units and technicians involved (R205), free text.
  parties TEXT NOT NULL DEFAULT '',
  -- When it was archived.
  created_wall_90k INTEGER NOT NULL
) STRICT;

-- A dated operations record (R301-R304): training, maintenance, inspection or duty.
CREATE TABLE ops_record (
  -- Assigned on insert.
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('training', 'maintenance', 'inspection', 'duty')),
  -- The date it happened, 'YYYY-MM-DD'.
  on_date TEXT NOT NULL,
  -- The persons involved, free text.
  persons TEXT NOT NULL DEFAULT '',
  -- What was done.
  description TEXT NOT NULL,
  -- Who entered it, and when.
  entered_by TEXT NOT NULL DEFAULT '',
  created_wall_90k INTEGER NOT NULL
) STRICT;

-- ---- Version 8, lawful deletions in the integrity chain (docs/design/integrity.md,
-- ---- docs/design/retention.md) ----

-- A sealed recording that retention deleted. Its chain_link stays (so the chain still
-- verifies); this row says the file and row went lawfully. Written in the same transaction
-- as the delete (Catalog::DeleteRecordingForRetention) and never updated or deleted.
-- `custos fsck --verify` reports such a link as "deleted by retention" and checks the mark:
-- the recording must have ended at least the profile's minimum before `deleted_wall_90k`.
CREATE TABLE chain_link_deletion (
  -- The link (and recording id) whose file was deleted.
  recording_id INTEGER PRIMARY KEY REFERENCES chain_link (recording_id),
  -- When the delete was committed.
  deleted_wall_90k INTEGER NOT NULL,
  -- Which rule: the sweeper past the profile's minimum ('minimum_retention') or a camera's
  -- maximum ('maximum_retention'), freeing a low disk ('disk_pressure'), or a person's
  -- delete through Custos ('operator').
  rule TEXT NOT NULL
    CHECK (rule IN ('minimum_retention', 'maximum_retention', 'disk_pressure', 'operator')),
  -- 'system' for the sweeper, else the user name.
  deleted_by TEXT NOT NULL CHECK (deleted_by <> ''),
  -- The minimum retention in force then (informative: fsck checks today's profile).
  minimum_90k INTEGER NOT NULL CHECK (minimum_90k >= 0),
  -- The reference written in the retention_delete audit entry's detail ("ref ..."); '' if none.
  audit_ref TEXT NOT NULL DEFAULT ''
) STRICT;
