// catalog_index.h: the RecordingIndex the disk writer uses, backed by a Catalog.
//
// Thread-safety: like the Catalog it wraps, one thread (the disk writer's) at a time.
#pragma once

#include "catalog/catalog.h"
#include "storage/chain_sealer.h"
#include "storage/recording_index.h"

namespace custos {

class CatalogIndex final : public RecordingIndex {
 public:
  // With a sealer, sealing signs checkpoints as they fall due; without, it only links.
  explicit CatalogIndex(Catalog& catalog, ChainSealer* sealer = nullptr) : catalog_(catalog), sealer_(sealer) {}

  Result<int64_t> InsertRecording(const OpenRecordingJob& job, const std::string& file_path) override;
  Status FinishRecording(int64_t id, const CloseRecordingJob& job) override;
  Status SealRecording(int64_t id, const Sha256Digest& file_sha256, int64_t file_bytes) override;
  Status DeleteRecording(int64_t id) override;
  // Keeps an already open gap (it started earlier, so it is the truer start).
  Status OpenGap(const GapJob& job) override;
  // Closes the camera's open gap, if any, at the job's time (never before its start).
  Status CloseGap(const GapJob& job) override;

 private:
  Catalog& catalog_;
  ChainSealer* sealer_;
};

}  // namespace custos
