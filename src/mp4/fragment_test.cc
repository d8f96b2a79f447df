#include "mp4/fragment.h"

#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "mp4/box.h"
#include "mp4/fragment_parser.h"
#include "mp4/test_util.h"

namespace custos::mp4 {
namespace {

Bytes Cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

const Bytes kExpectedMoofAndMdat = Cat({
    {0, 0, 0, 0x70, 'm', 'o', 'o', 'f'},
    {0, 0, 0, 0x10, 'm', 'f', 'h', 'd', 0, 0, 0, 0, 0, 0, 0, 5},
    {0, 0, 0, 0x58, 't', 'r', 'a', 'f'},
    {0, 0, 0, 0x10, 't', 'f', 'h', 'd', 0, 0x02, 0, 0, 0, 0, 0, 1},
    {0, 0, 0, 0x14, 't', 'f', 'd', 't', 1, 0, 0, 0, 0, 0, 0, 0x01, 0x02, 0x03, 0x04, 0x05},
    {0, 0, 0, 0x2c, 't', 'r', 'u', 'n', 0, 0, 0x07, 0x01, 0, 0, 0, 2, 0, 0, 0, 120},
    {0, 0, 0x0b, 0xb8, 0, 0, 0, 10, 0x02, 0, 0, 0},
    {0, 0, 0x0b, 0xbb, 0, 0, 0, 20, 0x01, 0x01, 0, 0},
    {0, 0, 0, 38, 'm', 'd', 'a', 't'},
});

const std::vector<SampleInfo> kTwoSamples = {{3000, 10, true}, {3003, 20, false}};

TEST(FragmentTest, ExactBytesWithoutPrft) {
  Result<Bytes> header = BuildFragmentHeader(5, 0x0102030405, std::nullopt, kTwoSamples, 30);
  ASSERT_TRUE(header.has_value()) << header.error().ToString();
  EXPECT_EQ(*header, kExpectedMoofAndMdat);
}

TEST(FragmentTest, PrftPrecedesMoof) {
  WallTime90k wall{SecondsTo90k(1.5)};  // 1970-01-01T00:00:01.5Z
  Result<Bytes> header = BuildFragmentHeader(5, 0x0102030405, wall, kTwoSamples, 30);
  ASSERT_TRUE(header.has_value());
  Bytes prft = {0, 0, 0, 0x20, 'p', 'r', 'f', 't', 1, 0, 0, 0, 0, 0, 0, 1,
                0x83, 0xaa, 0x7e, 0x81, 0x80, 0, 0, 0,  // NTP 2208988801.5
                0, 0, 0, 0x01, 0x02, 0x03, 0x04, 0x05};
  EXPECT_EQ(*header, Cat({prft, kExpectedMoofAndMdat}));
}

TEST(FragmentTest, CompositionOffsetsUseTrunVersion1) {
  std::vector<SampleInfo> samples = {{3600, 5, true, 7200}, {3600, 5, false, -3600}};
  Result<Bytes> header = BuildFragmentHeader(1, 0, std::nullopt, samples, 10);
  ASSERT_TRUE(header.has_value());
  auto trun = testing::FindBox(*header, {"moof", "traf", "trun"});
  ASSERT_TRUE(trun);
  EXPECT_EQ(LoadBE32(trun->data()), 0x01000f01u);  // version 1, flags incl. 0x800
  EXPECT_EQ(LoadBE32(trun->data() + 12 + 12), 7200u);
  EXPECT_EQ(LoadBE32(trun->data() + 12 + 16 + 12), static_cast<uint32_t>(-3600));
  Result<ParsedMoof> moof = ParseMoof(*testing::FindBox(*header, {"moof"}), 0, TrackDefaults{.track_id = 1});
  ASSERT_TRUE(moof.has_value()) << moof.error().ToString();
  EXPECT_EQ(moof->samples, samples);
}

TEST(FragmentTest, LargeMdatGetsSixteenByteHeader) {
  constexpr uint32_t kTwoGiB = 1u << 31;
  std::vector<SampleInfo> samples = {{3600, kTwoGiB, true}, {3600, kTwoGiB, false}, {3600, 1, false}};
  uint64_t payload = 2 * uint64_t{kTwoGiB} + 1;
  Result<Bytes> header = BuildFragmentHeader(1, 0, std::nullopt, samples, payload);
  ASSERT_TRUE(header.has_value());
  ASSERT_GT(header->size(), 16u);
  Bytes tail(header->end() - 16, header->end());
  EXPECT_EQ(tail, (Bytes{0, 0, 0, 1, 'm', 'd', 'a', 't', 0, 0, 0, 1, 0, 0, 0, 0x11}));
  auto trun = testing::FindBox(*header, {"moof", "traf", "trun"});
  EXPECT_EQ(LoadBE32(trun->data() + 8), header->size());  // data offset: past the 16 bytes
}

TEST(FragmentTest, RejectsInconsistentInput) {
  std::vector<SampleInfo> none;
  std::vector<SampleInfo> too_many(kMaxSamplesPerFragment + 1, SampleInfo{1, 1, true});
  EXPECT_EQ(BuildFragmentHeader(1, 0, std::nullopt, none, 0).error().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(BuildFragmentHeader(1, 0, std::nullopt, too_many, too_many.size()).has_value());
  EXPECT_FALSE(BuildFragmentHeader(1, 0, std::nullopt, kTwoSamples, 31).has_value());
  std::vector<SampleInfo> empty_sample = {{3600, 5, true}, {3600, 0, false}};
  EXPECT_FALSE(BuildFragmentHeader(1, 0, std::nullopt, empty_sample, 5).has_value());
  EXPECT_FALSE(BuildFragmentHeader(1, -1, std::nullopt, kTwoSamples, 30).has_value());
  EXPECT_FALSE(BuildFragmentHeader(1, kMaxDecodeTime90k, std::nullopt, kTwoSamples, 30).has_value());
  WallTime90k year_1900{SecondsTo90k(-2208988800.0)};
  EXPECT_FALSE(BuildFragmentHeader(1, 0, year_1900, kTwoSamples, 30).has_value());
}

TEST(NtpTest, KnownValues) {
  EXPECT_EQ(*WallTimeToNtp64(WallTime90k{0}), uint64_t{2208988800} << 32);
  EXPECT_EQ(*WallTimeToNtp64(WallTime90k{45000}), (uint64_t{2208988800} << 32) | 0x80000000u);
  // 2036-02-07T06:28:16Z starts NTP era 1: seconds wrap to 0.
  EXPECT_EQ(*WallTimeToNtp64(WallTime90k{int64_t{2085978496} * 90000}), 0u);
  EXPECT_EQ(Ntp64ToWallTime(0).ticks_90k, int64_t{2085978496} * 90000);
  // Before 1970: 1969-12-31T23:59:59Z.
  EXPECT_EQ(*WallTimeToNtp64(WallTime90k{-90000}), uint64_t{2208988799} << 32);
}

TEST(NtpTest, RangeIs1968To2104) {
  constexpr int64_t kFirst = -61505152, kEnd = 4233462144;  // Unix seconds
  EXPECT_TRUE(WallTimeToNtp64(WallTime90k{kFirst * 90000}).has_value());
  EXPECT_FALSE(WallTimeToNtp64(WallTime90k{kFirst * 90000 - 1}).has_value());
  EXPECT_TRUE(WallTimeToNtp64(WallTime90k{kEnd * 90000 - 1}).has_value());
  EXPECT_FALSE(WallTimeToNtp64(WallTime90k{kEnd * 90000}).has_value());
}

TEST(NtpTest, RoundTripsEveryTickOfASecond) {
  for (int64_t base_s : {int64_t{0}, int64_t{1'800'000'000}, int64_t{2'085'978'495}, int64_t{4'000'000'000}}) {
    for (int64_t tick = 0; tick < kTicksPerSecond90k; ++tick) {
      WallTime90k t{base_s * kTicksPerSecond90k + tick};
      Result<uint64_t> ntp = WallTimeToNtp64(t);
      ASSERT_TRUE(ntp.has_value());
      ASSERT_EQ(Ntp64ToWallTime(*ntp), t) << base_s << " + " << tick;
    }
  }
}

TEST(PrftParserTest, ReadsVersion0And1) {
  Bytes v1 = {1, 0, 0, 0, 0, 0, 0, 1, 0x83, 0xaa, 0x7e, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9};
  Result<ParsedPrft> p = ParsePrft(v1);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->reference_track_id, 1u);
  EXPECT_EQ(p->wall_time.ticks_90k, 0);
  EXPECT_EQ(p->media_time_90k, 9u);
  Bytes v0 = {0, 0, 0, 0, 0, 0, 0, 1, 0x83, 0xaa, 0x7e, 0x80, 0, 0, 0, 0, 0, 0, 0, 9};
  ASSERT_TRUE(ParsePrft(v0).has_value());
  EXPECT_EQ(ParsePrft(v0)->media_time_90k, 9u);
  EXPECT_FALSE(ParsePrft(ByteSpan(v1).first(20)).has_value());
}

}  // namespace
}  // namespace custos::mp4
