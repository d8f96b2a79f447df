#include "govern/civil_date.h"

#include <gtest/gtest.h>

namespace custos::govern {
namespace {

CivilDate D(std::string_view s) { return *ParseCivilDate(s); }

TEST(CivilDate, ParsesAndFormats) {
  EXPECT_EQ(FormatCivilDate(D("2026-11-23")), "2026-11-23");
  EXPECT_EQ(D("2024-02-29"), (CivilDate{2024, 2, 29}));
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026/01/01", "", "2026-01-0x",
                          "1800-01-01", "2026-04-31"}) {
    SCOPED_TRACE(bad);
    Result<CivilDate> d = ParseCivilDate(bad, "--on");
    ASSERT_FALSE(d);
    EXPECT_NE(d.error().message().find("--on must be a date written YYYY-MM-DD"), std::string::npos);
  }
}

TEST(CivilDate, DayNumbersRoundTripAndMatchKnownDates) {
  EXPECT_EQ(ToDays(D("1970-01-01")), 0);
  EXPECT_EQ(ToDays(D("2000-03-01")), 11017);
  EXPECT_EQ(ToDays(D("2026-11-23")), 20780);
  for (int64_t d = -800000; d <= 800000; d += 997) EXPECT_EQ(ToDays(FromDays(d)), d);
  EXPECT_EQ(AddDays(D("2024-02-28"), 1), D("2024-02-29"));
  EXPECT_EQ(AddDays(D("2025-12-15"), 30), D("2026-01-14"));
}

TEST(CivilDate, WeekdaysAndWorkingDays) {
  EXPECT_EQ(Weekday(D("2026-11-23")), 0);  // a Monday
  EXPECT_EQ(Weekday(D("2026-11-29")), 6);  // a Sunday
  EXPECT_EQ(AddWorkingDays(D("2026-11-23"), 3), D("2026-11-26"));  // Mon + 3 = Thu
  EXPECT_EQ(AddWorkingDays(D("2026-11-26"), 3), D("2026-12-01"));  // Thu + 3 = Tue (skips the weekend)
  EXPECT_EQ(AddWorkingDays(D("2026-11-28"), 3), D("2026-12-02"));  // Sat + 3 = Wed
  EXPECT_EQ(AddWorkingDays(D("2026-11-27"), 0), D("2026-11-27"));
}

TEST(CivilDate, UtcDateOfWallTimes) {
  EXPECT_EQ(UtcDate(WallTime90k{0}), D("1970-01-01"));
  EXPECT_EQ(UtcDate(WallTime90k{int64_t{1795422600} * kTicksPerSecond90k}), D("2026-11-23"));
  EXPECT_EQ(UtcDate(WallTime90k{-1}), D("1969-12-31"));
}

}  // namespace
}  // namespace custos::govern
