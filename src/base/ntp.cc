#include "base/ntp.h"

namespace custos {

namespace {

// Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01).
constexpr int64_t kNtpToUnixSeconds = 2208988800;
constexpr int64_t kTwoTo32 = int64_t{1} << 32;
// The representable range of Unix seconds.
constexpr int64_t kMinUnixSeconds = (kTwoTo32 / 2) - kNtpToUnixSeconds;
constexpr int64_t kEndUnixSeconds = kMinUnixSeconds + kTwoTo32;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

Result<uint64_t> WallTimeToNtp64(WallTime90k t) {
  int64_t unix_seconds = FloorDiv(t.ticks_90k, kTicksPerSecond90k);
  int64_t rem_90k = t.ticks_90k - unix_seconds * kTicksPerSecond90k;
  if (unix_seconds < kMinUnixSeconds || unix_seconds >= kEndUnixSeconds) {
    return Err(InvalidArgument("wall time " + FormatIso8601(t) + " is outside the NTP timestamp range"));
  }
  uint64_t ntp_seconds = static_cast<uint64_t>(unix_seconds + kNtpToUnixSeconds) & 0xffffffffu;
  uint64_t fraction = (static_cast<uint64_t>(rem_90k) << 32) / kTicksPerSecond90k;
  return (ntp_seconds << 32) | fraction;
}

WallTime90k Ntp64ToWallTime(uint64_t ntp) {
  int64_t ntp_seconds = static_cast<int64_t>(ntp >> 32);
  if (ntp_seconds < kTwoTo32 / 2) ntp_seconds += kTwoTo32;  // era 1: from 2036-02-07
  uint64_t fraction = ntp & 0xffffffffu;
  // Round to the nearest tick: the encoder truncated, by less than 2^-32 s.
  int64_t rem_90k = static_cast<int64_t>((fraction * kTicksPerSecond90k + (uint64_t{1} << 31)) >> 32);
  return {(ntp_seconds - kNtpToUnixSeconds) * kTicksPerSecond90k + rem_90k};
}

}  // namespace custos
