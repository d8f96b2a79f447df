#include "catalog/sqlite_db.h"

#include <sqlite3.h>

#include "catalog/sqlite_status.h"

namespace custos {

namespace {

constexpr int kBusyTimeoutMs = 5000;

}  // namespace

// ---- SqliteStatement ----

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

void SqliteStatement::NoteBind(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

void SqliteStatement::BindInt64(int index, int64_t value) {
  NoteBind(sqlite3_bind_int64(stmt_, index, value));
}

void SqliteStatement::BindDouble(int index, double value) {
  NoteBind(sqlite3_bind_double(stmt_, index, value));
}

void SqliteStatement::BindText(int index, std::string_view value) {
  NoteBind(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void SqliteStatement::BindBlob(int index, ByteSpan value) {
  // A null pointer would bind SQL NULL; an empty blob must stay a zero-length blob.
  static const uint8_t kEmpty = 0;
  const void* data = value.empty() ? &kEmpty : value.data();
  NoteBind(sqlite3_bind_blob64(stmt_, index, data, value.size(), SQLITE_TRANSIENT));
}

void SqliteStatement::BindNull(int index) { NoteBind(sqlite3_bind_null(stmt_, index)); }

Status SqliteStatement::Error(int rc, std::string_view what) const {
  std::string context(what);
  context += " [";
  context += sqlite3_sql(stmt_);
  context += "]";
  return SqliteStatus(rc, db_, context);
}

Result<bool> SqliteStatement::Step() {
  if (bind_rc_ != SQLITE_OK) return Err(Error(bind_rc_, "binding a parameter"));
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Err(Error(rc, "running a statement"));
}

Status SqliteStatement::Run() {
  Result<bool> row = Step();
  if (!row) return row.error();
  if (*row) return Internal(std::string("statement returned rows: ") + sqlite3_sql(stmt_));
  return Status::Ok();
}

int64_t SqliteStatement::ColumnInt64(int col) const { return sqlite3_column_int64(stmt_, col); }

double SqliteStatement::ColumnDouble(int col) const { return sqlite3_column_double(stmt_, col); }

bool SqliteStatement::ColumnIsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::string SqliteStatement::ColumnText(int col) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (text == nullptr) return {};
  return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

Bytes SqliteStatement::ColumnBlob(int col) const {
  const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, col));
  if (data == nullptr) return {};
  return Bytes(data, data + sqlite3_column_bytes(stmt_, col));
}

void SqliteStatement::Release() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_rc_ = SQLITE_OK;
  in_use_ = false;
}

// ---- SqliteDb ----

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteStatus(rc, raw, "opening catalog database '" + path + "'");
    sqlite3_close(raw);  // sqlite3_open_v2 returns a handle even on failure
    return Err(s);
  }
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw));
  Status s = db->ApplyPragmas();
  if (!s.ok()) return Err(s.With("configuring catalog database '" + path + "'"));
  return db;
}

SqliteDb::~SqliteDb() {
  statements_.clear();  // finalize before closing
  sqlite3_close(db_);
}

Status SqliteDb::ApplyPragmas() {
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  // journal_mode answers with the mode in force; anything but WAL (a file system without
  // shared memory, say) would break the daemon/CLI concurrency the catalog promises.
  Result<std::string> mode = QueryText("PRAGMA journal_mode = WAL");
  if (!mode) return mode.error();
  if (*mode != "wal" && *mode != "memory") {
    return FailedPrecondition("cannot use WAL journal mode (got '" + *mode + "')");
  }
  return Exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;", "setting pragmas");
}

Result<ScopedStatement> SqliteDb::Prepare(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &stmt, nullptr);
    if (rc != SQLITE_OK) return Err(SqliteStatus(rc, db_, "preparing [" + std::string(sql) + "]"));
    it = statements_.emplace(std::string(sql), std::make_unique<SqliteStatement>(db_, stmt)).first;
  }
  SqliteStatement* stmt = it->second.get();
  if (stmt->in_use_) return Err(Internal("statement already in use: " + std::string(sql)));
  stmt->in_use_ = true;
  return ScopedStatement(stmt);
}

Status SqliteDb::Exec(const char* sql, std::string_view what) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(rc, db_, what);
  return Status::Ok();
}

Result<ScopedStatement> SqliteDb::QueryRow(std::string_view sql) {
  Result<ScopedStatement> stmt = Prepare(sql);
  if (!stmt) return stmt;
  Result<bool> row = (*stmt)->Step();
  if (!row) return Err(row.error());
  if (!*row) return Err(NotFound("no row from [" + std::string(sql) + "]"));
  return stmt;
}

Result<std::string> SqliteDb::QueryText(std::string_view sql) {
  Result<ScopedStatement> stmt = QueryRow(sql);
  if (!stmt) return Err(stmt.error());
  return (*stmt)->ColumnText(0);
}

Result<int64_t> SqliteDb::QueryInt64(std::string_view sql) {
  Result<ScopedStatement> stmt = QueryRow(sql);
  if (!stmt) return Err(stmt.error());
  return (*stmt)->ColumnInt64(0);
}

int64_t SqliteDb::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

int64_t SqliteDb::Changes() const { return sqlite3_changes64(db_); }

Result<std::string> SqliteDb::ExplainQueryPlan(std::string_view sql) {
  Result<ScopedStatement> stmt = Prepare("EXPLAIN QUERY PLAN " + std::string(sql));
  if (!stmt) return Err(stmt.error());
  std::string plan;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row) return Err(row.error());
    if (!*row) return plan;
    plan += (*stmt)->ColumnText(3);  // columns: id, parent, notused, detail
    plan += '\n';
  }
}

// ---- SqliteTransaction ----

Result<SqliteTransaction> SqliteTransaction::Begin(SqliteDb& db) {
  Status s = db.Exec("BEGIN IMMEDIATE", "beginning a write transaction");
  if (!s.ok()) return Err(s);
  return SqliteTransaction(&db);
}

SqliteTransaction::~SqliteTransaction() {
  // A failed ROLLBACK leaves nothing to do: SQLite rolls back on its own when it cannot.
  if (db_ != nullptr) (void)db_->Exec("ROLLBACK", "rolling back");
}

Status SqliteTransaction::Commit() {
  Status s = db_->Exec("COMMIT", "committing");
  // On failure (SQLITE_BUSY while readers finish, in rollback-journal mode) the
  // transaction is still open; the destructor rolls it back.
  if (s.ok()) db_ = nullptr;
  return s;
}

}  // namespace custos
