// catalog_index.h: the RecordingIndex the disk writer uses, backed by a Catalog.
//
// Thread-safety: like the Catalog it wraps, one thread (the disk writer's) at a time.
#pragma once

#include "catalog/catalog.h"
#include "storage/recording_index.h"

namespace custos {

class CatalogIndex final : public RecordingIndex {
 public:
  explicit CatalogIndex(Catalog& catalog) : catalog_(catalog) {}

  Result<int64_t> InsertRecording(const OpenRecordingJob& job, const std::string& file_path) override;
  Status FinishRecording(int64_t id, const CloseRecordingJob& job) override;
  Status DeleteRecording(int64_t id) override;
  // Keeps an already open gap (it started earlier, so it is the truer start).
  Status OpenGap(const GapJob& job) override;
  // Closes the camera's open gap, if any, at the job's time (never before its start).
  Status CloseGap(const GapJob& job) override;

 private:
  Catalog& catalog_;
};

}  // namespace custos
