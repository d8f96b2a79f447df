// time.h: the time units of Custos.
//
// Media time is counted in 90 kHz ticks (the RTP video clock), always with the unit in
// the name: `duration_90k`, `start_90k`. Wall time is a Time90k too: 90 kHz ticks since
// the Unix epoch (UTC), which fits an int64 for 3 million years. See docs/design/time.md.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace custos {

inline constexpr int64_t kTicksPerSecond90k = 90000;

// Wall-clock instant: 90 kHz ticks since 1970-01-01T00:00:00Z.
struct WallTime90k {
  int64_t ticks_90k = 0;
  auto operator<=>(const WallTime90k&) const = default;
};

inline constexpr int64_t SecondsTo90k(double s) { return static_cast<int64_t>(s * kTicksPerSecond90k); }
inline constexpr double TicksToSeconds(int64_t t_90k) { return static_cast<double>(t_90k) / kTicksPerSecond90k; }
inline constexpr int64_t MillisTo90k(int64_t ms) { return ms * 90; }
inline constexpr int64_t TicksToMillis(int64_t t_90k) { return t_90k / 90; }

// Formats as ISO 8601 UTC with milliseconds: 2026-11-23T16:39:00.123Z.
std::string FormatIso8601(WallTime90k t);
// Parses ISO 8601: "2026-11-23T16:39:00Z", with optional fraction and "+08:00" offsets,
// and also a bare date-time without zone (taken as UTC), or "@<unix seconds>".
Result<WallTime90k> ParseIso8601(std::string_view s);

}  // namespace custos
