// ntp.h: 64-bit NTP timestamps (RTCP sender reports, MP4 prft) to and from WallTime90k.
//
// NTP seconds are taken modulo 2^32 with the RFC 5905 convention that a high bit of 0
// means era 1, so 1968-01-20 to 2104-02-26 is representable. Conversions round-trip
// exactly at 90 kHz. Thread-safety: pure functions.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "base/time.h"

namespace custos {

// InvalidArgument outside the representable range.
Result<uint64_t> WallTimeToNtp64(WallTime90k t);
WallTime90k Ntp64ToWallTime(uint64_t ntp);

}  // namespace custos
