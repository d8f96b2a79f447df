// catalog_test_util.h: shared fixtures of catalog_test: a temporary directory, a catalog
// opened on a fake clock, and builders of cameras, video params and recordings.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/clock.h"
#include "catalog/catalog.h"
#include "catalog/frame_index.h"
#include "catalog/sqlite_db.h"

namespace custos::testing {

// 2026-11-23T08:30:00Z.
inline constexpr int64_t kT0 = int64_t{1795422600} * kTicksPerSecond90k;
inline constexpr int64_t kSecond = kTicksPerSecond90k;

// A fresh directory under $TMPDIR, removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "custos_catalog_XXXXXX").string();
    const char* made = mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline CameraConfig TestCamera(const std::string& id) {
  CameraConfig c;
  c.id = id;
  c.name = "Camera " + id;
  c.url = "rtsp://192.0.2.10:554/" + id;
  c.username = "viewer";
  c.password = "secret";
  return c;
}

inline VideoParams TestParams(uint16_t width = 1920) {
  VideoParams p;
  p.codec = VideoCodec::kH264;
  p.width = width;
  p.height = 1080;
  p.rfc6381_codec = "avc1.640028";
  p.decoder_config = {0x01, 0x64, 0x00, 0x28, 0xff, 0xe1, static_cast<uint8_t>(width & 0xff)};
  return p;
}

// `frames` frames at 25 fps, a key frame and a new fragment every `gop` frames; the data
// of the first fragment starts at byte 1000 and each moof+mdat header takes 200 bytes.
inline std::vector<FrameIndexEntry> SteadyFrames(int frames, int gop = 25) {
  std::vector<FrameIndexEntry> entries;
  uint64_t offset = 1000;
  for (int i = 0; i < frames; ++i) {
    FrameIndexEntry e;
    e.duration_90k = 3600;
    e.is_key = i % gop == 0;
    e.size_bytes = e.is_key ? 60000 : 8000 + static_cast<uint32_t>(i % 7) * 100;
    e.starts_fragment = e.is_key;
    if (e.starts_fragment) {
      offset += i == 0 ? 0 : 200;
      e.data_offset = offset;
    }
    offset += e.size_bytes;
    entries.push_back(e);
  }
  return entries;
}

// A summary that agrees with `entries`, ending at `end`.
inline RecordingSummary SummaryOf(const std::vector<FrameIndexEntry>& entries, WallTime90k end) {
  RecordingSummary s;
  s.end_wall_90k = end;
  s.frame_index = EncodeFrameIndex(entries);
  s.frames = static_cast<int64_t>(entries.size());
  for (const FrameIndexEntry& e : entries) {
    s.key_frames += e.is_key ? 1 : 0;
    s.media_duration_90k += e.duration_90k;
    s.bytes += e.size_bytes + 200;
  }
  s.bytes += 1000;
  return s;
}

// A catalog on a fresh file, with a fake clock at kT0.
class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override { catalog_ = OpenCatalog(); }

  std::unique_ptr<Catalog> OpenCatalog() {
    Result<std::unique_ptr<Catalog>> c = Catalog::Open(path_, clock_);
    EXPECT_TRUE(c.has_value()) << c.error().ToString();
    return c ? std::move(*c) : nullptr;
  }

  // A raw connection to the same file, to corrupt or inspect it.
  std::unique_ptr<SqliteDb> OpenRaw() {
    Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(path_);
    EXPECT_TRUE(db.has_value()) << db.error().ToString();
    return db ? std::move(*db) : nullptr;
  }

  // Adds camera `id` if needed and inserts a 'writing' recording starting at `start`.
  int64_t Insert(const std::string& camera_id, int64_t start, const std::string& path) {
    if (!catalog_->GetCamera(camera_id)) {
      EXPECT_TRUE(catalog_->AddCamera(TestCamera(camera_id)).ok());
    }
    Result<int64_t> params = catalog_->UpsertVideoParams(TestParams());
    EXPECT_TRUE(params.has_value());
    NewRecording r{camera_id, path, WallTime90k{start}, 0, params.value_or(0), OpenReason::kRotate};
    Result<int64_t> id = catalog_->InsertRecording(r);
    EXPECT_TRUE(id.has_value()) << id.error().ToString();
    return id.value_or(0);
  }

  // Inserts and finishes a recording of [start, end), filled with 25 fps frames.
  int64_t InsertFinished(const std::string& camera_id, int64_t start, int64_t end) {
    const int64_t id = Insert(camera_id, start, camera_id + "/" + std::to_string(start) + ".mp4");
    const int frames = static_cast<int>((end - start) / 3600);
    Status s = catalog_->FinishRecording(id, SummaryOf(SteadyFrames(frames), WallTime90k{end}));
    EXPECT_TRUE(s.ok()) << s.ToString();
    return id;
  }

  TempDir dir_;
  std::string path_ = dir_.File("catalog.db");
  FakeClock clock_{WallTime90k{kT0}};
  std::unique_ptr<Catalog> catalog_;
};

}  // namespace custos::testing
