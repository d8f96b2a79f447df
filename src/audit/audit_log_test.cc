#include "audit/audit_log.h"

#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <thread>

#include "audit/audit_test_util.h"
#include "audit/audit_verify.h"

namespace custos {
namespace {

using testing::AuditTempDir;
using testing::kAuditT0;
using testing::TestEvent;
using testing::TestKey;

class AuditLogTest : public ::testing::Test {
 protected:
  std::unique_ptr<AuditLog> Open(AuditLogOptions o = {}) {
    auto log = AuditLog::Open(path_, key_, clock_, o);
    EXPECT_TRUE(log.has_value()) << log.error().ToString();
    return log ? std::move(*log) : nullptr;
  }
  std::vector<StoredAuditEntry> Read() {
    auto db = OpenAuditDb(path_, true);
    EXPECT_TRUE(db.has_value());
    return *ReadAuditEntries(**db);
  }

  AuditTempDir dir_;
  std::string path_ = dir_.File("audit.db");
  NodeKey key_ = TestKey();
  FakeClock clock_{WallTime90k{kAuditT0}};
};

TEST_F(AuditLogTest, StoresEveryFieldWithSeqTimeAndChainedHash) {
  auto log = Open();
  ASSERT_TRUE(log->Append(TestEvent(0)).ok());
  clock_.Advance(kTicksPerSecond90k);
  ASSERT_TRUE(log->Append(TestEvent(1)).ok());
  auto rows = Read();
  ASSERT_EQ(rows.size(), 2u);
  const AuditEntry& e = rows[1].entry;
  EXPECT_EQ(e.seq, 2);
  EXPECT_EQ(e.wall_90k.ticks_90k, kAuditT0 + kTicksPerSecond90k);
  const AuditEvent want = TestEvent(1);
  EXPECT_EQ(e.event.actor, want.actor);
  EXPECT_EQ(e.event.action, want.action);
  EXPECT_EQ(e.event.outcome, want.outcome);
  EXPECT_EQ(e.event.camera_ids, want.camera_ids);
  EXPECT_EQ(e.event.from_wall_90k, want.from_wall_90k);
  EXPECT_EQ(e.event.to_wall_90k, want.to_wall_90k);
  EXPECT_EQ(e.event.purpose, want.purpose);
  EXPECT_EQ(e.event.destination, want.destination);
  EXPECT_EQ(e.event.request_id, want.request_id);
  EXPECT_EQ(e.event.client, want.client);
  EXPECT_EQ(e.event.detail, want.detail);
  EXPECT_EQ(rows[0].entry.hash, ChainHash(kAuditGenesisHash, rows[0].entry));
  EXPECT_EQ(e.hash, ChainHash(rows[0].entry.hash, e));
}

TEST_F(AuditLogTest, ReadsPageByPageAfterASeq) {
  auto log = Open();
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(log->Append(TestEvent(i)).ok());
  auto db = OpenAuditDb(path_, true);
  ASSERT_TRUE(db.has_value());
  AuditFilter f;
  f.actor = "alice";  // odd i: seqs 2, 4, 6
  f.limit = 2;
  auto first = ReadAuditEntries(**db, f);
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].entry.seq, 2);
  EXPECT_EQ((*first)[1].entry.seq, 4);
  f.after_seq = (*first)[1].entry.seq;
  auto second = ReadAuditEntries(**db, f);
  ASSERT_TRUE(second.has_value());
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].entry.seq, 6);
}

TEST_F(AuditLogTest, TimeNeverGoesBackAlongSeq) {
  auto log = Open();
  ASSERT_TRUE(log->Append(TestEvent(0)).ok());
  clock_.JumpWall(-60 * kTicksPerSecond90k);  // an NTP step back
  ASSERT_TRUE(log->Append(TestEvent(1)).ok());
  auto rows = Read();
  EXPECT_EQ(rows[1].entry.wall_90k, rows[0].entry.wall_90k);
}

TEST_F(AuditLogTest, EncodingSeparatesFields) {
  AuditEntry a, b;
  a.event.actor = "ab";
  b.event.actor = "a";
  b.event.action = "b";
  EXPECT_NE(CanonicalEncoding(a), CanonicalEncoding(b));
  a = AuditEntry{};
  b = AuditEntry{};
  a.event.camera_ids = {"a,b"};
  b.event.camera_ids = {"a", "b"};
  EXPECT_NE(CanonicalEncoding(a), CanonicalEncoding(b));
}

TEST_F(AuditLogTest, ConcurrentAppendsGetDistinctContiguousSeqs) {
  auto log = Open(AuditLogOptions{.checkpoint_every_entries = 10});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&log, t] {
      for (int i = 0; i < 15; ++i) EXPECT_TRUE(log->Append(TestEvent(t * 100 + i)).ok());
    });
  }
  for (auto& th : threads) th.join();
  auto rows = Read();
  ASSERT_EQ(rows.size(), 60u);
  for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].entry.seq, static_cast<int64_t>(i + 1));
  auto db = OpenAuditDb(path_, true);
  auto report = VerifyAuditLog(**db, key_.public_key());
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->checkpoints, 6);
  EXPECT_EQ(report->last_signed_seq, 60);
}

TEST_F(AuditLogTest, TwoLogsOnOneFileShareTheChain) {  // the daemon and a CLI process
  auto a = Open();
  auto b = Open();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(a->Append(TestEvent(i)).ok());
    ASSERT_TRUE(b->Append(TestEvent(i + 10)).ok());
  }
  a.reset();
  b.reset();
  auto db = OpenAuditDb(path_, true);
  auto report = VerifyAuditLog(**db, key_.public_key());
  EXPECT_TRUE(report->ok()) << report->problems[0].message;
  EXPECT_EQ(report->last_seq, 10);
}

TEST_F(AuditLogTest, CheckpointsByCountTimeAndClose) {
  auto log = Open(AuditLogOptions{.checkpoint_every_entries = 3, .checkpoint_every_ms = 60'000});
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(log->Append(TestEvent(i)).ok());
  auto db = OpenAuditDb(path_, true);
  EXPECT_EQ(ReadAuditCheckpoints(**db)->size(), 1u);
  ASSERT_TRUE(log->Append(TestEvent(3)).ok());
  EXPECT_EQ(ReadAuditCheckpoints(**db)->size(), 1u);
  clock_.Advance(61 * kTicksPerSecond90k);
  ASSERT_TRUE(log->Append(TestEvent(4)).ok());
  EXPECT_EQ(ReadAuditCheckpoints(**db)->size(), 2u);
  ASSERT_TRUE(log->Append(TestEvent(5)).ok());
  ASSERT_TRUE(log->Close().ok());
  auto cps = *ReadAuditCheckpoints(**db);
  ASSERT_EQ(cps.size(), 3u);
  EXPECT_EQ(cps[2].seq, 6);
  ASSERT_TRUE(log->Close().ok());  // nothing new: no new checkpoint
  EXPECT_EQ(ReadAuditCheckpoints(**db)->size(), 3u);
}

TEST_F(AuditLogTest, AQuietLogIsSignedWhenItsTimeComes) {
  auto log = Open(AuditLogOptions{.checkpoint_every_entries = 100, .checkpoint_every_ms = 60'000});
  ASSERT_TRUE(log->Append(TestEvent(0)).ok());
  auto db = OpenAuditDb(path_, true);
  ASSERT_TRUE(log->CheckpointIfDue().ok());
  EXPECT_TRUE(ReadAuditCheckpoints(**db)->empty());
  clock_.Advance(61 * kTicksPerSecond90k);
  ASSERT_TRUE(log->CheckpointIfDue().ok());
  EXPECT_EQ(ReadAuditCheckpoints(**db)->size(), 1u);
  clock_.Advance(61 * kTicksPerSecond90k);
  ASSERT_TRUE(log->CheckpointIfDue().ok());  // nothing new: nothing signed
  EXPECT_EQ(ReadAuditCheckpoints(**db)->size(), 1u);
}

TEST_F(AuditLogTest, SqlCannotUpdateOrDeleteEntries) {
  auto log = Open();
  ASSERT_TRUE(log->Append(TestEvent(0)).ok());
  ASSERT_TRUE(log->Checkpoint().ok());
  auto db = SqliteDb::Open(path_);
  Status s = (*db)->Exec("UPDATE audit_entry SET actor = 'nobody'", "edit");
  EXPECT_NE(s.message().find("append-only"), std::string::npos) << s.ToString();
  s = (*db)->Exec("DELETE FROM audit_entry", "delete");
  EXPECT_NE(s.message().find("append-only"), std::string::npos) << s.ToString();
  s = (*db)->Exec("DELETE FROM audit_checkpoint", "delete");
  EXPECT_NE(s.message().find("append-only"), std::string::npos) << s.ToString();
  EXPECT_EQ(Read().size(), 1u);
}

TEST_F(AuditLogTest, AnAcknowledgedEntrySurvivesAProcessDyingAtOnce) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto log = AuditLog::Open(path_, key_, clock_);
    const bool ok = log && (*log)->Append(TestEvent(1)).ok();
    _exit(ok ? 0 : 1);  // no destructor, no checkpoint, no clean close
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  auto rows = Read();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].entry.event.detail, "entry 1");
  auto log = Open();  // the next open counts it as unsigned and signs it at close
  log.reset();
  auto db = OpenAuditDb(path_, true);
  EXPECT_EQ(ReadAuditCheckpoints(**db)->back().seq, 1);
}

}  // namespace
}  // namespace custos
