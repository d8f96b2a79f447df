// govern_sql.h: the SQL of the Govern tables (schema.sql, version 3): settings, camera
// registry, filings, documents, operations records. Parameters are numbered and bound by
// index. Thread-safety: constants.
#pragma once

namespace custos::sql {

inline constexpr char kSelectGovernSetting[] = "SELECT value FROM govern_setting WHERE key = ?1";
inline constexpr char kUpsertGovernSetting[] =
    "INSERT INTO govern_setting (key, value, updated_wall_90k) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_wall_90k = excluded.updated_wall_90k";

// ?1 camera .. ?20 updated (BindRegistry binds them, in schema order).
inline constexpr char kUpsertCameraRegistry[] =
    "INSERT INTO camera_registry (camera_id, owning_unit, address, latitude, longitude, site_category, position, "
    "equipment_type, equipment_model, commissioned_on, lifecycle, lifecycle_since, accepted_on, acceptance_ref, "
    "signage, signage_evidence, government_invested, near_military_zone, military_consent_ref, updated_wall_90k) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20) "
    "ON CONFLICT (camera_id) DO UPDATE SET owning_unit = excluded.owning_unit, address = excluded.address, "
    "latitude = excluded.latitude, longitude = excluded.longitude, site_category = excluded.site_category, "
    "position = excluded.position, equipment_type = excluded.equipment_type, "
    "equipment_model = excluded.equipment_model, commissioned_on = excluded.commissioned_on, "
    "lifecycle = excluded.lifecycle, lifecycle_since = excluded.lifecycle_since, "
    "accepted_on = excluded.accepted_on, acceptance_ref = excluded.acceptance_ref, signage = excluded.signage, "
    "signage_evidence = excluded.signage_evidence, government_invested = excluded.government_invested, "
    "near_military_zone = excluded.near_military_zone, military_consent_ref = excluded.military_consent_ref, "
    "updated_wall_90k = excluded.updated_wall_90k";
inline constexpr char kSelectActiveCameraExists[] =
    "SELECT count(*) FROM camera WHERE id = ?1 AND deleted_wall_90k IS NULL";

inline constexpr char kInsertFiling[] =
    "INSERT INTO filing (kind, camera_id, trigger_on, accepted_on, detail, created_wall_90k) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
inline constexpr char kSelectFilings[] =
    "SELECT id, kind, camera_id, trigger_on, accepted_on, detail, filed_on, receipt_ref, created_wall_90k "
    "FROM filing ORDER BY id";
inline constexpr char kSelectFilingFiledOn[] = "SELECT filed_on FROM filing WHERE id = ?1";
inline constexpr char kMarkFiled[] = "UPDATE filing SET filed_on = ?2, receipt_ref = ?3 WHERE id = ?1 AND filed_on = ''";

inline constexpr char kInsertDocument[] =
    "INSERT INTO document (kind, title, file_path, sha256, bytes, parties, created_wall_90k) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
inline constexpr char kSelectDocuments[] =
    "SELECT id, kind, title, file_path, sha256, bytes, parties, created_wall_90k FROM document ORDER BY id";

inline constexpr char kInsertOpsRecord[] =
    "INSERT INTO ops_record (kind, on_date, persons, description, entered_by, created_wall_90k) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
inline constexpr char kSelectOpsRecords[] =
    "SELECT id, kind, on_date, persons, description, entered_by, created_wall_90k FROM ops_record "
    "ORDER BY on_date, id";

}  // namespace custos::sql
