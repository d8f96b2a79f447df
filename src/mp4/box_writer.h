// box_writer.h: appends ISO BMFF boxes to a ByteWriter, patching each box's size at its end.
//
//   size_t moov = BeginBox(w, FourCC("moov"));
//   ... children ...
//   EndBox(w, moov);
//
// or, with a scope: { ScopedBox moov(w, FourCC("moov")); ... }. Sizes are 32-bit: the
// boxes built here (headers, never sample data) are bounded far below 4 GiB by the limits
// in box.h; mdat, the one box that may be larger, has its own writer.
// Thread-safety: none; a writer belongs to one caller.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/bytes.h"

namespace custos::mp4 {

// Writes a size placeholder and `type`; returns the box's start offset for EndBox.
size_t BeginBox(ByteWriter& w, uint32_t type);
// As BeginBox, then the full-box version (8 bits) and flags (24 bits).
size_t BeginFullBox(ByteWriter& w, uint32_t type, uint8_t version, uint32_t flags);
// Patches the size of the box that starts at `start` to span up to the current end.
void EndBox(ByteWriter& w, size_t start);

// Closes its box when it goes out of scope.
class ScopedBox {
 public:
  ScopedBox(ByteWriter& w, uint32_t type) : w_(w), start_(BeginBox(w, type)) {}
  ScopedBox(ByteWriter& w, uint32_t type, uint8_t version, uint32_t flags)
      : w_(w), start_(BeginFullBox(w, type, version, flags)) {}
  ~ScopedBox() { EndBox(w_, start_); }
  ScopedBox(const ScopedBox&) = delete;
  ScopedBox& operator=(const ScopedBox&) = delete;

 private:
  ByteWriter& w_;
  size_t start_;
};

// Size of the mdat header for `payload_bytes`: 8, or 16 when the box needs a 64-bit size.
uint64_t MdatHeaderBytes(uint64_t payload_bytes);
// Writes the header of an mdat box whose payload (written elsewhere) is `payload_bytes`.
void WriteMdatHeader(ByteWriter& w, uint64_t payload_bytes);

}  // namespace custos::mp4
