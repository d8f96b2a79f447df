#include "retention/retention_policy.h"

#include <algorithm>

namespace custos {

std::optional<int64_t> RetentionPolicy::DeleteAfter90k(std::optional<int64_t> camera_max_days) const {
  if (camera_max_days) return std::max(*camera_max_days * kDay90k, minimum_90k());
  if (profile_.delete_after_minimum) return minimum_90k();
  return std::nullopt;
}

Status RetentionPolicy::ValidateCameraMax(int64_t days) const {
  if (days < profile_.minimum_days) {
    return InvalidArgument("a maximum retention of " + std::to_string(days) + " days is below the minimum of " +
                           std::to_string(profile_.minimum_days) + " days of profile " + profile_.name +
                           " (R501); choose at least " + std::to_string(profile_.minimum_days));
  }
  return Status::Ok();
}

std::optional<WallTime90k> RetentionPolicy::HoldUntil(WallTime90k placed) const {
  if (!profile_.important_days) return std::nullopt;
  return WallTime90k{placed.ticks_90k + *profile_.important_days * kDay90k};
}

}  // namespace custos
