#include "base/time.h"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace custos {

namespace {

// Days from civil date, proleptic Gregorian (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool ReadInt(std::string_view s, size_t& pos, size_t digits, int& out) {
  if (pos + digits > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < digits; ++i) {
    char c = s[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    v = v * 10 + (c - '0');
  }
  pos += digits;
  out = v;
  return true;
}

}  // namespace

std::string FormatIso8601(WallTime90k t) {
  int64_t secs = t.ticks_90k / kTicksPerSecond90k;
  int64_t rem = t.ticks_90k % kTicksPerSecond90k;
  if (rem < 0) {
    rem += kTicksPerSecond90k;
    --secs;
  }
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[80];  // room for any int fields, so the compiler sees no truncation
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(rem / 90));
  return buf;
}

Result<WallTime90k> ParseIso8601(std::string_view s) {
  auto bad = [&] {
    return Err(InvalidArgument("'" + std::string(s) +
                               "' is not an ISO 8601 time; write e.g. 2026-11-23T08:30:00Z or "
                               "2026-11-23T16:30:00+08:00"));
  };
  if (!s.empty() && s[0] == '@') {
    try {
      double v = std::stod(std::string(s.substr(1)));
      return WallTime90k{static_cast<int64_t>(v * kTicksPerSecond90k)};
    } catch (...) {
      return bad();
    }
  }
  size_t p = 0;
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!ReadInt(s, p, 4, y) || p >= s.size() || s[p++] != '-' || !ReadInt(s, p, 2, mo) || p >= s.size() ||
      s[p++] != '-' || !ReadInt(s, p, 2, d))
    return bad();
  if (p < s.size() && (s[p] == 'T' || s[p] == ' ')) {
    ++p;
    if (!ReadInt(s, p, 2, h) || p >= s.size() || s[p++] != ':' || !ReadInt(s, p, 2, mi)) return bad();
    if (p < s.size() && s[p] == ':') {
      ++p;
      if (!ReadInt(s, p, 2, se)) return bad();
    }
  }
  int64_t frac_90k = 0;
  if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
    ++p;
    int64_t num = 0, den = 1;
    while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) {
      if (den < 1000000000) {
        num = num * 10 + (s[p] - '0');
        den *= 10;
      }
      ++p;
    }
    frac_90k = num * kTicksPerSecond90k / den;
  }
  int64_t offset_s = 0;
  if (p < s.size()) {
    if (s[p] == 'Z' || s[p] == 'z') {
      ++p;
    } else if (s[p] == '+' || s[p] == '-') {
      int sign = s[p] == '-' ? -1 : 1;
      ++p;
      int oh, om = 0;
      if (!ReadInt(s, p, 2, oh)) return bad();
      if (p < s.size() && s[p] == ':') ++p;
      if (p < s.size() && !ReadInt(s, p, 2, om)) return bad();
      offset_s = sign * (oh * 3600 + om * 60);
    }
  }
  if (p != s.size() || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return bad();
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  int64_t secs = days * 86400 + h * 3600 + mi * 60 + se - offset_s;
  return WallTime90k{secs * kTicksPerSecond90k + frac_90k};
}

}  // namespace custos
