#include "base/clock.h"

#include <ctime>

namespace custos {

WallTime90k RealClock::Now() const {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return {static_cast<int64_t>(ts.tv_sec) * kTicksPerSecond90k + ts.tv_nsec * 9 / 100000};
}

int64_t RealClock::MonotonicNanos() const {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

const RealClock& RealClock::Get() {
  static const RealClock clock;
  return clock;
}

}  // namespace custos
