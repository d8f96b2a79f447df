#include "mp4/box_reader.h"

#include <string>

#include "mp4/box.h"

namespace custos::mp4 {

bool ParseBoxHeader(ByteSpan data, BoxHeader& out, Status& error) {
  ByteReader r(data);
  uint32_t size32 = 0;
  if (!r.ReadU32(size32) || !r.ReadU32(out.type)) return false;
  out.size_bytes = size32;
  out.header_bytes = 8;
  if (size32 == 1) {
    if (!r.ReadU64(out.size_bytes)) return false;
    out.header_bytes = 16;
  }
  if (out.size_bytes != 0 && out.size_bytes < out.header_bytes) {
    error = DataLoss("box '" + FourCCToString(out.type) + "' declares " + std::to_string(out.size_bytes) +
                     " bytes, less than its own header");
  }
  return true;
}

bool ChildBoxes::Next(Box& out) {
  if (!status_.ok() || rest_.empty()) return false;
  BoxHeader h;
  Status error;
  if (!ParseBoxHeader(rest_, h, error)) {
    status_ = DataLoss("truncated box header (" + std::to_string(rest_.size()) + " bytes left in container)");
    return false;
  }
  if (!error.ok()) {
    status_ = error;
    return false;
  }
  uint64_t size = h.size_bytes == 0 ? rest_.size() : h.size_bytes;
  if (size > rest_.size()) {
    status_ = DataLoss("box '" + FourCCToString(h.type) + "' of " + std::to_string(size) +
                       " bytes overruns its container (" + std::to_string(rest_.size()) + " bytes left)");
    return false;
  }
  out.type = h.type;
  out.payload = rest_.subspan(h.header_bytes, size - h.header_bytes);
  rest_ = rest_.subspan(size);
  return true;
}

Result<ByteSpan> FindChild(ByteSpan payload, uint32_t type) {
  ChildBoxes it(payload);
  Box box;
  while (it.Next(box)) {
    if (box.type == type) return box.payload;
  }
  if (!it.status().ok()) return Err(it.status());
  return Err(DataLoss("no '" + FourCCToString(type) + "' box"));
}

bool ReadFullBoxHeader(ByteReader& r, uint8_t& version, uint32_t& flags) {
  return r.ReadU8(version) && r.ReadU24(flags);
}

}  // namespace custos::mp4
