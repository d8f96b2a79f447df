#include "govern/civil_date.h"

#include <cstdio>

namespace custos::govern {

namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

Result<CivilDate> ParseCivilDate(std::string_view text, std::string_view field) {
  auto bad = [&] {
    return Err(InvalidArgument(std::string(field) + " must be a date written YYYY-MM-DD, not '" +
                               std::string(text.substr(0, 40)) + "'"));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  std::string_view y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!AllDigits(y) || !AllDigits(m) || !AllDigits(d)) return bad();
  CivilDate out{ToInt(y), ToInt(m), ToInt(d)};
  if (out.year < 1900 || out.month < 1 || out.month > 12 || out.day < 1 ||
      out.day > DaysInMonth(out.year, out.month)) {
    return bad();
  }
  return out;
}

std::string FormatCivilDate(CivilDate d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

// The days-from-civil computation over 400-year eras (146097 days each), March-based
// years so that the leap day is the last day of the year.
int64_t ToDays(CivilDate d) {
  const int64_t y = d.month <= 2 ? d.year - 1 : d.year;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;
  const int64_t month_from_march = d.month > 2 ? d.month - 3 : d.month + 9;
  const int64_t day_of_year = (153 * month_from_march + 2) / 5 + d.day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CivilDate FromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{static_cast<int>(year), month, day};
}

int Weekday(CivilDate d) {
  const int64_t days = ToDays(d);  // 1970-01-01 was a Thursday (3)
  return static_cast<int>(((days + 3) % 7 + 7) % 7);
}

CivilDate AddDays(CivilDate d, int64_t days) { return FromDays(ToDays(d) + days); }

CivilDate AddWorkingDays(CivilDate d, int n) {
  int64_t days = ToDays(d);
  for (int left = n; left > 0;) {
    ++days;
    if (Weekday(FromDays(days)) < 5) --left;
  }
  return FromDays(days);
}

CivilDate UtcDate(WallTime90k t) {
  constexpr int64_t kTicksPerDay = int64_t{86400} * kTicksPerSecond90k;
  const int64_t t90k = t.ticks_90k;
  return FromDays(t90k >= 0 ? t90k / kTicksPerDay : (t90k - kTicksPerDay + 1) / kTicksPerDay);
}

}  // namespace custos::govern
