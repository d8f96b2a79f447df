#include "mp4/export_writer.h"

#include <algorithm>
#include <optional>

#include "base/file_util.h"
#include "mp4/byte_source.h"

namespace custos::mp4 {
namespace {

constexpr size_t kCopyBufferBytes = 1 << 20;

// Copies [offset, offset + length) of a recording to out_fd through `buffer`.
Status CopyFileRange(int in_fd, uint64_t offset, uint64_t length, int out_fd, Bytes& buffer) {
  while (length > 0) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(length, kCopyBufferBytes));
    buffer.resize(n);
    CUSTOS_RETURN_IF_ERROR(ReadFileRange(in_fd, offset, buffer));
    CUSTOS_RETURN_IF_ERROR(WriteAll(out_fd, buffer, "writing export"));
    offset += n;
    length -= n;
  }
  return Status::Ok();
}

// Opens each recording once, on first use, and keeps it open for the rest of the write.
class SourceFiles {
 public:
  explicit SourceFiles(const std::vector<std::string>& paths) : paths_(paths), fds_(paths.size()) {}
  Result<int> Get(size_t index) {
    if (index >= paths_.size()) return Err(Internal("export plan names file " + std::to_string(index)));
    if (!fds_[index]) {
      Result<UniqueFd> fd = OpenForReading(paths_[index]);
      if (!fd) return Err(fd.error());
      fds_[index] = std::move(*fd);
    }
    return fds_[index]->get();
  }

 private:
  const std::vector<std::string>& paths_;
  std::vector<std::optional<UniqueFd>> fds_;
};

Status WritePart(const ExportPlan& plan, const ExportPart& part, uint64_t begin, uint64_t end, int out_fd,
                 SourceFiles& files, Bytes& buffer) {
  uint64_t from = std::max(begin, part.output_offset) - part.output_offset;
  uint64_t to = std::min(end, part.output_offset + part.length_bytes) - part.output_offset;
  if (!part.is_copy) {
    if (part.generated.size() != part.length_bytes) return Internal("export plan part has the wrong length");
    return WriteAll(out_fd, ByteSpan(part.generated).subspan(from, to - from), "writing export");
  }
  Result<int> fd = files.Get(part.file_index);
  if (!fd) return fd.error();
  Status s = CopyFileRange(*fd, part.file_offset + from, to - from, out_fd, buffer);
  return s.With("copying from " + plan.files[part.file_index]);
}

}  // namespace

Status WriteExportRange(const ExportPlan& plan, uint64_t begin, uint64_t end, int out_fd) {
  if (begin > end || end > plan.total_bytes) {
    return OutOfRange("range [" + std::to_string(begin) + ", " + std::to_string(end) + ") is not within the " +
                      std::to_string(plan.total_bytes) + "-byte export");
  }
  // The first part that ends after `begin`.
  auto it = std::upper_bound(plan.parts.begin(), plan.parts.end(), begin,
                             [](uint64_t offset, const ExportPart& p) { return offset < p.output_offset + p.length_bytes; });
  SourceFiles files(plan.files);
  Bytes buffer;
  for (; it != plan.parts.end() && it->output_offset < end; ++it) {
    Status s = WritePart(plan, *it, begin, end, out_fd, files, buffer);
    if (!s.ok()) return s.With("writing export");
  }
  return Status::Ok();
}

Status WriteExport(const ExportPlan& plan, int out_fd) { return WriteExportRange(plan, 0, plan.total_bytes, out_fd); }

}  // namespace custos::mp4
