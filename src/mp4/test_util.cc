#include "mp4/test_util.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "mp4/box.h"
#include "mp4/box_reader.h"
#include "mp4/decoder_config.h"
#include "mp4/init_segment.h"

namespace custos::mp4::testing {
namespace {

// SPS/PPS content is opaque to src/mp4; these are short, fixed, recognizable NAL units.
const Bytes kAvcC = {0x01, 0x64, 0x00, 0x1f, 0xff, 0xe1, 0x00, 0x04, 0x67, 0x64, 0x00, 0x1f,
                     0x01, 0x00, 0x02, 0x68, 0xee};
const Bytes kHvcC = {
    0x01, 0x01, 0x60, 0x00, 0x00, 0x00, 0x90, 0x00, 0x00, 0x00, 0x00, 0x00, 0x5d, 0xf0, 0x00, 0xfc, 0xfd, 0xf8,
    0xf8, 0x00, 0x00, 0x0f,                                    // 22 fixed bytes
    0x03,                                                      // numOfArrays
    0xa0, 0x00, 0x01, 0x00, 0x03, 0x40, 0x01, 0x0c,            // VPS
    0xa1, 0x00, 0x01, 0x00, 0x03, 0x42, 0x01, 0x01,            // SPS
    0xa2, 0x00, 0x01, 0x00, 0x03, 0x44, 0x01, 0xc1,            // PPS
};

}  // namespace

VideoParams TestParams(VideoCodec codec, uint16_t width, uint16_t height) {
  VideoParams p;
  p.codec = codec;
  p.width = width;
  p.height = height;
  p.decoder_config = codec == VideoCodec::kH264 ? kAvcC : kHvcC;
  EXPECT_TRUE(FillFromDecoderConfig(p).ok());
  return p;
}

std::vector<TestFragment> TestFragments(size_t count, size_t samples_per_fragment, int64_t base_90k,
                                        std::optional<WallTime90k> wall) {
  std::vector<TestFragment> out;
  for (size_t f = 0; f < count; ++f) {
    TestFragment frag;
    frag.base_90k = base_90k;
    if (wall) frag.wall_time = WallTime90k{wall->ticks_90k + static_cast<int64_t>(f) * kTicksPerSecond90k};
    for (size_t s = 0; s < samples_per_fragment; ++s) {
      frag.samples.push_back({3600, static_cast<uint32_t>(20 + 7 * s + f), s == 0});
      base_90k += 3600;
    }
    out.push_back(std::move(frag));
  }
  return out;
}

Bytes SampleBytes(size_t fragment, size_t sample, uint32_t size_bytes) {
  Bytes b(size_bytes);
  for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<uint8_t>(fragment * 37 + sample * 11 + i);
  return b;
}

TestFile MakeTestFile(const VideoParams& params, const std::vector<TestFragment>& fragments) {
  TestFile file;
  Result<Bytes> init = BuildInitSegment(params);
  EXPECT_TRUE(init.has_value());
  if (init) file.bytes = *init;
  file.init_size = file.bytes.size();
  for (size_t f = 0; f < fragments.size(); ++f) {
    const TestFragment& frag = fragments[f];
    Result<Bytes> header = BuildFragmentHeader(static_cast<uint32_t>(f + 1), frag.base_90k, frag.wall_time,
                                               frag.samples, SumSampleBytes(frag.samples));
    EXPECT_TRUE(header.has_value()) << header.error().ToString();
    if (!header) continue;
    file.bytes.insert(file.bytes.end(), header->begin(), header->end());
    for (size_t s = 0; s < frag.samples.size(); ++s) {
      Bytes data = SampleBytes(f, s, frag.samples[s].size_bytes);
      file.bytes.insert(file.bytes.end(), data.begin(), data.end());
    }
    file.fragment_ends.push_back(file.bytes.size());
  }
  return file;
}

std::optional<ByteSpan> FindBox(ByteSpan data, std::initializer_list<const char*> path) {
  for (const char* type : path) {
    uint32_t t = (uint32_t{static_cast<uint8_t>(type[0])} << 24) | (uint32_t{static_cast<uint8_t>(type[1])} << 16) |
                 (uint32_t{static_cast<uint8_t>(type[2])} << 8) | uint32_t{static_cast<uint8_t>(type[3])};
    Result<ByteSpan> child = FindChild(data, t);
    if (!child) return std::nullopt;
    data = *child;
  }
  return data;
}

std::vector<std::string> TopLevelTypes(ByteSpan data) {
  std::vector<std::string> out;
  ChildBoxes it(data);
  Box box;
  while (it.Next(box)) out.push_back(FourCCToString(box.type));
  return out;
}

TempDir::TempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/custos_mp4_test.XXXXXX";
  char* made = mkdtemp(tmpl.data());
  EXPECT_NE(made, nullptr);
  path_ = tmpl;
}

TempDir::~TempDir() {
  if (std::getenv("CUSTOS_KEEP_TEMP") != nullptr) {
    std::fprintf(stderr, "kept %s (CUSTOS_KEEP_TEMP)\n", path_.c_str());
    return;
  }
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void WriteFileOrDie(const std::string& path, ByteSpan data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  ASSERT_TRUE(out.good()) << path;
}

Bytes ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace custos::mp4::testing
