// Tamper tests: rows changed, deleted, inserted and reordered directly in the database,
// with the append-only triggers dropped first, as with the sqlite3 shell.
#include "audit/audit_verify.h"

#include "audit/audit_test_util.h"

namespace custos {
namespace {

using testing::AuditTempDir;
using testing::kAuditT0;
using testing::Tamper;
using testing::TestEvent;
using testing::TestKey;

class AuditVerifyTest : public ::testing::Test {
 protected:
  // Ten entries; checkpoints after 4 and 8 (every 4) and at close (10).
  void SetUp() override {
    auto log = AuditLog::Open(path_, key_, clock_, AuditLogOptions{.checkpoint_every_entries = 4});
    ASSERT_TRUE(log.has_value());
    for (int i = 1; i <= 10; ++i) {
      clock_.Advance(kTicksPerSecond90k);
      ASSERT_TRUE((*log)->Append(TestEvent(i)).ok());
    }
  }
  AuditVerifyReport Verify() {
    auto db = OpenAuditDb(path_, true);
    EXPECT_TRUE(db.has_value());
    auto r = VerifyAuditLog(**db, key_.public_key());
    EXPECT_TRUE(r.has_value());
    return *r;
  }
  // The one problem found; fails the test if there are more or none.
  AuditFinding Only(const AuditVerifyReport& r) {
    std::string all;
    for (const auto& p : r.problems) all += std::string(AuditProblemName(p.problem)) + ": " + p.message + "\n";
    EXPECT_EQ(r.problems.size(), 1u) << all;
    return r.problems.empty() ? AuditFinding{} : r.problems[0];
  }
  // Rewrites every hash from `from_seq` on, as an attacker who knows the algorithm would.
  void Rehash(int64_t from_seq) {
    auto db = SqliteDb::Open(path_);
    auto rows = *ReadAuditEntries(**db);
    AuditHash prev = kAuditGenesisHash;
    for (auto& row : rows) {
      if (row.entry.seq >= from_seq) {
        row.entry.hash = ChainHash(prev, row.entry);
        auto s = (*db)->Prepare("UPDATE audit_entry SET hash = ?2 WHERE seq = ?1");
        (*s)->BindInt64(1, row.entry.seq);
        (*s)->BindBlob(2, ByteSpan(row.entry.hash.data(), row.entry.hash.size()));
        ASSERT_TRUE((*s)->Run().ok());
      }
      prev = row.entry.hash;
    }
  }

  AuditTempDir dir_;
  std::string path_ = dir_.File("audit.db");
  NodeKey key_ = TestKey();
  FakeClock clock_{WallTime90k{kAuditT0}};
};

TEST_F(AuditVerifyTest, UntouchedLogVerifies) {
  auto r = Verify();
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.entries, 10);
  EXPECT_EQ(r.checkpoints, 3);
  EXPECT_EQ(r.last_signed_seq, 10);
  EXPECT_TRUE(r.notes.empty());
}

TEST_F(AuditVerifyTest, EditedEntry) {
  Tamper(path_, "UPDATE audit_entry SET actor = 'mallory' WHERE seq = 6");
  auto f = Only(Verify());
  EXPECT_EQ(f.problem, AuditProblem::kEdited);
  EXPECT_EQ(f.seq, 6);
  EXPECT_NE(f.message.find("entry seq 6 does not match its hash: it was edited"), std::string::npos) << f.message;
}

TEST_F(AuditVerifyTest, EditedCameraListOrTime) {
  Tamper(path_, "UPDATE audit_entry SET camera_ids = '[\"gate\"]', to_wall_90k = NULL WHERE seq = 2");
  auto f = Only(Verify());
  EXPECT_EQ(f.problem, AuditProblem::kEdited);
  EXPECT_EQ(f.seq, 2);
}

TEST_F(AuditVerifyTest, EditedAndWholeChainRehashedIsCaughtByTheCheckpoint) {
  Tamper(path_, "UPDATE audit_entry SET purpose = 'nothing to see' WHERE seq = 3");
  Rehash(3);
  auto r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problems[0].problem, AuditProblem::kRewritten);
  EXPECT_EQ(r.problems[0].seq, 4);  // the first checkpoint after the edit
  EXPECT_NE(r.problems[0].message.find("differs from what checkpoint #1 (seq 4) signed"), std::string::npos)
      << r.problems[0].message;
}

TEST_F(AuditVerifyTest, DeletedEntry) {
  Tamper(path_, "DELETE FROM audit_entry WHERE seq = 5");
  auto f = Only(Verify());
  EXPECT_EQ(f.problem, AuditProblem::kDeleted);
  EXPECT_EQ(f.seq, 5);
  EXPECT_NE(f.message.find("entry seq 5 is missing: deleted"), std::string::npos) << f.message;
}

TEST_F(AuditVerifyTest, DeletedEntryWithLaterOnesRenumbered) {
  Tamper(path_,
         "DELETE FROM audit_entry WHERE seq = 7;"
         "UPDATE audit_entry SET seq = seq - 1 WHERE seq > 7;");
  auto r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problems[0].problem, AuditProblem::kDeleted);
  EXPECT_EQ(r.problems[0].seq, 7);
  EXPECT_NE(r.problems[0].message.find("an entry before seq 7 was deleted"), std::string::npos)
      << r.problems[0].message;
}

TEST_F(AuditVerifyTest, InsertedEntryWithLaterOnesRenumbered) {
  // Make room at seq 4 (highest first, so the primary key never collides), then insert a
  // forged entry whose hash is computed correctly from entry 3.
  Tamper(path_,
         "UPDATE audit_entry SET seq = -seq WHERE seq >= 4;"
         "UPDATE audit_entry SET seq = 1 - seq WHERE seq < 0;");
  auto db = SqliteDb::Open(path_);
  auto head3 = (*ReadAuditEntries(**db))[2].entry;
  ASSERT_EQ(head3.seq, 3);
  AuditEntry forged;
  forged.seq = 4;
  forged.wall_90k = head3.wall_90k;
  forged.event = TestEvent(99);
  forged.hash = ChainHash(head3.hash, forged);
  ASSERT_TRUE(InsertAuditEntry(**db, forged).ok());
  auto r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problems[0].problem, AuditProblem::kInserted);
  EXPECT_EQ(r.problems[0].seq, 4);
  EXPECT_NE(r.problems[0].message.find("entry seq 4 was inserted"), std::string::npos) << r.problems[0].message;
}

TEST_F(AuditVerifyTest, InsertedAtTheEndWithABadHash) {
  Tamper(path_,
         "INSERT INTO audit_entry SELECT 11, wall_90k, 'mallory', action, outcome, camera_ids, from_wall_90k, "
         "to_wall_90k, purpose, destination, request_id, client, detail, hash FROM audit_entry WHERE seq = 10");
  auto f = Only(Verify());
  EXPECT_EQ(f.problem, AuditProblem::kEdited);
  EXPECT_EQ(f.seq, 11);
}

TEST_F(AuditVerifyTest, ReorderedEntries) {
  Tamper(path_,
         "UPDATE audit_entry SET seq = -1 WHERE seq = 3;"
         "UPDATE audit_entry SET seq = 3 WHERE seq = 2;"
         "UPDATE audit_entry SET seq = 2 WHERE seq = -1;");
  auto r = Verify();
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0].problem, AuditProblem::kReordered);
  EXPECT_EQ(r.problems[0].seq, 2);
  EXPECT_NE(r.problems[0].message.find("entry seq 2 was written as seq 3"), std::string::npos)
      << r.problems[0].message;
  EXPECT_EQ(r.problems[1].seq, 3);
  EXPECT_NE(r.problems[1].message.find("entry seq 3 was written as seq 2"), std::string::npos);
}

TEST_F(AuditVerifyTest, TruncatedTailAfterACheckpoint) {
  Tamper(path_, "DELETE FROM audit_entry WHERE seq > 8");
  auto f = Only(Verify());
  EXPECT_EQ(f.problem, AuditProblem::kTruncated);
  EXPECT_EQ(f.seq, 9);
  EXPECT_NE(f.message.find("entries after seq 8 up to seq 10 were cut off"), std::string::npos) << f.message;
}

TEST_F(AuditVerifyTest, ForgedCheckpointSignature) {
  Tamper(path_,
         "UPDATE audit_checkpoint SET wall_90k = wall_90k + 1 WHERE id = 2;");
  auto f = Only(Verify());
  EXPECT_EQ(f.problem, AuditProblem::kBadCheckpoint);
  EXPECT_EQ(f.seq, 8);
  EXPECT_NE(f.message.find("checkpoint #2 (seq 8) has a signature that does not verify"), std::string::npos)
      << f.message;
}

TEST_F(AuditVerifyTest, CheckpointSignedByAnotherKey) {
  // A forger with their own key signs a rewritten chain.
  Tamper(path_, "UPDATE audit_entry SET detail = 'forged' WHERE seq = 9; DELETE FROM audit_checkpoint WHERE id = 3");
  Rehash(9);
  auto other = TestKey(9);
  auto db = SqliteDb::Open(path_);
  auto rows = *ReadAuditEntries(**db);
  AuditCheckpoint c;
  c.id = 3;
  c.seq = 10;
  c.hash = rows.back().entry.hash;
  c.wall_90k = rows.back().entry.wall_90k;
  c.public_key_hex = other.PublicKeyHex();
  Signature sig = other.Sign(CheckpointMessage(c.seq, c.hash, c.wall_90k));
  c.signature.assign(reinterpret_cast<const char*>(sig.data()), sig.size());
  ASSERT_TRUE(InsertAuditCheckpoint(**db, c).ok());
  auto f = Only(Verify());
  EXPECT_EQ(f.problem, AuditProblem::kBadCheckpoint);
  EXPECT_NE(f.message.find("not this node's key"), std::string::npos) << f.message;
}

TEST_F(AuditVerifyTest, DeletedCheckpoint) {
  Tamper(path_, "DELETE FROM audit_checkpoint WHERE id = 2");
  auto f = Only(Verify());
  EXPECT_EQ(f.problem, AuditProblem::kBadCheckpoint);
  EXPECT_NE(f.message.find("checkpoint #2 is missing"), std::string::npos) << f.message;
}

TEST_F(AuditVerifyTest, UnsignedTailIsANoteNotAProblem) {
  auto log = AuditLog::Open(path_, key_, clock_);
  ASSERT_TRUE((*log)->Append(TestEvent(11)).ok());
  auto db = OpenAuditDb(path_, true);
  auto r = VerifyAuditLog(**db, key_.public_key());
  EXPECT_TRUE(r->ok());
  ASSERT_EQ(r->notes.size(), 1u);
  EXPECT_NE(r->notes[0].find("1 entries after seq 10"), std::string::npos) << r->notes[0];
}

}  // namespace
}  // namespace custos
