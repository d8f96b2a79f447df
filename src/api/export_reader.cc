#include "api/export_reader.h"

#include <algorithm>

#include "mp4/byte_source.h"

namespace custos::api {

Result<Bytes> ReadExportBytes(const mp4::ExportPlan& plan, uint64_t begin, uint64_t end) {
  if (begin > end || end > plan.total_bytes) {
    return Err(OutOfRange("bytes [" + std::to_string(begin) + ", " + std::to_string(end) + ") are not within the " +
                          std::to_string(plan.total_bytes) + "-byte export"));
  }
  Bytes out(static_cast<size_t>(end - begin));
  // The first part that ends after `begin`.
  auto it = std::upper_bound(plan.parts.begin(), plan.parts.end(), begin, [](uint64_t offset, const mp4::ExportPart& p) {
    return offset < p.output_offset + p.length_bytes;
  });
  for (; it != plan.parts.end() && it->output_offset < end; ++it) {
    const uint64_t from = std::max(begin, it->output_offset);
    const uint64_t to = std::min(end, it->output_offset + it->length_bytes);
    std::span<uint8_t> dest(out.data() + (from - begin), static_cast<size_t>(to - from));
    if (!it->is_copy) {
      if (it->generated.size() != it->length_bytes) return Err(Internal("export plan part has the wrong length"));
      std::copy_n(it->generated.begin() + static_cast<ptrdiff_t>(from - it->output_offset), dest.size(), dest.begin());
      continue;
    }
    if (it->file_index >= plan.files.size()) return Err(Internal("export plan names a file it does not list"));
    const std::string& path = plan.files[it->file_index];
    auto fd = mp4::OpenForReading(path);
    if (!fd) return Err(fd.error());
    Status s = mp4::ReadFileRange(fd->get(), it->file_offset + (from - it->output_offset), dest);
    if (!s.ok()) return Err(s.With("reading " + path));
  }
  return out;
}

}  // namespace custos::api
