// access_sql.h: the SQL of the access tables (schema.sql, version 3): users, roles,
// camera groups and assignments, retrieval requests. Thread-safety: constants.
#pragma once

namespace custos::sql {

// ?1 name .. ?10 password_changed (BindUser binds them, in schema order).
inline constexpr char kInsertUser[] =
    "INSERT INTO app_user (name, display_name, unit, password_hash, disabled, failed_logins, "
    "locked_until_wall_90k, created_wall_90k, updated_wall_90k, password_changed_wall_90k) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
inline constexpr char kUpdateUser[] =
    "UPDATE app_user SET display_name = ?2, unit = ?3, password_hash = ?4, disabled = ?5, failed_logins = ?6, "
    "locked_until_wall_90k = ?7, updated_wall_90k = ?9, password_changed_wall_90k = ?10 WHERE name = ?1";
inline constexpr char kSelectUser[] =
    "SELECT name, display_name, unit, password_hash, disabled, failed_logins, locked_until_wall_90k, "
    "created_wall_90k, updated_wall_90k, password_changed_wall_90k FROM app_user WHERE name = ?1";
inline constexpr char kSelectUserNames[] = "SELECT name FROM app_user ORDER BY name";
inline constexpr char kCountUsers[] = "SELECT count(*) FROM app_user";
// ?1 name, ?2 failures that lock, ?3 locked until: counts a failure; the one that reaches
// the limit locks the account and starts the count again. (The right-hand sides read the
// row's old values.)
inline constexpr char kRecordFailedLogin[] =
    "UPDATE app_user SET failed_logins = CASE WHEN failed_logins + 1 >= ?2 THEN 0 ELSE failed_logins + 1 END, "
    "locked_until_wall_90k = CASE WHEN failed_logins + 1 >= ?2 THEN ?3 ELSE locked_until_wall_90k END "
    "WHERE name = ?1";
inline constexpr char kRecordGoodLogin[] = "UPDATE app_user SET failed_logins = 0 WHERE name = ?1";

inline constexpr char kSelectUserRoles[] = "SELECT role FROM user_role WHERE user_name = ?1 ORDER BY role";
inline constexpr char kDeleteUserRoles[] = "DELETE FROM user_role WHERE user_name = ?1";
inline constexpr char kInsertUserRole[] = "INSERT INTO user_role (user_name, role) VALUES (?1, ?2)";
inline constexpr char kSelectAssignments[] =
    "SELECT ifnull(camera_id, ''), ifnull(group_name, '') FROM camera_assignment WHERE user_name = ?1 "
    "ORDER BY camera_id, group_name";
inline constexpr char kDeleteAssignments[] = "DELETE FROM camera_assignment WHERE user_name = ?1";
inline constexpr char kInsertCameraAssignment[] =
    "INSERT INTO camera_assignment (user_name, camera_id) VALUES (?1, ?2)";
inline constexpr char kInsertGroupAssignment[] =
    "INSERT INTO camera_assignment (user_name, group_name) VALUES (?1, ?2)";
// The cameras a user is assigned, directly or through a group.
inline constexpr char kSelectAssignedCameras[] =
    "SELECT camera_id FROM camera_assignment WHERE user_name = ?1 AND camera_id IS NOT NULL "
    "UNION SELECT m.camera_id FROM camera_assignment a JOIN camera_group_member m ON m.group_name = a.group_name "
    "WHERE a.user_name = ?1 ORDER BY 1";

inline constexpr char kUpsertCameraGroup[] =
    "INSERT INTO camera_group (name, description) VALUES (?1, ?2) "
    "ON CONFLICT (name) DO UPDATE SET description = excluded.description";
inline constexpr char kDeleteGroupMembers[] = "DELETE FROM camera_group_member WHERE group_name = ?1";
inline constexpr char kInsertGroupMember[] = "INSERT INTO camera_group_member (group_name, camera_id) VALUES (?1, ?2)";
inline constexpr char kSelectCameraGroups[] =
    "SELECT g.name, g.description, ifnull(m.camera_id, '') FROM camera_group g "
    "LEFT JOIN camera_group_member m ON m.group_name = g.name ORDER BY g.name, m.camera_id";

#define CUSTOS_REQUEST_COLUMNS                                                                                   \
  "SELECT id, requester, kind, camera_ids_json, from_wall_90k, to_wall_90k, purpose, case_ref, "               \
  "approval_doc_ref, persons_json, destination, emergency, state, profile, created_wall_90k, approver1, "      \
  "approved1_wall_90k, approver2, approved2_wall_90k, rejected_by, rejected_wall_90k, reject_reason, "         \
  "expires_wall_90k FROM retrieval_request "

inline constexpr char kInsertRequest[] =
    "INSERT INTO retrieval_request (requester, kind, camera_ids_json, from_wall_90k, to_wall_90k, purpose, "
    "case_ref, approval_doc_ref, persons_json, destination, emergency, state, profile, created_wall_90k, "
    "expires_wall_90k) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
inline constexpr char kSelectRequest[] = CUSTOS_REQUEST_COLUMNS "WHERE id = ?1";
inline constexpr char kSelectAllRequests[] = CUSTOS_REQUEST_COLUMNS "ORDER BY id DESC";
inline constexpr char kSelectRequestsOf[] = CUSTOS_REQUEST_COLUMNS "WHERE requester = ?1 ORDER BY id DESC";
// The requester's grants in force at ?2: approved, or emergency, and not expired.
inline constexpr char kSelectActiveGrants[] = CUSTOS_REQUEST_COLUMNS
    "WHERE requester = ?1 AND state <> 'rejected' AND expires_wall_90k > ?2 "
    "AND (state = 'approved' OR emergency = 1) ORDER BY id";
// Compare-and-set: ?9 the state and ?10 the first approver the decision was made from.
inline constexpr char kUpdateRequestDecision[] =
    "UPDATE retrieval_request SET state = ?2, approver1 = ?3, approved1_wall_90k = ?4, approver2 = ?5, "
    "approved2_wall_90k = ?6, rejected_by = ?7, rejected_wall_90k = ?8, reject_reason = ?11, "
    "expires_wall_90k = ?12 WHERE id = ?1 AND state = ?9 AND approver1 = ?10";

}  // namespace custos::sql
