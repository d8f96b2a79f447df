// Privacy zones: polygons in a camera's picture that are always filled opaquely in every
// decoded output (R104). Coordinates are normalised (0..1 of width and height), so a zone
// stays put when the camera's resolution changes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace custos::privacy {

struct NormPoint {
  double x = 0;  // 0 = left edge, 1 = right edge
  double y = 0;  // 0 = top edge, 1 = bottom edge
  bool operator==(const NormPoint&) const = default;
};

struct PrivacyZone {
  std::string name;               // free text shown in the UI, e.g. "neighbour's window"
  std::vector<NormPoint> points;  // polygon vertices in order; closed implicitly
  bool operator==(const PrivacyZone&) const = default;
};

inline constexpr size_t kMaxZonePoints = 64;
inline constexpr size_t kMaxZonesPerCamera = 32;

// At least 3 points, at most kMaxZonePoints, each inside [0, 1], non-zero area, and no two
// non-adjacent edges crossing. The message says which zone and what to fix.
Status ValidateZone(const PrivacyZone& zone);
Status ValidateZones(const std::vector<PrivacyZone>& zones);

// JSON form used by the catalog, the API and the CLI:
// [{"name": "window", "points": [[0.1, 0.2], [0.3, 0.2], [0.3, 0.4]]}, ...]
std::string ZonesToJson(const std::vector<PrivacyZone>& zones);
Result<std::vector<PrivacyZone>> ZonesFromJson(std::string_view json);

// "0.1,0.2 0.3,0.2 0.3,0.4" (the CLI's form) → points.
Result<std::vector<NormPoint>> ParsePointList(std::string_view text);

}  // namespace custos::privacy
