#include "integrity/chain.h"

#include <gtest/gtest.h>

namespace custos {
namespace {

std::vector<ChainLink> MakeChain(int n) {
  std::vector<ChainLink> links;
  Sha256Digest prev{};
  for (int i = 1; i <= n; ++i) {
    ChainLink l;
    l.camera_id = "gate";
    l.seq = i;
    l.recording_id = 100 + i;
    l.file_sha256 = Sha256Of("file " + std::to_string(i));
    l.file_bytes = 1000 * i;
    l.start_wall_90k = WallTime90k{i * 5400000LL};
    l.end_wall_90k = WallTime90k{(i + 1) * 5400000LL};
    l.frames = 1500;
    l.prev_chain_hash = prev;
    l.chain_hash = ComputeChainHash(l);
    prev = l.chain_hash;
    links.push_back(l);
  }
  return links;
}

TEST(ChainTest, EveryFieldChangesTheHash) {
  const ChainLink base = MakeChain(1)[0];
  const Sha256Digest h = ComputeChainHash(base);
  std::vector<ChainLink> variants(9, base);
  variants[0].camera_id = "gatf";
  variants[1].seq = 2;
  variants[2].recording_id = 102;
  variants[3].file_sha256[31] ^= 1;
  variants[4].file_bytes += 1;
  variants[5].start_wall_90k.ticks_90k += 1;
  variants[6].end_wall_90k.ticks_90k += 1;
  variants[7].frames += 1;
  variants[8].prev_chain_hash[0] ^= 1;
  for (const auto& v : variants) EXPECT_NE(ComputeChainHash(v), h);
  ChainLink sealed_later = base;
  sealed_later.sealed_wall_90k.ticks_90k += 90000;  // informative only
  EXPECT_EQ(ComputeChainHash(sealed_later), h);
}

TEST(ChainTest, IntactRunHasNoProblems) {
  auto links = MakeChain(5);
  const Sha256Digest zero{};
  EXPECT_TRUE(CheckChainRun(links, &zero).empty());
  std::vector<ChainLink> tail(links.begin() + 2, links.end());
  EXPECT_TRUE(CheckChainRun(tail, nullptr).empty());
}

TEST(ChainTest, EditedRemovedAndInsertedLinksAreNamed) {
  auto edited = MakeChain(4);
  edited[1].file_sha256[0] ^= 0x80;
  auto p = CheckChainRun(edited, nullptr);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].find("link 2 (recording 102)"), std::string::npos) << p[0];
  EXPECT_NE(p[0].find("edited"), std::string::npos);

  auto removed = MakeChain(4);
  removed.erase(removed.begin() + 2);
  p = CheckChainRun(removed, nullptr);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].find("1 link(s) missing"), std::string::npos) << p[0];

  // A forged link with a self-consistent hash, inserted in place of link 3, breaks link 4.
  auto inserted = MakeChain(4);
  inserted[2].recording_id = 999;
  inserted[2].chain_hash = ComputeChainHash(inserted[2]);
  p = CheckChainRun(inserted, nullptr);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].find("link 4 (recording 104): does not follow link 3"), std::string::npos) << p[0];
}

TEST(ChainTest, CheckpointSignatureCoversEveryField) {
  std::array<uint8_t, 32> seed{};
  seed[0] = 7;
  NodeKey key = NodeKey::FromSeed(seed);
  ChainCheckpoint c;
  c.camera_id = "gate";
  c.seq = 3;
  c.recording_id = 103;
  c.chain_hash = MakeChain(3)[2].chain_hash;
  c.signed_wall_90k = WallTime90k{123456789};
  SignCheckpoint(key, c);
  EXPECT_TRUE(CheckpointSignatureValid(c, key.public_key()));
  ChainCheckpoint moved = c;
  moved.seq = 4;
  EXPECT_FALSE(CheckpointSignatureValid(moved, key.public_key()));
  ChainCheckpoint other_camera = c;
  other_camera.camera_id = "yard";
  EXPECT_FALSE(CheckpointSignatureValid(other_camera, key.public_key()));
  seed[0] = 8;
  EXPECT_FALSE(CheckpointSignatureValid(c, NodeKey::FromSeed(seed).public_key()));
}

}  // namespace
}  // namespace custos
