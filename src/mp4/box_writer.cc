#include "mp4/box_writer.h"

#include <limits>

#include "mp4/box.h"

namespace custos::mp4 {

size_t BeginBox(ByteWriter& w, uint32_t type) {
  size_t start = w.size();
  w.U32(0);  // patched by EndBox
  w.U32(type);
  return start;
}

size_t BeginFullBox(ByteWriter& w, uint32_t type, uint8_t version, uint32_t flags) {
  size_t start = BeginBox(w, type);
  w.U8(version);
  w.U24(flags);
  return start;
}

void EndBox(ByteWriter& w, size_t start) { w.PatchU32(start, static_cast<uint32_t>(w.size() - start)); }

uint64_t MdatHeaderBytes(uint64_t payload_bytes) {
  return payload_bytes <= std::numeric_limits<uint32_t>::max() - 8 ? 8 : 16;
}

void WriteMdatHeader(ByteWriter& w, uint64_t payload_bytes) {
  uint64_t header_bytes = MdatHeaderBytes(payload_bytes);
  if (header_bytes == 8) {
    w.U32(static_cast<uint32_t>(payload_bytes + 8));
    w.U32(FourCC("mdat"));
  } else {
    w.U32(1);  // the real size follows as a 64-bit "largesize"
    w.U32(FourCC("mdat"));
    w.U64(payload_bytes + 16);
  }
}

}  // namespace custos::mp4
