#include "rtsp/url.h"

#include <gtest/gtest.h>

namespace custos {
namespace {

TEST(RtspUrlTest, ParsesPlainUrlWithDefaultPort) {
  auto u = ParseRtspUrl("rtsp://192.168.1.10/Streaming/Channels/101");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->host, "192.168.1.10");
  EXPECT_EQ(u->port, 554);
  EXPECT_FALSE(u->explicit_port);
  EXPECT_EQ(u->path_and_query, "/Streaming/Channels/101");
  EXPECT_FALSE(u->has_userinfo);
  EXPECT_EQ(u->ToRequestUri(), "rtsp://192.168.1.10/Streaming/Channels/101");
}

TEST(RtspUrlTest, ParsesCredentialsPortAndQuery) {
  auto u = ParseRtspUrl("RTSP://admin:p%40ss%3Aw0rd@cam.local:8554/cam/realmonitor?channel=1&subtype=0");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->user, "admin");
  EXPECT_EQ(u->password, "p@ss:w0rd");
  EXPECT_EQ(u->host, "cam.local");
  EXPECT_EQ(u->port, 8554);
  EXPECT_EQ(u->path_and_query, "/cam/realmonitor?channel=1&subtype=0");
  EXPECT_EQ(u->ToRequestUri(), "rtsp://cam.local:8554/cam/realmonitor?channel=1&subtype=0");
  EXPECT_EQ(u->ToLogString(), "rtsp://***@cam.local:8554/cam/realmonitor?channel=1&subtype=0");
}

TEST(RtspUrlTest, LastAtEndsUserinfo) {
  auto u = ParseRtspUrl("rtsp://user:p@ss@10.0.0.1/live");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->password, "p@ss");
  EXPECT_EQ(u->host, "10.0.0.1");
}

TEST(RtspUrlTest, UserWithoutPassword) {
  auto u = ParseRtspUrl("rtsp://admin@10.0.0.1/");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->user, "admin");
  EXPECT_EQ(u->password, "");
  EXPECT_TRUE(u->has_userinfo);
}

TEST(RtspUrlTest, ParsesIpv6Literal) {
  auto u = ParseRtspUrl("rtsp://[fe80::1]:10554/stream");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->host, "fe80::1");
  EXPECT_EQ(u->port, 10554);
  EXPECT_TRUE(u->is_ipv6());
  EXPECT_EQ(u->ToRequestUri(), "rtsp://[fe80::1]:10554/stream");
  auto d = ParseRtspUrl("rtsp://[::1]/x");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->port, 554);
}

TEST(RtspUrlTest, EmptyPathBecomesSlash) {
  EXPECT_EQ(ParseRtspUrl("rtsp://h")->path_and_query, "/");
  EXPECT_EQ(ParseRtspUrl("rtsp://h:554")->path_and_query, "/");
  EXPECT_EQ(ParseRtspUrl("rtsp://h?x=1")->path_and_query, "/?x=1");
  EXPECT_EQ(ParseRtspUrl("  rtsp://h/a  ")->path_and_query, "/a");
}

TEST(RtspUrlTest, RejectsBadUrlsWithoutLeakingPassword) {
  EXPECT_FALSE(ParseRtspUrl("http://h/").has_value());
  EXPECT_FALSE(ParseRtspUrl("rtsp:///path").has_value());
  EXPECT_FALSE(ParseRtspUrl("rtsp://h:99999/").has_value());
  EXPECT_FALSE(ParseRtspUrl("rtsp://h:abc/").has_value());
  EXPECT_FALSE(ParseRtspUrl("rtsp://[::1/").has_value());
  auto bad = ParseRtspUrl("rtsp://u:secret@h:0/");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message().find("secret"), std::string::npos) << bad.error().message();
}

TEST(RtspUrlTest, StripsUserinfo) {
  EXPECT_EQ(StripUserinfo("rtsp://a:b@h/p@q"), "rtsp://h/p@q");
  EXPECT_EQ(StripUserinfo("rtsp://h/p"), "rtsp://h/p");
  EXPECT_EQ(StripUserinfo("garbage"), "garbage");
}

TEST(RtspUrlTest, RepairsCameraContentBase) {
  EXPECT_EQ(RepairBaseUrl("rtsp://10.0.0.1/live/"), "rtsp://10.0.0.1/live/");
  // No scheme (Anjvision; go2rtc#1852).
  EXPECT_EQ(RepairBaseUrl("192.168.253.220:1935/"), "rtsp://192.168.253.220:1935/");
  // Doubled scheme (Vikylin YC2367C).
  EXPECT_EQ(RepairBaseUrl("rtsp://rtsp://10.0.0.1/a/"), "rtsp://10.0.0.1/a/");
  // IPv4-mapped host without brackets.
  EXPECT_EQ(RepairBaseUrl("rtsp://::ffff:192.168.1.123/"), "rtsp://192.168.1.123/");
  // Embedded credentials (Hanwha) are removed.
  EXPECT_EQ(RepairBaseUrl("rtsp://admin:pw@10.0.0.1/profile1/"), "rtsp://10.0.0.1/profile1/");
  EXPECT_FALSE(RepairBaseUrl("").has_value());
  EXPECT_FALSE(RepairBaseUrl("http://x/").has_value());
}

TEST(RtspUrlTest, ChoosesBaseInOrder) {
  EXPECT_EQ(ChooseBaseUrl("rtsp://a/b/", "rtsp://c/d", "rtsp://e/f"), "rtsp://a/b/");
  EXPECT_EQ(ChooseBaseUrl("", "rtsp://c/d", "rtsp://e/f"), "rtsp://c/d");
  EXPECT_EQ(ChooseBaseUrl("http://broken", "", "rtsp://u:p@e/f"), "rtsp://e/f");
}

TEST(RtspUrlTest, ResolvesControlLikeCameras) {
  const std::string base = "rtsp://10.0.0.1:554/cam/realmonitor?channel=1&subtype=0";
  EXPECT_EQ(ResolveControlUrl(base, "trackID=0"), base + "/trackID=0");
  EXPECT_EQ(ResolveControlUrl("rtsp://h/live/", "trackID=1"), "rtsp://h/live/trackID=1");
  EXPECT_EQ(ResolveControlUrl("rtsp://h/live", "/trackID=1"), "rtsp://h/live/trackID=1");
  EXPECT_EQ(ResolveControlUrl("rtsp://h/live/", "*"), "rtsp://h/live/");
  EXPECT_EQ(ResolveControlUrl("rtsp://h/live/", ""), "rtsp://h/live/");
  EXPECT_EQ(ResolveControlUrl("rtsp://h/live/", "rtsp://other/x/track1"), "rtsp://other/x/track1");
  EXPECT_EQ(ResolveControlUrl("rtsp://h/live/", "RTSP://u:p@other/t"), "RTSP://other/t");
  EXPECT_EQ(ResolveControlUrl("rtsp://h/live/", " stream=0 "), "rtsp://h/live/stream=0");
}

TEST(RtspUrlTest, ResolvesControlPerRfc3986AsFallback) {
  EXPECT_EQ(ResolveControlUrlRfc3986("rtsp://h/a/b?q=1", "trackID=1"), "rtsp://h/a/trackID=1");
  EXPECT_EQ(ResolveControlUrlRfc3986("rtsp://h/a/b/", "trackID=1"), "rtsp://h/a/b/trackID=1");
  EXPECT_EQ(ResolveControlUrlRfc3986("rtsp://h/a/b", "/t"), "rtsp://h/t");
  EXPECT_EQ(ResolveControlUrlRfc3986("rtsp://h/a/b/c", "../t"), "rtsp://h/a/t");
  EXPECT_EQ(ResolveControlUrlRfc3986("rtsp://h:554", "t"), "rtsp://h:554/t");
  EXPECT_EQ(ResolveControlUrlRfc3986("rtsp://h/a/b", "t?x=1"), "rtsp://h/a/t?x=1");
  EXPECT_EQ(ResolveControlUrlRfc3986("rtsp://h/a/b", "*"), "rtsp://h/a/b");
}

}  // namespace
}  // namespace custos
