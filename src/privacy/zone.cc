#include "privacy/zone.h"

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

namespace custos::privacy {

namespace {

double Cross(NormPoint o, NormPoint a, NormPoint b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

// Proper crossing of segments ab and cd (touching at an end point does not count).
bool SegmentsCross(NormPoint a, NormPoint b, NormPoint c, NormPoint d) {
  const double d1 = Cross(c, d, a), d2 = Cross(c, d, b), d3 = Cross(a, b, c), d4 = Cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

double Area(const std::vector<NormPoint>& p) {
  double twice = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    const NormPoint& a = p[i];
    const NormPoint& b = p[(i + 1) % p.size()];
    twice += a.x * b.y - b.x * a.y;
  }
  return std::abs(twice) / 2;
}

bool SelfIntersects(const std::vector<NormPoint>& p) {
  const size_t n = p.size();
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 2; j < n; ++j) {
      if (i == 0 && j == n - 1) continue;  // adjacent through the closing edge
      if (SegmentsCross(p[i], p[(i + 1) % n], p[j], p[(j + 1) % n])) return true;
    }
  }
  return false;
}

std::string Label(const PrivacyZone& zone) { return zone.name.empty() ? "privacy zone" : "privacy zone \"" + zone.name + "\""; }

}  // namespace

Status ValidateZone(const PrivacyZone& zone) {
  const std::string label = Label(zone);
  if (zone.name.size() > 200) return InvalidArgument(label + ": name longer than 200 bytes; shorten it");
  if (zone.points.size() < 3) {
    return InvalidArgument(label + " has " + std::to_string(zone.points.size()) +
                           " point(s); a zone needs at least 3 corners");
  }
  if (zone.points.size() > kMaxZonePoints) {
    return InvalidArgument(label + " has more than " + std::to_string(kMaxZonePoints) + " points; simplify it");
  }
  for (size_t i = 0; i < zone.points.size(); ++i) {
    const NormPoint& p = zone.points[i];
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || p.x < 0 || p.x > 1 || p.y < 0 || p.y > 1) {
      return InvalidArgument(label + ": point " + std::to_string(i + 1) +
                             " is outside the picture; coordinates are fractions of width and height, 0..1");
    }
  }
  if (SelfIntersects(zone.points)) {
    return InvalidArgument(label + " crosses itself; list the corners in order around the shape");
  }
  if (Area(zone.points) < 1e-6) return InvalidArgument(label + " has no area; its points are (nearly) on one line");
  return Status::Ok();
}

Status ValidateZones(const std::vector<PrivacyZone>& zones) {
  if (zones.size() > kMaxZonesPerCamera) {
    return InvalidArgument("more than " + std::to_string(kMaxZonesPerCamera) + " privacy zones on one camera; merge some");
  }
  for (const PrivacyZone& zone : zones) CUSTOS_RETURN_IF_ERROR(ValidateZone(zone));
  return Status::Ok();
}

std::string ZonesToJson(const std::vector<PrivacyZone>& zones) {
  nlohmann::json out = nlohmann::json::array();
  for (const PrivacyZone& zone : zones) {
    nlohmann::json points = nlohmann::json::array();
    for (const NormPoint& p : zone.points) points.push_back({p.x, p.y});
    out.push_back({{"name", zone.name}, {"points", std::move(points)}});
  }
  return out.dump();
}

Result<std::vector<PrivacyZone>> ZonesFromJson(std::string_view json) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_array()) {
    return Err(InvalidArgument("privacy zones must be a JSON array of {\"name\", \"points\": [[x, y], ...]}"));
  }
  std::vector<PrivacyZone> zones;
  for (const nlohmann::json& item : doc) {
    if (!item.is_object() || !item.contains("points") || !item["points"].is_array()) {
      return Err(InvalidArgument("each privacy zone needs \"points\": [[x, y], ...]"));
    }
    PrivacyZone zone;
    if (item.contains("name")) {
      if (!item["name"].is_string()) return Err(InvalidArgument("a privacy zone's \"name\" must be a string"));
      zone.name = item["name"].get<std::string>();
    }
    for (const nlohmann::json& p : item["points"]) {
      if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number()) {
        return Err(InvalidArgument("each point of a privacy zone is [x, y] with two numbers in 0..1"));
      }
      zone.points.push_back({p[0].get<double>(), p[1].get<double>()});
    }
    zones.push_back(std::move(zone));
  }
  CUSTOS_RETURN_IF_ERROR(ValidateZones(zones));
  return zones;
}

Result<std::vector<NormPoint>> ParsePointList(std::string_view text) {
  std::vector<NormPoint> points;
  std::istringstream in{std::string(text)};
  std::string pair;
  while (in >> pair) {
    const size_t comma = pair.find(',');
    char* end_x = nullptr;
    char* end_y = nullptr;
    if (comma == std::string::npos) return Err(InvalidArgument("point \"" + pair + "\" is not X,Y"));
    const std::string xs = pair.substr(0, comma), ys = pair.substr(comma + 1);
    const double x = std::strtod(xs.c_str(), &end_x);
    const double y = std::strtod(ys.c_str(), &end_y);
    if (xs.empty() || ys.empty() || *end_x != '\0' || *end_y != '\0') {
      return Err(InvalidArgument("point \"" + pair + "\" is not X,Y with two numbers, e.g. 0.25,0.5"));
    }
    points.push_back({x, y});
  }
  return points;
}

}  // namespace custos::privacy
