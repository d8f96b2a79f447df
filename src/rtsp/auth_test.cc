#include "rtsp/auth.h"

#include <gtest/gtest.h>

namespace custos {
namespace {

TEST(AuthChallengeTest, ParsesSeveralChallengesWithQuotedCommas) {
  auto c = ParseAuthChallenges(
      "Digest realm=\"a, b\", nonce=\"n1\", qop=\"auth,auth-int\", stale=FALSE, Basic realm=\"x\"");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].scheme, "Digest");
  EXPECT_EQ(*c[0].Param("realm"), "a, b");
  EXPECT_EQ(*c[0].Param("nonce"), "n1");
  EXPECT_EQ(*c[0].Param("qop"), "auth,auth-int");
  EXPECT_EQ(*c[0].Param("stale"), "FALSE");
  EXPECT_EQ(c[1].scheme, "Basic");
  EXPECT_EQ(*c[1].Param("realm"), "x");
}

TEST(AuthChallengeTest, LiberalSyntax) {
  auto c = ParseAuthChallenges("  digest  REALM = \"r\\\"q\" ,NONCE=abc,opaque=\"\"  ");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(*c[0].Param("realm"), "r\"q");
  EXPECT_EQ(*c[0].Param("nonce"), "abc");
  EXPECT_EQ(*c[0].Param("opaque"), "");
  EXPECT_TRUE(ParseAuthChallenges("").empty());
  EXPECT_EQ(ParseAuthChallenges("Basic").size(), 1u);
  // Unterminated quote runs to the end instead of failing.
  auto u = ParseAuthChallenges("Digest realm=\"abc");
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(*u[0].Param("realm"), "abc");
}

TEST(DigestTest, Rfc2617Example) {
  DigestInput in;
  in.user = "Mufasa";
  in.password = "Circle Of Life";
  in.realm = "testrealm@host.com";
  in.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
  in.method = "GET";
  in.uri = "/dir/index.html";
  in.qop = "auth";
  in.nc = "00000001";
  in.cnonce = "0a4f113b";
  EXPECT_EQ(DigestResponse(in), "6629fae49393a05397450978507c4ef1");
  // Without qop (RFC 2069 form), checked against an independent MD5 computation.
  in.qop = "";
  EXPECT_EQ(DigestResponse(in), "670fd8c2df070c60b045671b8b24ff02");
}

TEST(DigestTest, Rfc7616Examples) {
  DigestInput in;
  in.user = "Mufasa";
  in.password = "Circle of Life";
  in.realm = "http-auth@example.org";
  in.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  in.method = "GET";
  in.uri = "/dir/index.html";
  in.qop = "auth";
  in.nc = "00000001";
  in.cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
  EXPECT_EQ(DigestResponse(in), "8ca523f5e9506fed4657c9700eebdbec");
  in.algorithm = DigestAlgorithm::kSha256;
  EXPECT_EQ(DigestResponse(in), "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

TEST(RtspAuthenticatorTest, NothingBeforeAChallenge) {
  RtspAuthenticator a("u", "p");
  EXPECT_EQ(a.Authorize("DESCRIBE", "rtsp://h/"), "");
  EXPECT_EQ(a.scheme(), AuthScheme::kNone);
}

TEST(RtspAuthenticatorTest, Basic) {
  RtspAuthenticator a("Aladdin", "open sesame");
  ASSERT_TRUE(a.OnChallenge({"Basic realm=\"TP-Link IP-Camera\""}).ok());
  EXPECT_EQ(a.Authorize("DESCRIBE", "rtsp://h/"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
}

TEST(RtspAuthenticatorTest, DigestWithoutQopMatchesLive555Style) {
  RtspAuthenticator a("admin", "secret");
  ASSERT_TRUE(a.OnChallenge({"Digest realm=\"LIVE555 Streaming Media\", nonce=\"abcdef\""}).ok());
  EXPECT_EQ(a.Authorize("DESCRIBE", "rtsp://10.0.0.2/stream1"),
            "Digest username=\"admin\", realm=\"LIVE555 Streaming Media\", nonce=\"abcdef\", "
            "uri=\"rtsp://10.0.0.2/stream1\", response=\"55420213dfd1c20ce9aaea69dd12d942\"");
}

TEST(RtspAuthenticatorTest, DigestWithQopCountsNonces) {
  RtspAuthenticator a("Mufasa", "Circle Of Life");
  a.set_cnonce_for_test("0a4f113b");
  ASSERT_TRUE(a.OnChallenge({"Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                             "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""})
                  .ok());
  EXPECT_EQ(a.Authorize("GET", "/dir/index.html"),
            "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
            "uri=\"/dir/index.html\", response=\"6629fae49393a05397450978507c4ef1\", "
            "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", qop=auth, nc=00000001, cnonce=\"0a4f113b\"");
  EXPECT_NE(a.Authorize("GET", "/dir/index.html").find("nc=00000002"), std::string::npos);
  // A new nonce restarts the count.
  ASSERT_TRUE(a.OnChallenge({"Digest realm=\"testrealm@host.com\", qop=auth, nonce=\"other\", stale=\"true\""}).ok());
  EXPECT_TRUE(a.stale());
  EXPECT_NE(a.Authorize("GET", "/").find("nc=00000001"), std::string::npos);
}

TEST(RtspAuthenticatorTest, PrefersStrongestScheme) {
  RtspAuthenticator a("u", "p");
  // Hikvision: Digest and Basic in two headers; Digest wins.
  ASSERT_TRUE(a.OnChallenge({"Basic realm=\"r\"", "Digest realm=\"r\", nonce=\"n\", stale=\"FALSE\""}).ok());
  EXPECT_EQ(a.scheme(), AuthScheme::kDigest);
  EXPECT_FALSE(a.stale());
  // SHA-256 over MD5, with the algorithm echoed.
  ASSERT_TRUE(a.OnChallenge({"Digest realm=\"r\", nonce=\"n\", algorithm=MD5",
                             "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256"})
                  .ok());
  EXPECT_NE(a.Authorize("PLAY", "rtsp://h/").find("algorithm=SHA-256"), std::string::npos);
}

TEST(RtspAuthenticatorTest, UnsupportedSchemesAreUnauthenticated) {
  RtspAuthenticator a("u", "p");
  Status s = a.OnChallenge({"Negotiate abc", "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256"});
  EXPECT_EQ(s.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(a.OnChallenge({"Digest realm=\"r\""}).code(), StatusCode::kUnauthenticated);  // no nonce
  EXPECT_EQ(a.OnChallenge({}).code(), StatusCode::kUnauthenticated);
}

TEST(RtspAuthenticatorTest, ResetForgetsTheChallenge) {
  RtspAuthenticator a("u", "p");
  ASSERT_TRUE(a.OnChallenge({"Basic realm=\"r\""}).ok());
  a.Reset();
  EXPECT_EQ(a.Authorize("OPTIONS", "rtsp://h/"), "");
}

}  // namespace
}  // namespace custos
