// byte_range.h: the HTTP Range header (RFC 9110 section 14) for one representation.
//
// Supports one range per request: "bytes=a-b", "bytes=a-" and "bytes=-n". A header the
// server does not serve (several ranges, another unit, bad syntax) is ignored, as RFC 9110
// allows, and the whole representation is sent with 200. Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <string_view>

namespace custos::api {

enum class RangeKind {
  kWhole,          // no (usable) Range header: 200 with every byte
  kPartial,        // 206 with [begin, end)
  kUnsatisfiable,  // 416 with "Content-Range: bytes */total"
};

struct ByteRange {
  RangeKind kind = RangeKind::kWhole;
  uint64_t begin = 0;  // half-open [begin, end) within [0, total_bytes]
  uint64_t end = 0;
};

// `header` is the Range header's value ("" when absent).
ByteRange ParseByteRange(std::string_view header, uint64_t total_bytes);

}  // namespace custos::api
