#include "crypto/sha256.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace custos {
namespace {

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(DigestHex(Sha256Of("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(DigestHex(Sha256Of("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, IncrementalEqualsOneShotAndResetsAfterFinish) {
  std::string data(100000, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7 + 3);
  Sha256 h;
  h.Update(std::string_view(data).substr(0, 1));
  h.Update(std::string_view(data).substr(1, 4095));
  h.Update(std::string_view(data).substr(4096));
  EXPECT_EQ(h.Finish(), Sha256Of(data));
  h.Update(std::string_view("abc"));
  EXPECT_EQ(h.Finish(), Sha256Of("abc"));
  Sha256 moved = std::move(h);
  moved.Update(std::string_view("abc"));
  EXPECT_EQ(moved.Finish(), Sha256Of("abc"));
}

TEST(Sha256Test, FileHashAndSize) {
  char tmpl[] = "/tmp/custos-sha-XXXXXX";
  const std::string dir = mkdtemp(tmpl);
  const std::string path = dir + "/f";
  std::string data(3 << 20, 'x');
  data[12345] = 'y';
  std::ofstream(path, std::ios::binary) << data;
  uint64_t size = 0;
  auto d = Sha256OfFile(path, &size);
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(*d, Sha256Of(data));
  EXPECT_EQ(size, data.size());
  auto missing = Sha256OfFile(dir + "/none");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), StatusCode::kNotFound);
  auto parsed = ParseDigestHex(DigestHex(*d));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, *d);
  EXPECT_FALSE(ParseDigestHex("abc"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace custos
