// sqlite_db.h: a thin RAII layer over the SQLite C API, used only inside src/catalog.
//
// SqliteDb owns one connection, opened with the catalog's pragmas (WAL, busy timeout,
// foreign keys, synchronous=NORMAL; see README.md for the durability consequence), and a
// cache of prepared statements keyed by their SQL text. Prepare() lends a cached
// statement as a ScopedStatement, which resets it and clears its bindings when it goes
// out of scope: a statement left un-reset would pin an old WAL snapshot, and this
// connection would stop seeing other processes' commits.
// Thread-safety: a SqliteDb and its statements are used by one thread at a time (the
// connection is opened with SQLITE_OPEN_NOMUTEX).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/bytes.h"
#include "base/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace custos {

// One prepared statement. Bind indexes are 1-based (as `?1` in SQL); column indexes are
// 0-based. A failed bind is remembered and reported by the next Step() or Run(), so call
// sites can bind several values and check once.
class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void BindInt64(int index, int64_t value);
  void BindDouble(int index, double value);
  void BindText(int index, std::string_view value);
  void BindBlob(int index, ByteSpan value);
  void BindNull(int index);

  // Steps once: true when a row is ready to read, false when the statement is done.
  Result<bool> Step();
  // Steps to the end of a statement that returns no rows (INSERT, UPDATE, DELETE).
  Status Run();

  int64_t ColumnInt64(int col) const;
  double ColumnDouble(int col) const;
  bool ColumnIsNull(int col) const;
  std::string ColumnText(int col) const;
  Bytes ColumnBlob(int col) const;

 private:
  friend class ScopedStatement;
  friend class SqliteDb;
  void Release();  // resets, clears bindings and the remembered bind error
  Status Error(int rc, std::string_view what) const;
  void NoteBind(int rc);

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int bind_rc_ = 0;
  bool in_use_ = false;
};

// A cached statement on loan; resets it when destroyed. Move-only.
class ScopedStatement {
 public:
  explicit ScopedStatement(SqliteStatement* stmt) : stmt_(stmt) {}
  ScopedStatement(ScopedStatement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  ScopedStatement& operator=(ScopedStatement&&) = delete;
  ScopedStatement(const ScopedStatement&) = delete;
  ~ScopedStatement() {
    if (stmt_ != nullptr) stmt_->Release();
  }
  SqliteStatement* operator->() const { return stmt_; }
  SqliteStatement& operator*() const { return *stmt_; }

 private:
  SqliteStatement* stmt_;
};

class SqliteDb {
 public:
  // Opens (creating if needed) the database at `path` and applies the pragmas.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Lends the cached statement for `sql`, preparing it on first use. Internal error if
  // the same statement is already on loan (a nested use of one query).
  Result<ScopedStatement> Prepare(std::string_view sql);
  // Runs SQL text that may hold several statements and returns no rows (schema, BEGIN).
  Status Exec(const char* sql, std::string_view what);
  // Run a parameterless query and return the first column of its first row; NotFound if
  // it returns no row.
  Result<std::string> QueryText(std::string_view sql);
  Result<int64_t> QueryInt64(std::string_view sql);
  // The rowid of the last INSERT, and the rows changed by the last statement.
  int64_t LastInsertRowId() const;
  int64_t Changes() const;
  // The detail column of EXPLAIN QUERY PLAN for `sql`, one line per step (for tests).
  Result<std::string> ExplainQueryPlan(std::string_view sql);

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  Status ApplyPragmas();
  Result<ScopedStatement> QueryRow(std::string_view sql);

  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> statements_;
};

// A write transaction: BEGIN IMMEDIATE takes the write lock at once (waiting up to the
// busy timeout), so a read-then-write sequence cannot fail halfway with SQLITE_BUSY.
// Rolls back on destruction unless Commit() succeeded.
class SqliteTransaction {
 public:
  static Result<SqliteTransaction> Begin(SqliteDb& db);
  SqliteTransaction(SqliteTransaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  SqliteTransaction& operator=(SqliteTransaction&&) = delete;
  ~SqliteTransaction();
  Status Commit();

 private:
  explicit SqliteTransaction(SqliteDb* db) : db_(db) {}
  SqliteDb* db_;  // null once committed or rolled back
};

}  // namespace custos
