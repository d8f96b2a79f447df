// index_bench.cc: seeks in the frame index and timelines from the catalog.
//
// BM_FrameIndexDecode, BM_FindKeyFrameAtOrBefore, BM_SeekInFrameIndex: a one-minute
//   recording's index (1,500 frames at 25 fps, GOP 50, fragments of at most 1 s, sizes of
//   the real clip when it is there): decoding the blob, finding the key frame at or before
//   a random instant, and both (what a seek does once it holds the blob).
// BM_TimelineCameraDay/days_ago:K: Catalog::Timeline for one camera and one UTC day, K
//   days before the newest, in a catalog of CAMERAS x DAYS one-minute recordings (256 x 30
//   = 11 million rows by default; CUSTOS_BENCH_TIMELINE_CAMERAS / _DAYS change it), each
//   iteration on the next camera. Target: <= 1 ms.
// BM_SeekInCatalog: a seek as the player will do it: ListRecordings(camera, t, t+1),
//   GetFrameIndex of that recording, FindKeyFrameAtOrBefore. Target: <= 100 us.
//
// The catalog is built once into BenchDir() (schema and cameras through the Catalog API,
// rows with one prepared INSERT in large transactions) and reused. Camera c000's rows carry
// a real frame index blob (about 4.5 KB); the other cameras' rows carry a 1-byte
// placeholder, to keep the file near 3 GB instead of 50 GB: timelines read only the
// covering index, and seeks use c000.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>

#include "base/time.h"
#include "bench_clip.h"
#include "catalog/catalog.h"
#include "catalog/frame_index.h"

namespace custos::bench {
namespace {

constexpr int64_t kMinute90k = 60 * kTicksPerSecond90k;
constexpr int64_t kDay90k = 1440 * kMinute90k;
// 2026-10-24T00:00:00Z: the first recording of the catalog.
constexpr int64_t kBaseWall90k = int64_t{1792800000} * kTicksPerSecond90k;

// A one-minute recording as RecordingBuilder indexes it: a fragment at each key frame and
// every 25 frames (max_fragment_90k = 1 s); each fragment's data after a ~1 KB header.
std::vector<FrameIndexEntry> OneMinuteIndex() {
  const BenchClip& clip = GetBenchClip();
  std::vector<FrameIndexEntry> e;
  uint64_t offset = 1200;  // the init segment
  std::minstd_rand rng(42);
  for (int i = 0; i < 1500; ++i) {
    FrameIndexEntry f;
    f.duration_90k = 3600;
    f.is_key = i % 50 == 0;
    if (clip.error.empty()) {
      f.size_bytes = static_cast<uint32_t>(clip.frames[static_cast<size_t>(i) % clip.frames.size()].data.size());
    } else {
      f.size_bytes = f.is_key ? 60000 + rng() % 20000 : 17000 + rng() % 6000;
    }
    f.starts_fragment = i % 25 == 0;
    if (f.starts_fragment) {
      offset += 1000;  // prft + moof + mdat header
      f.data_offset = offset;
    }
    offset += f.size_bytes;
    e.push_back(f);
  }
  return e;
}

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::atoi(v) : fallback;
}

struct TimelineDb {
  int cameras = 0;
  int days = 0;
  std::string path;
  std::string error;
};

std::string CameraId(int c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "c%03d", c);
  return buf;
}

// Bulk-inserts the recordings into the catalog file at `path` (cameras and video params
// already in it).
Status InsertRows(const TimelineDb& db, const std::string& path, int64_t video_params_id) {
  sqlite3* h = nullptr;
  if (sqlite3_open(path.c_str(), &h) != SQLITE_OK) {
    sqlite3_close(h);
    return Internal("cannot open " + path);
  }
  auto exec = [&](const char* sql) -> Status {
    char* msg = nullptr;
    if (sqlite3_exec(h, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
      std::string m = std::string(sql) + ": " + (msg ? msg : "?");
      sqlite3_free(msg);
      return Internal(m);
    }
    return Status::Ok();
  };
  Status s = exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; BEGIN");
  sqlite3_stmt* ins = nullptr;
  if (s.ok() && sqlite3_prepare_v2(h,
                                   "INSERT INTO recording (camera_id, file_path, state, start_wall_90k, end_wall_90k, "
                                   "media_start_90k, media_duration_90k, bytes, frames, key_frames, video_params_id, "
                                   "frame_index, open_reason, created_wall_90k) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                                   -1, &ins, nullptr) != SQLITE_OK) {
    s = Internal(std::string("prepare: ") + sqlite3_errmsg(h));
  }
  const std::vector<FrameIndexEntry> entries = OneMinuteIndex();
  const Bytes real_blob = EncodeFrameIndex(entries);
  const uint8_t placeholder = 0x01;
  int64_t data_bytes = 0;
  for (const auto& e : entries) data_bytes += e.size_bytes;
  std::vector<std::string> ids;
  for (int c = 0; c < db.cameras; ++c) ids.push_back(CameraId(c));
  const int64_t minutes = int64_t{db.days} * 1440;
  int64_t rows = 0;
  const auto t0 = std::chrono::steady_clock::now();
  // Minute by minute across all cameras, the order a running recorder inserts them in.
  for (int64_t m = 0; s.ok() && m <= minutes; ++m) {
    const bool open = m == minutes;  // each camera's last recording is still being written
    const int64_t start = kBaseWall90k + m * kMinute90k;
    const std::string iso = FormatIso8601(WallTime90k{start});
    for (int c = 0; c < db.cameras && s.ok(); ++c) {
      std::string file = "recordings/" + ids[c] + "/" + iso.substr(0, 10) + "/" + iso + "-" +
                         std::to_string(rows + 1) + ".mp4";
      for (char& ch : file) {
        if (ch == ':') ch = '-';
      }
      sqlite3_bind_text(ins, 1, ids[c].c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, 2, file.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins, 3, open ? "writing" : "complete", -1, SQLITE_STATIC);
      sqlite3_bind_int64(ins, 4, start);
      if (open) {
        sqlite3_bind_null(ins, 5);
        sqlite3_bind_int64(ins, 6, 0);
        sqlite3_bind_int64(ins, 7, 0);
        sqlite3_bind_int64(ins, 8, 0);
        sqlite3_bind_int64(ins, 9, 0);
        sqlite3_bind_null(ins, 11);
      } else {
        sqlite3_bind_int64(ins, 5, start + kMinute90k);
        sqlite3_bind_int64(ins, 6, kMinute90k);
        sqlite3_bind_int64(ins, 7, data_bytes + 61 * 1000 + 1200);
        sqlite3_bind_int64(ins, 8, 1500);
        sqlite3_bind_int64(ins, 9, 30);
        if (c == 0) {
          sqlite3_bind_blob(ins, 11, real_blob.data(), static_cast<int>(real_blob.size()), SQLITE_STATIC);
        } else {
          sqlite3_bind_blob(ins, 11, &placeholder, 1, SQLITE_STATIC);
        }
      }
      sqlite3_bind_int64(ins, 10, video_params_id);
      sqlite3_bind_text(ins, 12, m == 0 ? "start" : "rotate", -1, SQLITE_STATIC);
      sqlite3_bind_int64(ins, 13, start);
      if (sqlite3_step(ins) != SQLITE_DONE) s = Internal(std::string("insert: ") + sqlite3_errmsg(h));
      sqlite3_reset(ins);
      if (++rows % 1000000 == 0) {
        if (s.ok()) s = exec("COMMIT; BEGIN");
        const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::cerr << "  timeline catalog: " << rows / 1000000 << " M rows in " << static_cast<int>(el) << " s\n";
      }
    }
  }
  sqlite3_finalize(ins);
  if (s.ok()) s = exec("COMMIT");
  // Schema 2 keeps the longest recording span in meta (FinishRecording raises it; these rows
  // bypass it). An older schema has no such column: nothing to do.
  if (s.ok()) {
    (void)exec(
        "UPDATE meta SET max_recording_span_90k = (SELECT COALESCE(MAX(end_wall_90k - start_wall_90k), 0) "
        "FROM recording WHERE end_wall_90k IS NOT NULL) WHERE id = 1");
  }
  if (s.ok()) s = exec("PRAGMA journal_mode=WAL");
  sqlite3_close(h);
  return s;
}

TimelineDb BuildTimelineDb() {
  TimelineDb db;
  db.cameras = EnvInt("CUSTOS_BENCH_TIMELINE_CAMERAS", 256);
  db.days = EnvInt("CUSTOS_BENCH_TIMELINE_DAYS", 30);
  db.path = BenchDir() + "/timeline-" + std::to_string(db.cameras) + "cams-" + std::to_string(db.days) + "days.db";
  if (std::filesystem::exists(db.path)) return db;
  const std::string tmp = db.path + ".building";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(tmp + suffix);
  std::cerr << "building " << db.path << " (" << db.cameras << " cameras x " << db.days
            << " days of one-minute recordings), once\n";
  const auto t0 = std::chrono::steady_clock::now();
  int64_t vp_id = 0;
  {
    auto catalog = Catalog::Open(tmp);
    if (!catalog) {
      db.error = catalog.error().ToString();
      return db;
    }
    for (int c = 0; c < db.cameras; ++c) {
      CameraConfig cfg;
      cfg.id = CameraId(c);
      cfg.url = "rtsp://127.0.0.1:8554/cam" + std::to_string(c + 1);
      if (Status s = (*catalog)->AddCamera(cfg); !s.ok()) {
        db.error = s.ToString();
        return db;
      }
    }
    VideoParams vp = GetBenchClip().params;
    if (vp.decoder_config.empty()) {  // no clip: any non-empty sample entry will do here
      vp.width = 1280;
      vp.height = 720;
      vp.rfc6381_codec = "avc1.64001f";
      vp.decoder_config = Bytes{1, 0x64, 0, 0x1f, 0xff, 0xe0, 0};
    }
    auto id = (*catalog)->UpsertVideoParams(vp);
    if (!id) {
      db.error = id.error().ToString();
      return db;
    }
    vp_id = *id;
  }
  if (Status s = InsertRows(db, tmp, vp_id); !s.ok()) {
    db.error = s.ToString();
    return db;
  }
  std::filesystem::rename(tmp, db.path);
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(tmp + suffix);
  const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cerr << "built " << db.path << " in " << static_cast<int>(el) << " s, "
            << std::filesystem::file_size(db.path) / (1024 * 1024) << " MiB\n";
  return db;
}

const TimelineDb& GetTimelineDb() {
  static const TimelineDb db = BuildTimelineDb();
  return db;
}

// One catalog connection per process, as the API server will hold one per query thread.
Catalog* GetCatalog(benchmark::State& state) {
  const TimelineDb& db = GetTimelineDb();
  if (!db.error.empty()) {
    state.SkipWithError(("timeline catalog: " + db.error).c_str());
    return nullptr;
  }
  static auto catalog = Catalog::Open(db.path);
  if (!catalog) {
    state.SkipWithError(catalog.error().ToString().c_str());
    return nullptr;
  }
  return catalog->get();
}

void BM_FrameIndexDecode(benchmark::State& state) {
  const Bytes blob = EncodeFrameIndex(OneMinuteIndex());
  for (auto _ : state) {
    auto entries = DecodeFrameIndex(blob);
    benchmark::DoNotOptimize(entries->data());
  }
  state.counters["blob_bytes"] = static_cast<double>(blob.size());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * 1500));
}
BENCHMARK(BM_FrameIndexDecode)->Unit(benchmark::kMicrosecond);

void BM_FindKeyFrameAtOrBefore(benchmark::State& state) {
  const std::vector<FrameIndexEntry> entries = OneMinuteIndex();
  std::minstd_rand rng(7);
  std::vector<int64_t> offsets(1024);
  for (int64_t& o : offsets) o = static_cast<int64_t>(rng() % static_cast<uint32_t>(kMinute90k));
  size_t i = 0;
  for (auto _ : state) {
    auto pos = FindKeyFrameAtOrBefore(entries, offsets[i++ % offsets.size()]);
    benchmark::DoNotOptimize(pos);
  }
}
BENCHMARK(BM_FindKeyFrameAtOrBefore)->Unit(benchmark::kMicrosecond);

void BM_SeekInFrameIndex(benchmark::State& state) {
  const Bytes blob = EncodeFrameIndex(OneMinuteIndex());
  std::minstd_rand rng(7);
  std::vector<int64_t> offsets(1024);
  for (int64_t& o : offsets) o = static_cast<int64_t>(rng() % static_cast<uint32_t>(kMinute90k));
  size_t i = 0;
  for (auto _ : state) {
    auto entries = DecodeFrameIndex(blob);
    auto pos = FindKeyFrameAtOrBefore(*entries, offsets[i++ % offsets.size()]);
    benchmark::DoNotOptimize(pos);
  }
}
BENCHMARK(BM_SeekInFrameIndex)->Unit(benchmark::kMicrosecond);

void BM_TimelineCameraDay(benchmark::State& state) {
  Catalog* catalog = GetCatalog(state);
  if (catalog == nullptr) return;
  const TimelineDb& db = GetTimelineDb();
  const int days_ago = std::min(static_cast<int>(state.range(0)), db.days - 1);
  const int64_t from = kBaseWall90k + int64_t{db.days - 1 - days_ago} * kDay90k;
  int camera = 0;
  int64_t runs = 0, calls = 0;
  std::vector<std::string> ids;
  for (int c = 0; c < db.cameras; ++c) ids.push_back(CameraId(c));
  for (auto _ : state) {
    auto tl = catalog->Timeline(ids[camera], WallTime90k{from}, WallTime90k{from + kDay90k}, kTicksPerSecond90k);
    if (!tl) {
      state.SkipWithError(tl.error().ToString().c_str());
      break;
    }
    runs += static_cast<int64_t>(tl->size());
    ++calls;
    camera = (camera + 1) % db.cameras;
  }
  state.counters["runs_per_call"] = calls ? static_cast<double>(runs) / static_cast<double>(calls) : 0;
  state.counters["rows_in_catalog"] = static_cast<double>(int64_t{db.cameras} * (int64_t{db.days} * 1440 + 1));
}
BENCHMARK(BM_TimelineCameraDay)->ArgName("days_ago")->Arg(0)->Arg(15)->Arg(29)->Unit(benchmark::kMicrosecond);

void BM_SeekInCatalog(benchmark::State& state) {
  Catalog* catalog = GetCatalog(state);
  if (catalog == nullptr) return;
  const TimelineDb& db = GetTimelineDb();
  std::minstd_rand rng(11);
  std::vector<int64_t> times(4096);
  const int64_t span_90k = int64_t{db.days} * kDay90k;
  for (int64_t& t : times) {
    t = kBaseWall90k + static_cast<int64_t>((static_cast<uint64_t>(rng()) << 16 ^ rng()) % static_cast<uint64_t>(span_90k));
  }
  size_t i = 0;
  for (auto _ : state) {
    const int64_t t = times[i++ % times.size()];
    auto recs = catalog->ListRecordings("c000", WallTime90k{t}, WallTime90k{t + 1});
    if (!recs || recs->empty()) {
      state.SkipWithError("no recording at the instant");
      break;
    }
    const Recording& r = recs->front();
    auto index = catalog->GetFrameIndex(r.id);
    if (!index) {
      state.SkipWithError(index.error().ToString().c_str());
      break;
    }
    auto pos = FindKeyFrameAtOrBefore(*index, t - r.start_wall_90k.ticks_90k);
    benchmark::DoNotOptimize(pos);
  }
}
BENCHMARK(BM_SeekInCatalog)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace custos::bench
