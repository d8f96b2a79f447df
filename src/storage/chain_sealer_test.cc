#include "storage/chain_sealer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/file_util.h"
#include "catalog/catalog_test_util.h"
#include "catalog/sqlite_db.h"
#include "storage/integrity_verify.h"

namespace custos::testing {
namespace {

namespace fs = std::filesystem;

bool Mentions(const std::vector<std::string>& lines, const std::string& what) {
  for (const auto& l : lines) {
    if (l.find(what) != std::string::npos) return true;
  }
  return false;
}

std::string Lines(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

class ChainSealerTest : public CatalogTest {
 protected:
  std::string Data() const { return fs::path(path_).parent_path().string(); }
  // A finished recording whose file holds `content`.
  int64_t Recording(int i, const std::string& content) {
    const int64_t id = InsertFinished("gate", kT0 + i * 60 * kSecond, kT0 + (i + 1) * 60 * kSecond);
    auto r = catalog_->GetRecording(id);
    const std::string path = JoinPath(Data(), r->file_path);
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return id;
  }
  IntegrityReport Verify(std::optional<PublicKey> key) {
    IntegrityOptions o;
    o.node_key = key;
    auto r = VerifyIntegrity(*catalog_, Data(), o);
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : IntegrityReport{};
  }
  // The recordings were inserted with a summary of 'bytes' that the files do not have;
  // make the rows agree with the files, as the writer's would.
  void FixBytes(int64_t bytes) {
    auto raw = OpenRaw();
    ASSERT_TRUE(raw->Exec(("UPDATE recording SET bytes = " + std::to_string(bytes)).c_str(), "test").ok());
  }

  NodeKey key_ = NodeKey::FromSeed(std::array<uint8_t, 32>{1});
};

TEST_F(ChainSealerTest, CheckpointsAtTheFirstLinkThenEveryNLinksOrTMinutes) {
  ChainSealer sealer(*catalog_, key_, clock_, SealPolicy{3, 600 * kSecond});
  for (int i = 0; i < 7; ++i) {
    const int64_t id = Recording(i, "rec" + std::to_string(i));
    ASSERT_TRUE(sealer.Seal(id, Sha256Of("x"), 4));
  }
  auto cps = catalog_->ListCheckpoints("gate");
  ASSERT_TRUE(cps);
  ASSERT_EQ(cps->size(), 3u);  // at links 1, 4, 7
  EXPECT_EQ((*cps)[0].seq, 1);
  EXPECT_EQ((*cps)[1].seq, 4);
  EXPECT_EQ((*cps)[2].seq, 7);
  EXPECT_TRUE(CheckpointSignatureValid((*cps)[1], key_.public_key()));
  clock_.Advance(601 * kSecond);
  ASSERT_TRUE(sealer.Seal(Recording(7, "r7"), Sha256Of("x"), 4));  // T passed: link 8 gets one
  EXPECT_EQ((*catalog_->LatestCheckpoint("gate"))->seq, 8);
  ASSERT_TRUE(sealer.Seal(Recording(8, "r8"), Sha256Of("x"), 4));
  EXPECT_EQ((*catalog_->LatestCheckpoint("gate"))->seq, 8);
  auto n = sealer.CheckpointAll();  // shutdown: the head (9) gets one
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_EQ((*catalog_->LatestCheckpoint("gate"))->seq, 9);
  EXPECT_EQ(*sealer.CheckpointAll(), 0);
}

TEST_F(ChainSealerTest, SealUnsealedHashesTheFiles) {
  const int64_t a = Recording(0, "aaaa");
  const int64_t b = Recording(1, "bbbb");
  ChainSealer sealer(*catalog_, key_, clock_);
  std::vector<std::string> notes;
  auto n = sealer.SealUnsealed(Data(), &notes);
  ASSERT_TRUE(n) << n.error().ToString();
  EXPECT_EQ(*n, 2);
  EXPECT_EQ((*catalog_->GetChainLink(a))->file_sha256, Sha256Of("aaaa"));
  EXPECT_EQ((*catalog_->GetChainLink(b))->file_bytes, 4);
  EXPECT_TRUE(Mentions(notes, "sealed as link 2 of camera gate")) << Lines(notes);
}

class VerifyIntegrityTest : public ChainSealerTest {
 protected:
  void SetUp() override {
    ChainSealerTest::SetUp();
    for (int i = 0; i < 4; ++i) ids_.push_back(Recording(i, "content " + std::to_string(i)));
    FixBytes(9);  // "content N"
    ChainSealer sealer(*catalog_, key_, clock_);
    ASSERT_TRUE(sealer.SealUnsealed(Data(), nullptr));
    ASSERT_TRUE(sealer.CheckpointAll());
  }
  std::string FileOf(int i) { return JoinPath(Data(), catalog_->GetRecording(ids_[i])->file_path); }
  std::vector<int64_t> ids_;
};

TEST_F(VerifyIntegrityTest, IntactDataFolderHasNoProblems) {
  auto r = Verify(key_.public_key());
  EXPECT_TRUE(r.problems.empty()) << Lines(r.problems);
  EXPECT_EQ(r.links_checked, 4);
  EXPECT_EQ(r.files_hashed, 4);
  EXPECT_EQ(r.checkpoints_checked, 2);
}

TEST_F(VerifyIntegrityTest, ChangedAndMissingFilesAreNamedByRecording) {
  std::ofstream(FileOf(1), std::ios::binary) << "content X";
  fs::remove(FileOf(2));
  auto r = Verify(key_.public_key());
  EXPECT_TRUE(Mentions(r.problems, "(recording " + std::to_string(ids_[1]) + "): file ")) << Lines(r.problems);
  EXPECT_TRUE(Mentions(r.problems, "changed after sealing")) << Lines(r.problems);
  EXPECT_TRUE(Mentions(r.problems, "(recording " + std::to_string(ids_[2]) + "): file")) << Lines(r.problems);
  EXPECT_TRUE(Mentions(r.problems, "is missing")) << Lines(r.problems);
}

TEST_F(VerifyIntegrityTest, EditedRemovedAndInsertedLinksBreakTheChain) {
  auto raw = OpenRaw();
  // Someone rewrites a hash to match an edited file.
  ASSERT_TRUE(raw->Exec("UPDATE chain_link SET file_sha256 = randomblob(32) WHERE seq = 2", "t").ok());
  auto r = Verify(key_.public_key());
  EXPECT_TRUE(Mentions(r.problems, "link 2 (recording " + std::to_string(ids_[1]) + "): its chain hash does not match"))
      << Lines(r.problems);
  // Removing a link (and its recording row) leaves a hole.
  ASSERT_TRUE(raw->Exec("DELETE FROM chain_link WHERE seq = 3", "t").ok());
  r = Verify(key_.public_key());
  EXPECT_TRUE(Mentions(r.problems, "1 link(s) missing")) << Lines(r.problems);
  // A recording edited in the catalog after sealing.
  ASSERT_TRUE(raw->Exec("UPDATE recording SET frames = frames - 1", "t").ok());
  r = Verify(key_.public_key());
  EXPECT_TRUE(Mentions(r.problems, "the catalog row was edited after sealing (frames)")) << Lines(r.problems);
}

TEST_F(VerifyIntegrityTest, ForgedOrForeignCheckpointsAreNamed) {
  auto raw = OpenRaw();
  ASSERT_TRUE(raw->Exec("UPDATE chain_checkpoint SET signature = randomblob(64) WHERE seq = 4", "t").ok());
  auto r = Verify(key_.public_key());
  EXPECT_TRUE(Mentions(r.problems, "(link 4, recording " + std::to_string(ids_[3]) + "): its signature is not valid"))
      << Lines(r.problems);
  // Expected another node's key.
  r = Verify(NodeKey::FromSeed(std::array<uint8_t, 32>{2}).public_key());
  EXPECT_TRUE(Mentions(r.problems, "signed by another key")) << Lines(r.problems);
}

TEST_F(VerifyIntegrityTest, AFinishedRecordingOutsideTheChainIsReported) {
  const int64_t forged = Recording(10, "forged");
  auto r = Verify(key_.public_key());
  EXPECT_TRUE(Mentions(r.problems, "recording " + std::to_string(forged) + " (")) << Lines(r.problems);
  EXPECT_TRUE(Mentions(r.problems, "finished but not in the chain")) << Lines(r.problems);
}

}  // namespace
}  // namespace custos::testing
