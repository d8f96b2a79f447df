// retention_test_util.h: a catalog on a fake clock with recordings that have real files,
// an in-memory audit sink, and a free-space function that counts those files.
#pragma once

#include <filesystem>
#include <fstream>

#include "audit/audit_sink.h"
#include "catalog/catalog_test_util.h"
#include "govern/rule_numbers.h"
#include "retention/retention_service.h"
#include "retention/retention_sweeper.h"

namespace custos::testing {

inline constexpr int64_t kDay = kDay90k;

class RetentionTest : public CatalogTest {
 protected:
  std::string data() const { return dir_.File(""); }
  // A finished recording of `camera` ending `age_days` before now, with a file of `bytes`.
  int64_t Footage(const std::string& camera, double age_days, size_t bytes = 1 << 20) {
    const int64_t end = clock_.Now().ticks_90k - static_cast<int64_t>(age_days * kDay);
    const int64_t start = end - 60 * kSecond;
    const std::string rel = "recordings/" + camera + "/" + std::to_string(start) + ".mp4";
    const int64_t id = Insert(camera, start, rel);
    EXPECT_TRUE(catalog_->FinishRecording(id, SummaryOf(SteadyFrames(1500), WallTime90k{end})).ok());
    std::filesystem::create_directories(std::filesystem::path(dir_.File(rel)).parent_path());
    std::ofstream(dir_.File(rel), std::ios::binary) << std::string(bytes, 'x');
    paths_[id] = dir_.File(rel);
    return id;
  }
  bool FileExists(int64_t id) { return std::filesystem::exists(paths_[id]); }
  bool RowExists(int64_t id) { return catalog_->GetRecording(id).has_value(); }
  // Free space of a pretend disk of `capacity_bytes` holding only our recordings.
  FreeSpaceFn PretendDisk(uint64_t capacity_bytes) {
    return [this, capacity_bytes](const std::string&) -> Result<DiskSpace> {
      uint64_t used = 0;
      for (auto& e : std::filesystem::recursive_directory_iterator(dir_.File("recordings"))) {
        if (e.is_regular_file()) used += e.file_size();
      }
      return DiskSpace{capacity_bytes > used ? capacity_bytes - used : 0, capacity_bytes};
    };
  }
  std::vector<std::string> Actions() {
    std::vector<std::string> out;
    for (const auto& e : audit_.events()) out.push_back(e.action + ":" + e.outcome);
    return out;
  }

  MemoryAuditSink audit_;
  std::map<int64_t, std::string> paths_;
};

// The shipped profile files (profiles/*.json), as the daemon loads them.
inline const govern::ProfileSet& Profiles() {
  static const govern::ProfileSet set = *govern::ProfileSet::Load(govern::FindProfilesDir());
  return set;
}
inline RetentionProfile Profile(const std::string& name) { return govern::RetentionProfileOf(**Profiles().Find(name)); }

}  // namespace custos::testing
