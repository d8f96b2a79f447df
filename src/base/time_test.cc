#include "base/time.h"

#include <gtest/gtest.h>

#include "base/bytes.h"
#include "base/clock.h"

namespace custos {
namespace {

TEST(TimeTest, ParsesUtcAndOffsets) {
  auto a = ParseIso8601("2026-11-23T08:30:00Z");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->ticks_90k, int64_t{1795422600} * kTicksPerSecond90k);
  auto b = ParseIso8601("2026-11-23T16:30:00+08:00");
  ASSERT_TRUE(b);
  EXPECT_EQ(*a, *b);
  auto c = ParseIso8601("2026-11-23T08:30:00.5Z");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->ticks_90k - a->ticks_90k, 45000);
}

TEST(TimeTest, RejectsGarbageWithAHint) {
  auto r = ParseIso8601("yesterday");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("ISO 8601"), std::string::npos);
  EXPECT_FALSE(ParseIso8601("2026-13-01T00:00:00Z"));
  EXPECT_FALSE(ParseIso8601("2026-11-23T08:30:00Zjunk"));
}

TEST(TimeTest, FormatRoundTrips) {
  auto a = ParseIso8601("2026-11-23T08:30:00.250Z");
  ASSERT_TRUE(a);
  EXPECT_EQ(FormatIso8601(*a), "2026-11-23T08:30:00.250Z");
}

TEST(ClockTest, FakeClockAdvancesBoth) {
  FakeClock clock(WallTime90k{900000});
  clock.Advance(90000);
  EXPECT_EQ(clock.Now().ticks_90k, 990000);
  EXPECT_EQ(clock.MonotonicNanos(), 1'000'000'000);
  clock.JumpWall(-90000);
  EXPECT_EQ(clock.Now().ticks_90k, 900000);
  EXPECT_EQ(clock.MonotonicNanos(), 1'000'000'000);
}

TEST(BytesTest, ReaderNeverReadsPastEnd) {
  const uint8_t data[] = {0x12, 0x34, 0x56};
  ByteReader r(data, sizeof data);
  uint16_t a;
  uint32_t b;
  EXPECT_TRUE(r.ReadU16(a));
  EXPECT_EQ(a, 0x1234);
  EXPECT_FALSE(r.ReadU32(b));
  EXPECT_EQ(r.remaining(), 1u);
}

}  // namespace
}  // namespace custos
