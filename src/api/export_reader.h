// export_reader.h: reads a slice of an export's output bytes into memory, for streaming
// it over HTTP one chunk at a time (at most kExportChunkBytes per call, so a download holds
// one chunk per connection, whatever its size).
//
// The bytes are those mp4::WriteExportRange would write: generated parts are copied from
// the plan, the rest is read from the recording files with pread. Thread-safety: the plan
// is immutable; call from a worker thread (it blocks on the disk).
#pragma once

#include <cstdint>

#include "base/bytes.h"
#include "base/status.h"
#include "mp4/export_writer.h"

namespace custos::api {

inline constexpr uint64_t kExportChunkBytes = 1 << 20;

// Output bytes [begin, end) of `plan`. OutOfRange if not within [0, total_bytes];
// DataLoss if a recording no longer holds the bytes the plan names; errno Statuses.
Result<Bytes> ReadExportBytes(const mp4::ExportPlan& plan, uint64_t begin, uint64_t end);

}  // namespace custos::api
