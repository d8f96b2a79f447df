#include "api/byte_range.h"

#include <gtest/gtest.h>

namespace custos::api {
namespace {

void ExpectPartial(std::string_view h, uint64_t total, uint64_t begin, uint64_t end) {
  SCOPED_TRACE(std::string(h));
  ByteRange r = ParseByteRange(h, total);
  EXPECT_EQ(r.kind, RangeKind::kPartial);
  EXPECT_EQ(r.begin, begin);
  EXPECT_EQ(r.end, end);
}

void ExpectKind(std::string_view h, uint64_t total, RangeKind kind) {
  SCOPED_TRACE(std::string(h));
  EXPECT_EQ(ParseByteRange(h, total).kind, kind);
}

TEST(ByteRange, NoHeaderIsWhole) {
  ByteRange r = ParseByteRange("", 1000);
  EXPECT_EQ(r.kind, RangeKind::kWhole);
  EXPECT_EQ(r.begin, 0u);
  EXPECT_EQ(r.end, 1000u);
}

TEST(ByteRange, ClosedRange) {
  ExpectPartial("bytes=0-0", 1000, 0, 1);
  ExpectPartial("bytes=10-19", 1000, 10, 20);
  ExpectPartial("bytes=990-2000", 1000, 990, 1000);  // clipped to the end
  ExpectPartial("bytes=0-999", 1000, 0, 1000);
  ExpectPartial(" Bytes=5-6 ", 1000, 5, 7);  // the unit is case-insensitive
  ExpectPartial("bytes=5-99999999999999999999999", 1000, 5, 1000);  // saturates
}

TEST(ByteRange, OpenEndedAndSuffix) {
  ExpectPartial("bytes=100-", 1000, 100, 1000);
  ExpectPartial("bytes=999-", 1000, 999, 1000);
  ExpectPartial("bytes=-1", 1000, 999, 1000);
  ExpectPartial("bytes=-100", 1000, 900, 1000);
  ExpectPartial("bytes=-5000", 1000, 0, 1000);  // more than there is: all of it
}

TEST(ByteRange, Unsatisfiable) {
  ExpectKind("bytes=1000-", 1000, RangeKind::kUnsatisfiable);
  ExpectKind("bytes=1000-1001", 1000, RangeKind::kUnsatisfiable);
  ExpectKind("bytes=-0", 1000, RangeKind::kUnsatisfiable);
  ExpectKind("bytes=0-", 0, RangeKind::kUnsatisfiable);
  ExpectKind("bytes=-5", 0, RangeKind::kUnsatisfiable);
}

TEST(ByteRange, UnservedOrInvalidIsIgnored) {
  ExpectKind("bytes=0-1,5-6", 1000, RangeKind::kWhole);  // several ranges
  ExpectKind("items=0-1", 1000, RangeKind::kWhole);
  ExpectKind("bytes=5-4", 1000, RangeKind::kWhole);
  ExpectKind("bytes=a-4", 1000, RangeKind::kWhole);
  ExpectKind("bytes=-", 1000, RangeKind::kWhole);
  ExpectKind("bytes=4", 1000, RangeKind::kWhole);
  ExpectKind("bytes=+4-5", 1000, RangeKind::kWhole);
  ExpectKind("bytes=", 1000, RangeKind::kWhole);
}

}  // namespace
}  // namespace custos::api
