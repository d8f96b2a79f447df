#include "api/request_util.h"

#include <gtest/gtest.h>

namespace custos::api {
namespace {

TEST(ParseTarget, SplitsAndDecodes) {
  auto t = ParseTarget("/api/v1/cameras/gate/timeline?from=2026-11-23T08%3A00%3A00%2B08%3A00&to=x+y&flag");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/api/v1/cameras/gate/timeline");
  EXPECT_EQ(t->query.at("from"), "2026-11-23T08:00:00+08:00");
  EXPECT_EQ(t->query.at("to"), "x y");
  EXPECT_EQ(t->query.at("flag"), "");
  EXPECT_TRUE(ParseTarget("/a%20b")->path == "/a b");
}

TEST(ParseTarget, RejectsBadTargets) {
  EXPECT_FALSE(ParseTarget(""));
  EXPECT_FALSE(ParseTarget("api/v1"));
  EXPECT_FALSE(ParseTarget("/a%2"));
  EXPECT_FALSE(ParseTarget("/a%zz"));
  EXPECT_FALSE(ParseTarget("/a/%2e%2e/b"));
  EXPECT_FALSE(ParseTarget("/a%00"));
  EXPECT_FALSE(ParseTarget("/a?x=%"));
}

Request WithQuery(std::map<std::string, std::string> q) {
  Request r;
  r.query = std::move(q);
  return r;
}

TEST(ParseWholeNumber, TheWholeTextOrNothing) {
  EXPECT_EQ(ParseWholeNumber("0"), 0);
  EXPECT_EQ(ParseWholeNumber("42"), 42);
  EXPECT_EQ(ParseWholeNumber("-3"), -3);  // callers range-check
  for (const char* bad : {"", " 1", "1 ", "1x", "+1", "0x10", "99999999999999999999"}) {
    EXPECT_EQ(ParseWholeNumber(bad), std::nullopt) << "'" << bad << "'";
  }
}

TEST(RequiredTimeRange, ParsesIso8601) {
  auto r = RequiredTimeRange(WithQuery({{"from", "2026-11-23T08:00:00+08:00"}, {"to", "2026-11-23T00:00:10Z"}}),
                             3600 * kTicksPerSecond90k);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->to.ticks_90k - r->from.ticks_90k, 10 * kTicksPerSecond90k);
}

TEST(RequiredTimeRange, SaysWhatToWrite) {
  auto r = RequiredTimeRange(WithQuery({{"to", "2026-11-23T00:00:10Z"}}), 3600 * kTicksPerSecond90k);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.error().message().find("'from' is missing"), std::string::npos);
  EXPECT_NE(r.error().message().find("ISO 8601"), std::string::npos);
  r = RequiredTimeRange(WithQuery({{"from", "yesterday"}, {"to", "2026-11-23T00:00:10Z"}}), 3600 * kTicksPerSecond90k);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("2026-11-23T08:00:00+08:00"), std::string::npos);
  r = RequiredTimeRange(WithQuery({{"from", "2026-11-23T00:00:10Z"}, {"to", "2026-11-23T00:00:10Z"}}),
                        3600 * kTicksPerSecond90k);
  ASSERT_FALSE(r);
  r = RequiredTimeRange(WithQuery({{"from", "2026-11-23T00:00:00Z"}, {"to", "2026-11-23T02:00:00Z"}}),
                        3600 * kTicksPerSecond90k);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("at most 1 hours"), std::string::npos);
}

}  // namespace
}  // namespace custos::api
