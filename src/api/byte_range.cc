#include "api/byte_range.h"

#include <cctype>
#include <limits>
#include <optional>

namespace custos::api {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Decimal digits only; saturates at UINT64_MAX (a huge last-byte-pos means "to the end").
std::optional<uint64_t> ParseDigits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const uint64_t d = static_cast<uint64_t>(c - '0');
    v = v > (kMax - d) / 10 ? kMax : v * 10 + d;
  }
  return v;
}

bool StartsWithBytesUnit(std::string_view s) {
  constexpr std::string_view kUnit = "bytes=";
  if (s.size() < kUnit.size()) return false;
  for (size_t i = 0; i < kUnit.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != kUnit[i]) return false;
  }
  return true;
}

}  // namespace

ByteRange ParseByteRange(std::string_view header, uint64_t total_bytes) {
  const ByteRange whole{RangeKind::kWhole, 0, total_bytes};
  header = Trim(header);
  if (!StartsWithBytesUnit(header)) return whole;
  std::string_view spec = Trim(header.substr(6));
  if (spec.find(',') != std::string_view::npos) return whole;  // several ranges: not served
  const size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  const std::string_view first = Trim(spec.substr(0, dash));
  const std::string_view last = Trim(spec.substr(dash + 1));
  const ByteRange unsatisfiable{RangeKind::kUnsatisfiable, 0, 0};
  if (first.empty()) {  // "-n": the last n bytes
    auto n = ParseDigits(last);
    if (!n) return whole;
    if (*n == 0 || total_bytes == 0) return unsatisfiable;
    return {RangeKind::kPartial, *n >= total_bytes ? 0 : total_bytes - *n, total_bytes};
  }
  auto a = ParseDigits(first);
  if (!a) return whole;
  std::optional<uint64_t> b;
  if (!last.empty()) {
    b = ParseDigits(last);
    if (!b || *b < *a) return whole;  // invalid: ignored
  }
  if (*a >= total_bytes) return unsatisfiable;
  const uint64_t end = b && *b < total_bytes ? *b + 1 : total_bytes;
  return {RangeKind::kPartial, *a, end};
}

}  // namespace custos::api
