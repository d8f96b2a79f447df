// export_job_runner.h: does one export job's work, on a job thread.
//
// Evidence package: plan (frame count for progress), storage::WriteExportPackage into
// JOB_DIR/package, then one ustar archive JOB_DIR/<camera>_<start>_package.tar, and the
// directory is removed. Masked: the plain export into JOB_DIR/unmasked.tmp (removed in
// every case), then decode, mask and re-encode (privacy::MaskedExport) into
// JOB_DIR/<camera>_<start>_masked.mp4. `progress.cancel` is polled between steps and before
// every decoded frame: a cancelled job returns Cancelled and leaves the directory for
// the caller to delete. A watermark (request.watermark_export_id) re-encodes the
// package's video through the same pipeline (privacy::MaskedExport, no detection) with
// the export id and requester burnt in, and the manifest says so (`reencoding`); in a
// masked job it is burnt in after masking. Thread-safety: one call per thread, each with its own Catalog.
#pragma once

#include <string>

#include "base/clock.h"
#include "catalog/catalog.h"
#include "crypto/node_key.h"
#include "jobs/export_job.h"

namespace custos::jobs {

struct RunEnv {
  Catalog& catalog;  // this job thread's own connection
  std::string data_dir;
  const NodeKey* key = nullptr;  // signs packages
  const Clock& clock;
};

struct JobOutput {
  std::string path;  // the result file
  std::string file_name;
  uint64_t bytes = 0;
};

Result<JobOutput> RunExportJob(const RunEnv& env, const ExportJobRequest& request, const std::string& job_dir,
                               JobProgress& progress);

}  // namespace custos::jobs
