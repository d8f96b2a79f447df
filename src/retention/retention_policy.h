// retention_policy.h: the retention rules of the active profile, on an injected clock.
//
// RetentionPolicy turns a profile into the numbers the catalog checks (RetentionCheck: now
// and the minimum) and the sweeper uses (when a camera's footage ends its life), and
// validates settings against the floor. Thread-safety: immutable; the Clock is read only.
#pragma once

#include <optional>

#include "base/clock.h"
#include "catalog/retention_types.h"
#include "retention/retention_profile.h"

namespace custos {

class RetentionPolicy {
 public:
  RetentionPolicy(RetentionProfile profile, const Clock& clock) : profile_(std::move(profile)), clock_(clock) {}

  const RetentionProfile& profile() const { return profile_; }
  const Clock& clock() const { return clock_; }
  int64_t minimum_90k() const { return profile_.minimum_days * kDay90k; }

  // What the catalog enforces on every delete, now.
  RetentionCheck Check() const { return RetentionCheck{clock_.Now(), minimum_90k()}; }

  // How long after it ends a camera's footage is deleted by the sweeper: the camera's
  // maximum (R503) if set; else the minimum in a profile that deletes after it (N25);
  // else never (nullopt: "keep"). Never less than the minimum.
  std::optional<int64_t> DeleteAfter90k(std::optional<int64_t> camera_max_days) const;

  // InvalidArgument citing R501 if `days` is below the profile's minimum.
  Status ValidateCameraMax(int64_t days) const;

  // When a hold placed at `placed` lapses: the profile's long period (R502), or never.
  std::optional<WallTime90k> HoldUntil(WallTime90k placed) const;

 private:
  RetentionProfile profile_;
  const Clock& clock_;
};

}  // namespace custos
