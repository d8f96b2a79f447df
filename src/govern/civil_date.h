// civil_date.h: calendar dates ('YYYY-MM-DD', proleptic Gregorian) and the day arithmetic
// that filing deadlines need: calendar days, and working days (Monday to Friday).
//
// Public holidays and the weekend swaps of the Chinese calendar are NOT modelled: a
// deadline in working days counts Monday-Friday only, so around a holiday it falls earlier
// than the real one (Custos warns sooner, never later). Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/time.h"

namespace custos::govern {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
  auto operator<=>(const CivilDate&) const = default;
};

// "2026-11-23" -> date. InvalidArgument (naming `field`) for anything else, including
// impossible dates such as 2026-02-30.
Result<CivilDate> ParseCivilDate(std::string_view text, std::string_view field = "date");
std::string FormatCivilDate(CivilDate d);

// Days since 1970-01-01 and back.
int64_t ToDays(CivilDate d);
CivilDate FromDays(int64_t days);

// 0 = Monday ... 6 = Sunday.
int Weekday(CivilDate d);
CivilDate AddDays(CivilDate d, int64_t days);
// The date `n` working days (Mon-Fri) after `d`: the n-th weekday strictly after it.
CivilDate AddWorkingDays(CivilDate d, int n);

// The UTC date of a wall time (Custos keeps time in UTC; a deployment in UTC+8 sees a
// filing due "today" up to 8 hours late or early at midnight).
CivilDate UtcDate(WallTime90k t);

}  // namespace custos::govern
