#include "base/base64.h"

#include <gtest/gtest.h>

namespace custos {
namespace {

std::string AsString(const Bytes& b) { return std::string(b.begin(), b.end()); }

TEST(Base64Test, EncodesRfc4648Vectors) {
  EXPECT_EQ(Base64Encode(std::string_view("")), "");
  EXPECT_EQ(Base64Encode(std::string_view("f")), "Zg==");
  EXPECT_EQ(Base64Encode(std::string_view("fo")), "Zm8=");
  EXPECT_EQ(Base64Encode(std::string_view("foo")), "Zm9v");
  EXPECT_EQ(Base64Encode(std::string_view("foob")), "Zm9vYg==");
  EXPECT_EQ(Base64Encode(std::string_view("fooba")), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode(std::string_view("foobar")), "Zm9vYmFy");
}

TEST(Base64Test, DecodesRfc4648Vectors) {
  for (std::string_view s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    auto d = Base64Decode(Base64Encode(s));
    ASSERT_TRUE(d.has_value()) << s;
    EXPECT_EQ(AsString(*d), s);
  }
}

TEST(Base64Test, DecodesWithoutPaddingAndWithWhitespace) {
  auto d = Base64Decode(" Zm9v\r\nYg ");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(AsString(*d), "foob");
}

TEST(Base64Test, DecodesUrlSafeAlphabet) {
  Bytes raw = {0xfb, 0xff, 0xbf};
  EXPECT_EQ(Base64Encode(raw), "+/+/");
  auto d = Base64Decode("-_-_");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(*d, raw);
}

TEST(Base64Test, DecodesH264ParameterSet) {
  auto d = Base64Decode("Z0IAKeKQFAe2AtwEBAaQeJEV");
  ASSERT_TRUE(d.has_value());
  ASSERT_FALSE(d->empty());
  EXPECT_EQ((*d)[0], 0x67);  // SPS NAL header
}

TEST(Base64Test, RejectsGarbage) {
  EXPECT_FALSE(Base64Decode("Zm9v!").has_value());
  EXPECT_FALSE(Base64Decode("Zm=9v").has_value());  // data after padding
  EXPECT_FALSE(Base64Decode("Z").has_value());      // truncated quantum
  EXPECT_EQ(Base64Decode("Zm9v*").error().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace custos
