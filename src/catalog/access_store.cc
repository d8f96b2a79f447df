// The access methods of SqliteCatalog: users with their roles and camera assignments,
// camera groups, retrieval requests (schema.sql, version 3; SQL in access_sql.h).
#include <nlohmann/json.hpp>

#include "catalog/access_sql.h"
#include "catalog/sqlite_catalog.h"

namespace custos {

namespace {

std::optional<WallTime90k> OptionalWall(const SqliteStatement& s, int col) {
  if (s.ColumnIsNull(col)) return std::nullopt;
  return WallTime90k{s.ColumnInt64(col)};
}

void BindOptionalWall(SqliteStatement& s, int index, const std::optional<WallTime90k>& t) {
  if (t) {
    s.BindInt64(index, t->ticks_90k);
  } else {
    s.BindNull(index);
  }
}

void BindUser(SqliteStatement& s, const UserRecord& u) {
  s.BindText(1, u.name);
  s.BindText(2, u.display_name);
  s.BindText(3, u.unit);
  s.BindText(4, u.password_hash);
  s.BindInt64(5, u.disabled ? 1 : 0);
  s.BindInt64(6, u.failed_logins);
  s.BindInt64(7, u.locked_until_wall_90k.ticks_90k);
  s.BindInt64(8, u.created_wall_90k.ticks_90k);
  s.BindInt64(9, u.updated_wall_90k.ticks_90k);
  s.BindInt64(10, u.password_changed_wall_90k.ticks_90k);
}

UserRecord ReadUser(const SqliteStatement& s) {
  UserRecord u;
  u.name = s.ColumnText(0);
  u.display_name = s.ColumnText(1);
  u.unit = s.ColumnText(2);
  u.password_hash = s.ColumnText(3);
  u.disabled = s.ColumnInt64(4) != 0;
  u.failed_logins = s.ColumnInt64(5);
  u.locked_until_wall_90k = WallTime90k{s.ColumnInt64(6)};
  u.created_wall_90k = WallTime90k{s.ColumnInt64(7)};
  u.updated_wall_90k = WallTime90k{s.ColumnInt64(8)};
  u.password_changed_wall_90k = WallTime90k{s.ColumnInt64(9)};
  return u;
}

// Runs `sql` with ?1 = a and, when the statement has a ?2, b.
Status RunWithText(SqliteDb& db, const char* sql, std::string_view a, std::optional<std::string_view> b) {
  Result<ScopedStatement> s = db.Prepare(sql);
  if (!s) return s.error();
  (*s)->BindText(1, a);
  if (b) (*s)->BindText(2, *b);
  return (*s)->Run();
}

Result<std::vector<std::string>> QueryStrings(SqliteDb& db, const char* sql, std::optional<std::string_view> arg) {
  Result<ScopedStatement> s = db.Prepare(sql);
  if (!s) return Err(s.error());
  if (arg) (*s)->BindText(1, *arg);
  std::vector<std::string> out;
  for (;;) {
    Result<bool> row = (*s)->Step();
    if (!row) return Err(row.error());
    if (!*row) return out;
    out.push_back((*s)->ColumnText(0));
  }
}

std::string PersonsJson(const std::vector<RetrievalPerson>& persons) {
  nlohmann::json a = nlohmann::json::array();
  for (const RetrievalPerson& p : persons) {
    a.push_back({{"name", p.name}, {"id_number", p.id_number}, {"work_permit", p.work_permit}});
  }
  return a.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::vector<RetrievalPerson>> ParsePersons(const std::string& text) {
  const nlohmann::json a = nlohmann::json::parse(text, nullptr, false);
  if (!a.is_array()) return Err(DataLoss("persons_json is not an array"));
  std::vector<RetrievalPerson> out;
  for (const nlohmann::json& p : a) {
    if (!p.is_object()) return Err(DataLoss("persons_json holds a non-object"));
    out.push_back({p.value("name", ""), p.value("id_number", ""), p.value("work_permit", "")});
  }
  return out;
}

Result<std::vector<std::string>> ParseStrings(const std::string& text) {
  const nlohmann::json a = nlohmann::json::parse(text, nullptr, false);
  if (!a.is_array()) return Err(DataLoss("camera_ids_json is not an array"));
  std::vector<std::string> out;
  for (const nlohmann::json& v : a) {
    if (!v.is_string()) return Err(DataLoss("camera_ids_json holds a non-string"));
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<RetrievalRequest> ReadRequest(const SqliteStatement& s) {
  RetrievalRequest r;
  r.id = s.ColumnInt64(0);
  r.requester = s.ColumnText(1);
  r.kind = s.ColumnText(2);
  auto cameras = ParseStrings(s.ColumnText(3));
  if (!cameras) return Err(cameras.error().With("request " + std::to_string(r.id)));
  r.camera_ids = std::move(*cameras);
  r.from_wall_90k = WallTime90k{s.ColumnInt64(4)};
  r.to_wall_90k = WallTime90k{s.ColumnInt64(5)};
  r.purpose = s.ColumnText(6);
  r.case_ref = s.ColumnText(7);
  r.approval_doc_ref = s.ColumnText(8);
  auto persons = ParsePersons(s.ColumnText(9));
  if (!persons) return Err(persons.error().With("request " + std::to_string(r.id)));
  r.persons = std::move(*persons);
  r.destination = s.ColumnText(10);
  r.emergency = s.ColumnInt64(11) != 0;
  auto state = ParseRequestState(s.ColumnText(12));
  if (!state) return Err(DataLoss("request " + std::to_string(r.id) + " has unknown state"));
  r.state = *state;
  r.profile = s.ColumnText(13);
  r.created_wall_90k = WallTime90k{s.ColumnInt64(14)};
  r.approver1 = s.ColumnText(15);
  r.approved1_wall_90k = OptionalWall(s, 16);
  r.approver2 = s.ColumnText(17);
  r.approved2_wall_90k = OptionalWall(s, 18);
  r.rejected_by = s.ColumnText(19);
  r.rejected_wall_90k = OptionalWall(s, 20);
  r.reject_reason = s.ColumnText(21);
  r.expires_wall_90k = OptionalWall(s, 22);
  return r;
}

}  // namespace

std::string_view ToString(RequestState s) {
  switch (s) {
    case RequestState::kPending: return "pending";
    case RequestState::kApproved: return "approved";
    case RequestState::kRejected: return "rejected";
  }
  return "?";
}

std::optional<RequestState> ParseRequestState(std::string_view s) {
  if (s == "pending") return RequestState::kPending;
  if (s == "approved") return RequestState::kApproved;
  if (s == "rejected") return RequestState::kRejected;
  return std::nullopt;
}

Status SqliteCatalog::WriteUserGrants(const UserRecord& u) {
  CUSTOS_RETURN_IF_ERROR(RunWithText(*db_, sql::kDeleteUserRoles, u.name, std::nullopt).With("clearing roles"));
  CUSTOS_RETURN_IF_ERROR(RunWithText(*db_, sql::kDeleteAssignments, u.name, std::nullopt).With("clearing assignments"));
  for (const std::string& role : u.roles) {
    CUSTOS_RETURN_IF_ERROR(RunWithText(*db_, sql::kInsertUserRole, u.name, role).With("role '" + role + "'"));
  }
  for (const std::string& camera : u.camera_ids) {
    CUSTOS_RETURN_IF_ERROR(
        RunWithText(*db_, sql::kInsertCameraAssignment, u.name, camera).With("assigning camera '" + camera + "'"));
  }
  for (const std::string& group : u.camera_groups) {
    CUSTOS_RETURN_IF_ERROR(
        RunWithText(*db_, sql::kInsertGroupAssignment, u.name, group).With("assigning group '" + group + "'"));
  }
  return Status::Ok();
}

Status SqliteCatalog::ReadUserGrants(UserRecord& u) {
  auto roles = QueryStrings(*db_, sql::kSelectUserRoles, u.name);
  if (!roles) return roles.error();
  u.roles = std::move(*roles);
  Result<ScopedStatement> s = db_->Prepare(sql::kSelectAssignments);
  if (!s) return s.error();
  (*s)->BindText(1, u.name);
  for (;;) {
    Result<bool> row = (*s)->Step();
    if (!row) return row.error();
    if (!*row) return Status::Ok();
    std::string camera = (*s)->ColumnText(0);
    if (!camera.empty()) {
      u.camera_ids.push_back(std::move(camera));
    } else {
      u.camera_groups.push_back((*s)->ColumnText(1));
    }
  }
}

Status SqliteCatalog::AddUser(const UserRecord& user) {
  const std::string what = "adding user '" + user.name + "'";
  Result<SqliteTransaction> tx = SqliteTransaction::Begin(*db_);
  if (!tx) return tx.error().With(what);
  {
    Result<ScopedStatement> s = db_->Prepare(sql::kInsertUser);
    if (!s) return s.error().With(what);
    BindUser(**s, user);
    Status st = (*s)->Run();
    if (st.code() == StatusCode::kAlreadyExists) return AlreadyExists("user '" + user.name + "' already exists");
    CUSTOS_RETURN_IF_ERROR(st.With(what));
  }
  CUSTOS_RETURN_IF_ERROR(WriteUserGrants(user).With(what));
  return tx->Commit().With(what);
}

Status SqliteCatalog::UpdateUser(const UserRecord& user) {
  const std::string what = "updating user '" + user.name + "'";
  Result<SqliteTransaction> tx = SqliteTransaction::Begin(*db_);
  if (!tx) return tx.error().With(what);
  {
    Result<ScopedStatement> s = db_->Prepare(sql::kUpdateUser);
    if (!s) return s.error().With(what);
    BindUser(**s, user);
    CUSTOS_RETURN_IF_ERROR((*s)->Run().With(what));
    if (db_->Changes() == 0) return NotFound("no user '" + user.name + "'");
  }
  CUSTOS_RETURN_IF_ERROR(WriteUserGrants(user).With(what));
  return tx->Commit().With(what);
}

Result<UserRecord> SqliteCatalog::GetUser(std::string_view name) {
  UserRecord u;
  {
    Result<ScopedStatement> s = db_->Prepare(sql::kSelectUser);
    if (!s) return Err(s.error());
    (*s)->BindText(1, name);
    Result<bool> row = (*s)->Step();
    if (!row) return Err(row.error());
    if (!*row) return Err(NotFound("no user '" + std::string(name) + "'"));
    u = ReadUser(**s);
  }
  CUSTOS_RETURN_IF_ERROR(ReadUserGrants(u));
  return u;
}

Result<std::vector<UserRecord>> SqliteCatalog::ListUsers() {
  auto names = QueryStrings(*db_, sql::kSelectUserNames, std::nullopt);
  if (!names) return Err(names.error());
  std::vector<UserRecord> out;
  for (const std::string& n : *names) {
    auto u = GetUser(n);
    if (!u) return Err(u.error());
    out.push_back(std::move(*u));
  }
  return out;
}

Result<int64_t> SqliteCatalog::CountUsers() { return db_->QueryInt64(sql::kCountUsers); }

Status SqliteCatalog::RecordFailedLogin(std::string_view name, int64_t failures_to_lock, WallTime90k lock_until) {
  Result<ScopedStatement> s = db_->Prepare(sql::kRecordFailedLogin);
  if (!s) return s.error();
  (*s)->BindText(1, name);
  (*s)->BindInt64(2, failures_to_lock);
  (*s)->BindInt64(3, lock_until.ticks_90k);
  return (*s)->Run().With("counting a failed login");
}

Status SqliteCatalog::RecordGoodLogin(std::string_view name) {
  return RunWithText(*db_, sql::kRecordGoodLogin, name, std::nullopt).With("recording a login");
}

Result<std::vector<std::string>> SqliteCatalog::AssignedCameras(std::string_view user) {
  return QueryStrings(*db_, sql::kSelectAssignedCameras, user);
}

Status SqliteCatalog::PutCameraGroup(const CameraGroup& group) {
  const std::string what = "writing camera group '" + group.name + "'";
  Result<SqliteTransaction> tx = SqliteTransaction::Begin(*db_);
  if (!tx) return tx.error().With(what);
  CUSTOS_RETURN_IF_ERROR(RunWithText(*db_, sql::kUpsertCameraGroup, group.name, group.description).With(what));
  CUSTOS_RETURN_IF_ERROR(RunWithText(*db_, sql::kDeleteGroupMembers, group.name, std::nullopt).With(what));
  for (const std::string& camera : group.camera_ids) {
    CUSTOS_RETURN_IF_ERROR(
        RunWithText(*db_, sql::kInsertGroupMember, group.name, camera).With(what + ": camera '" + camera + "'"));
  }
  return tx->Commit().With(what);
}

Result<std::vector<CameraGroup>> SqliteCatalog::ListCameraGroups() {
  Result<ScopedStatement> s = db_->Prepare(sql::kSelectCameraGroups);
  if (!s) return Err(s.error());
  std::vector<CameraGroup> out;
  for (;;) {
    Result<bool> row = (*s)->Step();
    if (!row) return Err(row.error());
    if (!*row) return out;
    const std::string name = (*s)->ColumnText(0);
    if (out.empty() || out.back().name != name) out.push_back(CameraGroup{name, (*s)->ColumnText(1), {}});
    std::string camera = (*s)->ColumnText(2);
    if (!camera.empty()) out.back().camera_ids.push_back(std::move(camera));
  }
}

Result<int64_t> SqliteCatalog::AddRetrievalRequest(const RetrievalRequest& r) {
  Result<ScopedStatement> s = db_->Prepare(sql::kInsertRequest);
  if (!s) return Err(s.error());
  nlohmann::json cameras = r.camera_ids;
  (*s)->BindText(1, r.requester);
  (*s)->BindText(2, r.kind);
  (*s)->BindText(3, cameras.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  (*s)->BindInt64(4, r.from_wall_90k.ticks_90k);
  (*s)->BindInt64(5, r.to_wall_90k.ticks_90k);
  (*s)->BindText(6, r.purpose);
  (*s)->BindText(7, r.case_ref);
  (*s)->BindText(8, r.approval_doc_ref);
  (*s)->BindText(9, PersonsJson(r.persons));
  (*s)->BindText(10, r.destination);
  (*s)->BindInt64(11, r.emergency ? 1 : 0);
  (*s)->BindText(12, ToString(r.state));
  (*s)->BindText(13, r.profile);
  (*s)->BindInt64(14, r.created_wall_90k.ticks_90k);
  BindOptionalWall(**s, 15, r.expires_wall_90k);
  CUSTOS_RETURN_IF_ERROR((*s)->Run().With("storing the retrieval request"));
  return db_->LastInsertRowId();
}

Result<std::vector<RetrievalRequest>> SqliteCatalog::QueryRequests(ScopedStatement stmt) {
  std::vector<RetrievalRequest> out;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row) return Err(row.error());
    if (!*row) return out;
    auto r = ReadRequest(*stmt);
    if (!r) return Err(r.error());
    out.push_back(std::move(*r));
  }
}

Result<RetrievalRequest> SqliteCatalog::GetRetrievalRequest(int64_t id) {
  Result<ScopedStatement> s = db_->Prepare(sql::kSelectRequest);
  if (!s) return Err(s.error());
  (*s)->BindInt64(1, id);
  auto rows = QueryRequests(std::move(*s));
  if (!rows) return Err(rows.error());
  if (rows->empty()) return Err(NotFound("no retrieval request " + std::to_string(id)));
  return std::move(rows->front());
}

Result<std::vector<RetrievalRequest>> SqliteCatalog::ListRetrievalRequests(std::string_view requester) {
  Result<ScopedStatement> s = db_->Prepare(requester.empty() ? sql::kSelectAllRequests : sql::kSelectRequestsOf);
  if (!s) return Err(s.error());
  if (!requester.empty()) (*s)->BindText(1, requester);
  return QueryRequests(std::move(*s));
}

Result<std::vector<RetrievalRequest>> SqliteCatalog::ActiveGrants(std::string_view requester, WallTime90k now) {
  Result<ScopedStatement> s = db_->Prepare(sql::kSelectActiveGrants);
  if (!s) return Err(s.error());
  (*s)->BindText(1, requester);
  (*s)->BindInt64(2, now.ticks_90k);
  return QueryRequests(std::move(*s));
}

Status SqliteCatalog::UpdateRetrievalDecision(const RetrievalRequest& d, const RetrievalRequest& previous) {
  Result<ScopedStatement> s = db_->Prepare(sql::kUpdateRequestDecision);
  if (!s) return s.error();
  (*s)->BindInt64(1, d.id);
  (*s)->BindText(2, ToString(d.state));
  (*s)->BindText(3, d.approver1);
  BindOptionalWall(**s, 4, d.approved1_wall_90k);
  (*s)->BindText(5, d.approver2);
  BindOptionalWall(**s, 6, d.approved2_wall_90k);
  (*s)->BindText(7, d.rejected_by);
  BindOptionalWall(**s, 8, d.rejected_wall_90k);
  (*s)->BindText(9, ToString(previous.state));
  (*s)->BindText(10, previous.approver1);
  (*s)->BindText(11, d.reject_reason);
  BindOptionalWall(**s, 12, d.expires_wall_90k);
  CUSTOS_RETURN_IF_ERROR((*s)->Run().With("recording the decision on request " + std::to_string(d.id)));
  if (db_->Changes() == 0) {
    return FailedPrecondition("request " + std::to_string(d.id) + " was decided by someone else meanwhile; reload it");
  }
  return Status::Ok();
}

}  // namespace custos
