// box_reader.h: parses ISO BMFF box headers and walks child boxes held in memory.
//
// Every function is bounds-checked and reports malformed input as a DataLoss Status (or
// false), never by asserting, so it may be fed arbitrary bytes. Thread-safety: pure
// functions and plain values.
#pragma once

#include <cstdint>

#include "base/bytes.h"
#include "base/status.h"

namespace custos::mp4 {

inline constexpr uint32_t kMaxBoxHeaderBytes = 16;

struct BoxHeader {
  uint32_t type = 0;
  // Size of the whole box, header included; 0 means "extends to the end of its
  // container (or file)", as the size field 0 does in the file.
  uint64_t size_bytes = 0;
  uint32_t header_bytes = 0;  // 8, or 16 with a 64-bit largesize
};

// Parses the header at the start of `data`. False when `data` is too short to hold it.
// DataLoss when the declared size is smaller than the header itself.
bool ParseBoxHeader(ByteSpan data, BoxHeader& out, Status& error);

struct Box {
  uint32_t type = 0;
  ByteSpan payload;  // the box minus its header
};

// Iterates the boxes of a container's payload: while (it.Next(box)) {...}; then status()
// says whether the walk ended cleanly (DataLoss if a child overran its container).
class ChildBoxes {
 public:
  explicit ChildBoxes(ByteSpan payload) : rest_(payload) {}
  bool Next(Box& out);
  const Status& status() const { return status_; }

 private:
  ByteSpan rest_;
  Status status_;
};

// The payload of the first child of `type`. DataLoss naming `type` if there is none or
// the container is malformed.
Result<ByteSpan> FindChild(ByteSpan payload, uint32_t type);

// Reads a full box's version and flags from the start of `r`.
bool ReadFullBoxHeader(ByteReader& r, uint8_t& version, uint32_t& flags);

}  // namespace custos::mp4
