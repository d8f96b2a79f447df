// audit_test_util.h: fixtures of audit_test: a temporary data folder, a fixed key, a
// fake clock, and raw SQL access for tamper tests (the way an attacker with sqlite3 would).
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "audit/audit_log.h"
#include "base/clock.h"

namespace custos::testing {

inline constexpr int64_t kAuditT0 = int64_t{1795422600} * kTicksPerSecond90k;  // 2026-11-23T08:30:00Z

class AuditTempDir {
 public:
  AuditTempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "custos_audit_XXXXXX").string();
    EXPECT_NE(mkdtemp(pattern.data()), nullptr);
    path_ = pattern;
  }
  ~AuditTempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline NodeKey TestKey(uint8_t fill = 7) {
  std::array<uint8_t, 32> seed;
  seed.fill(fill);
  return NodeKey::FromSeed(seed);
}

inline AuditEvent TestEvent(int i) {
  AuditEvent e;
  e.actor = i % 2 ? "alice" : "bob";
  e.action = i % 3 ? "playback" : "export";
  e.camera_ids = {"gate", "lobby-" + std::to_string(i % 4)};
  e.from_wall_90k = WallTime90k{kAuditT0 - 3600 * kTicksPerSecond90k};
  e.to_wall_90k = WallTime90k{kAuditT0 - 3000 * kTicksPerSecond90k};
  e.purpose = "case " + std::to_string(i);
  e.destination = i % 3 ? "" : "USB stick of the police station";
  e.request_id = "req-" + std::to_string(i);
  e.client = "192.0.2.1";
  e.detail = "entry " + std::to_string(i);
  return e;
}

// Runs SQL on the audit file with the append-only triggers dropped, as someone editing
// the file with the sqlite3 shell could.
inline void Tamper(const std::string& path, const std::string& sql) {
  auto db = SqliteDb::Open(path);
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  const std::string all =
      "DROP TRIGGER IF EXISTS audit_entry_no_update; DROP TRIGGER IF EXISTS audit_entry_no_delete;"
      "DROP TRIGGER IF EXISTS audit_checkpoint_no_update; DROP TRIGGER IF EXISTS audit_checkpoint_no_delete;" + sql;
  Status s = (*db)->Exec(all.c_str(), "tampering");
  ASSERT_TRUE(s.ok()) << s.ToString();
}

}  // namespace custos::testing
