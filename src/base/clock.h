// clock.h: injected time sources, so that tests can fake time.
//
// Clock gives wall time (may jump: NTP, operator) and monotonic time (never jumps).
// RealClock reads the system; FakeClock is advanced by tests. Thread-safety: RealClock is
// stateless; FakeClock uses atomics, so it may be advanced from a test thread.
#pragma once

#include <atomic>
#include <cstdint>

#include "base/time.h"

namespace custos {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual WallTime90k Now() const = 0;
  // Monotonic nanoseconds since an arbitrary origin.
  virtual int64_t MonotonicNanos() const = 0;
};

class RealClock final : public Clock {
 public:
  WallTime90k Now() const override;
  int64_t MonotonicNanos() const override;
  static const RealClock& Get();
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(WallTime90k start = {}) : wall_90k_(start.ticks_90k) {}
  WallTime90k Now() const override { return {wall_90k_.load()}; }
  int64_t MonotonicNanos() const override { return mono_ns_.load(); }
  // Advances both clocks together.
  void Advance(int64_t ticks_90k) {
    wall_90k_ += ticks_90k;
    mono_ns_ += ticks_90k * 1'000'000'000 / kTicksPerSecond90k;
  }
  // Moves only the wall clock, as an NTP step would.
  void JumpWall(int64_t ticks_90k) { wall_90k_ += ticks_90k; }

 private:
  std::atomic<int64_t> wall_90k_;
  std::atomic<int64_t> mono_ns_{0};
};

}  // namespace custos
