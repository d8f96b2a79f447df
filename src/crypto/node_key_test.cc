#include "crypto/node_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace custos {
namespace {

class NodeKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/custos-node-key-XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(NodeKeyTest, CreatedOnceThenReloadedWithTheSamePublicKey) {
  auto first = NodeKey::LoadOrCreate(dir_);
  ASSERT_TRUE(first) << first.error().ToString();
  auto again = NodeKey::LoadOrCreate(dir_);
  ASSERT_TRUE(again);
  EXPECT_EQ(first->PublicKeyHex(), again->PublicKeyHex());
  EXPECT_EQ(first->PublicKeyHex().size(), 64u);
  struct stat st {};
  ASSERT_EQ(::stat((dir_ + "/secrets/node.ed25519").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(NodeKeyTest, LoadWithoutKeyIsNotFound) {
  auto key = NodeKey::Load(dir_);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code(), StatusCode::kNotFound);
}

TEST_F(NodeKeyTest, CorruptKeyFileIsDataLossNotReplaced) {
  std::filesystem::create_directories(dir_ + "/secrets");
  std::ofstream(dir_ + "/secrets/node.ed25519") << "not hex\n";
  auto key = NodeKey::LoadOrCreate(dir_);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code(), StatusCode::kDataLoss);
}

TEST(NodeKeySign, SignatureVerifiesAndAnyChangeFails) {
  std::array<uint8_t, 32> seed{};
  seed[0] = 7;
  NodeKey key = NodeKey::FromSeed(seed);
  Signature sig = key.Sign("checkpoint 42");
  EXPECT_TRUE(VerifySignature(key.public_key(), "checkpoint 42", sig));
  EXPECT_FALSE(VerifySignature(key.public_key(), "checkpoint 43", sig));
  sig[5] ^= 1;
  EXPECT_FALSE(VerifySignature(key.public_key(), "checkpoint 42", sig));
  seed[0] = 8;
  EXPECT_FALSE(VerifySignature(NodeKey::FromSeed(seed).public_key(), "checkpoint 42", key.Sign("checkpoint 42")));
}

TEST(NodeKeyHex, RoundTripsAndRejectsBadInput) {
  const uint8_t raw[] = {0x00, 0xab, 0xff};
  EXPECT_EQ(ToHex(raw, 3), "00abff");
  EXPECT_EQ(*FromHex("00ABff"), std::string("\x00\xab\xff", 3));
  EXPECT_FALSE(FromHex("abc"));
  EXPECT_FALSE(FromHex("zz"));
  EXPECT_FALSE(ParsePublicKeyHex("00ab"));
  std::array<uint8_t, 32> seed{};
  NodeKey key = NodeKey::FromSeed(seed);
  auto parsed = ParsePublicKeyHex(key.PublicKeyHex());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, key.public_key());
  Signature sig = key.Sign("x");
  auto sig_parsed = ParseSignatureHex(ToHex(sig.data(), sig.size()));
  ASSERT_TRUE(sig_parsed);
  EXPECT_EQ(*sig_parsed, sig);
}

}  // namespace
}  // namespace custos
