#include "sim/auth.h"

#include <gtest/gtest.h>

#include "base/base64.h"

namespace custos::sim {
namespace {

TEST(AuthTest, Md5MatchesRfc1321) {
  EXPECT_EQ(Md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Md5Hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(AuthTest, DisabledAcceptsAnything) { EXPECT_TRUE(RtspAuth().Check("PLAY", "")); }

TEST(AuthTest, ChecksBasic) {
  RtspAuth auth("admin", "secret", "n0nce");
  EXPECT_TRUE(auth.Check("DESCRIBE", "Basic " + Base64Encode(std::string_view("admin:secret"))));
  EXPECT_FALSE(auth.Check("DESCRIBE", "Basic " + Base64Encode(std::string_view("admin:wrong"))));
  EXPECT_FALSE(auth.Check("DESCRIBE", ""));
  EXPECT_FALSE(auth.Check("DESCRIBE", "Basic"));
}

TEST(AuthTest, ChecksDigest) {
  RtspAuth auth("admin", "secret", "n0nce");
  const std::string uri = "rtsp://127.0.0.1/cam1";
  const std::string ha1 = Md5Hex("admin:" + std::string(kAuthRealm) + ":secret");
  const std::string response = Md5Hex(ha1 + ":n0nce:" + Md5Hex("DESCRIBE:" + uri));
  const std::string header = "Digest username=\"admin\", realm=\"" + std::string(kAuthRealm) +
                             "\", nonce=\"n0nce\", uri=\"" + uri + "\", response=\"" + response + "\"";
  EXPECT_TRUE(auth.Check("DESCRIBE", header));
  EXPECT_FALSE(auth.Check("PLAY", header));  // the method is part of the digest
  EXPECT_FALSE(auth.Check("DESCRIBE", "Digest username=\"admin\", response=\"" + response + "\""));
  EXPECT_FALSE(auth.Check("DESCRIBE", "Digest username=\"admin"));
  EXPECT_NE(auth.ChallengeHeaders().find("nonce=\"n0nce\""), std::string::npos);
}

}  // namespace
}  // namespace custos::sim
