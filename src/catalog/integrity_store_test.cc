#include <gtest/gtest.h>

#include "catalog/catalog_test_util.h"

namespace custos::testing {
namespace {

using IntegrityStoreTest = CatalogTest;

TEST_F(IntegrityStoreTest, SealingBuildsAChainPerCamera) {
  const int64_t a = InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  const int64_t b = InsertFinished("gate", kT0 + 60 * kSecond, kT0 + 120 * kSecond);
  const int64_t y = InsertFinished("yard", kT0, kT0 + 60 * kSecond);
  auto la = catalog_->SealRecording(a, Sha256Of("a"), 111);
  auto ly = catalog_->SealRecording(y, Sha256Of("y"), 333);
  auto lb = catalog_->SealRecording(b, Sha256Of("b"), 222);
  ASSERT_TRUE(la && lb && ly);
  EXPECT_EQ(la->seq, 1);
  EXPECT_EQ(lb->seq, 2);
  EXPECT_EQ(ly->seq, 1);
  EXPECT_EQ(la->prev_chain_hash, Sha256Digest{});
  EXPECT_EQ(lb->prev_chain_hash, la->chain_hash);
  EXPECT_EQ(lb->frames, 60 * 25);
  EXPECT_EQ(lb->end_wall_90k, WallTime90k{kT0 + 120 * kSecond});
  auto links = catalog_->ListChainLinks("gate", 1, INT64_MAX);
  ASSERT_TRUE(links);
  ASSERT_EQ(links->size(), 2u);
  const Sha256Digest zero{};
  EXPECT_TRUE(CheckChainRun(*links, &zero).empty());
  EXPECT_EQ((*links)[1].file_bytes, 222);
  EXPECT_EQ((*links)[1].file_sha256, Sha256Of("b"));
  auto head = catalog_->ChainHead("gate");
  ASSERT_TRUE(head && head->has_value());
  EXPECT_EQ((*head)->recording_id, b);
  auto of_a = catalog_->GetChainLink(a);
  ASSERT_TRUE(of_a && of_a->has_value());
  EXPECT_EQ((*of_a)->chain_hash, la->chain_hash);
  auto cams = catalog_->ListChainedCameras();
  ASSERT_TRUE(cams);
  EXPECT_EQ(*cams, (std::vector<std::string>{"gate", "yard"}));
}

TEST_F(IntegrityStoreTest, RefusesToSealTwiceOrWhileWriting) {
  const int64_t a = InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  ASSERT_TRUE(catalog_->SealRecording(a, Sha256Of("a"), 1));
  auto again = catalog_->SealRecording(a, Sha256Of("a"), 1);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), StatusCode::kAlreadyExists);
  const int64_t open = Insert("gate", kT0 + 60 * kSecond, "gate/open.mp4");
  auto writing = catalog_->SealRecording(open, Sha256Of("w"), 1);
  ASSERT_FALSE(writing);
  EXPECT_EQ(writing.error().code(), StatusCode::kFailedPrecondition);
  auto none = catalog_->SealRecording(9999, Sha256Of("w"), 1);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), StatusCode::kNotFound);
}

TEST_F(IntegrityStoreTest, ListsFinishedRecordingsThatAreNotSealed) {
  const int64_t a = InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  const int64_t b = InsertFinished("gate", kT0 + 60 * kSecond, kT0 + 120 * kSecond);
  Insert("gate", kT0 + 120 * kSecond, "gate/open.mp4");  // writing: not listed
  ASSERT_TRUE(catalog_->SealRecording(a, Sha256Of("a"), 1));
  auto unsealed = catalog_->ListUnsealedRecordings();
  ASSERT_TRUE(unsealed);
  ASSERT_EQ(unsealed->size(), 1u);
  EXPECT_EQ((*unsealed)[0].id, b);
}

TEST_F(IntegrityStoreTest, StoresAndOrdersCheckpoints) {
  std::array<uint8_t, 32> seed{};
  NodeKey key = NodeKey::FromSeed(seed);
  for (int64_t seq : {3, 1, 2}) {
    ChainCheckpoint c;
    c.camera_id = "gate";
    c.seq = seq;
    c.recording_id = 10 + seq;
    c.chain_hash = Sha256Of(std::to_string(seq));
    c.signed_wall_90k = WallTime90k{kT0 + seq};
    SignCheckpoint(key, c);
    ASSERT_TRUE(catalog_->AddCheckpoint(c));
  }
  auto all = catalog_->ListCheckpoints("gate");
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].seq, 1);
  EXPECT_TRUE(CheckpointSignatureValid((*all)[2], key.public_key()));
  auto latest = catalog_->LatestCheckpoint("gate");
  ASSERT_TRUE(latest && latest->has_value());
  EXPECT_EQ((*latest)->seq, 3);
  EXPECT_EQ((*latest)->recording_id, 13);
  auto none = catalog_->LatestCheckpoint("yard");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
}

}  // namespace
}  // namespace custos::testing
