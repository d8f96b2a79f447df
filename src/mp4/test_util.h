// test_util.h: helpers for the mp4 tests: small valid parameter sets, synthetic recording
// files built with our own writers, box lookup, a temporary directory.
// Thread-safety: test-only, single-threaded.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/time.h"
#include "media/frame.h"
#include "mp4/fragment.h"

namespace custos::mp4::testing {

// A minimal but well-formed avcC (H.264) or hvcC (H.265) and VideoParams around it,
// with sps/pps/vps and rfc6381_codec filled as the scanner fills them.
VideoParams TestParams(VideoCodec codec, uint16_t width = 640, uint16_t height = 360);

struct TestFragment {
  int64_t base_90k = 0;
  std::optional<WallTime90k> wall_time;
  std::vector<SampleInfo> samples;
};

// `count` fragments of `samples_per_fragment` 3600-tick samples (the first a key frame),
// back to back from `base_90k`, each with a wall time 1 s apart from `wall`.
std::vector<TestFragment> TestFragments(size_t count, size_t samples_per_fragment, int64_t base_90k = 0,
                                        std::optional<WallTime90k> wall = WallTime90k{SecondsTo90k(1.8e9)});

// Deterministic sample bytes: which fragment and sample they belong to is recoverable.
Bytes SampleBytes(size_t fragment, size_t sample, uint32_t size_bytes);

struct TestFile {
  Bytes bytes;
  uint64_t init_size = 0;
  std::vector<uint64_t> fragment_ends;  // file offset one past each fragment
};

// Init segment then each fragment (header + SampleBytes), sequence numbers from 1.
TestFile MakeTestFile(const VideoParams& params, const std::vector<TestFragment>& fragments);

// The payload of the box at `path` (e.g. {"moov", "trak", "tkhd"}) in top-level boxes
// `data`; nullopt if absent.
std::optional<ByteSpan> FindBox(ByteSpan data, std::initializer_list<const char*> path);

// The types of the top-level boxes of `data`, in order ("ftyp", "moov", ...).
std::vector<std::string> TopLevelTypes(ByteSpan data);

// A fresh directory under TMPDIR, removed with its contents on destruction unless the
// environment sets CUSTOS_KEEP_TEMP (to look at the files a test wrote).
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

void WriteFileOrDie(const std::string& path, ByteSpan data);
Bytes ReadFileOrDie(const std::string& path);

}  // namespace custos::mp4::testing
