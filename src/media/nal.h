// nal.h: codec-neutral NAL unit plumbing for H.264 and H.265.
//
// Provides: splitting an Annex B byte stream into NAL units, removing emulation-prevention
// bytes (NAL unit -> RBSP), and BitReader, a bounds-checked MSB-first bit reader with
// Exp-Golomb codes. Every reader here reports failure instead of reading past its input,
// so it is safe on bytes from a camera.
// Thread-safety: free functions are pure; a BitReader is a plain value with one owner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/bytes.h"

namespace custos {

// Splits an Annex B stream (start codes 00 00 01 or 00 00 00 01) into NAL units, without
// their start codes. Bytes before the first start code are ignored, trailing zero bytes of
// each unit (trailing_zero_8bits, the extra zero of a 4-byte start code) are dropped, and
// empty units are skipped. The spans point into `stream`.
std::vector<ByteSpan> SplitAnnexB(ByteSpan stream);

// Copies `nal` into `rbsp` (replacing its contents) without the emulation-prevention bytes:
// every 03 in a 00 00 03 sequence. `rbsp` keeps its capacity, so a caller may reuse it.
void RemoveEmulationPrevention(ByteSpan nal, Bytes& rbsp);
Bytes RemoveEmulationPrevention(ByteSpan nal);

// Reads bits MSB first. The first read past the end (or an Exp-Golomb code longer than 32
// bits) puts the reader in a failed state: that read and every later one return 0 / false
// and ok() turns false. Parsers read a whole structure and check ok() once, or check the
// bool-returning forms as they go.
class BitReader {
 public:
  explicit BitReader(ByteSpan data) : data_(data) {}

  bool ok() const { return ok_; }
  size_t bits_left() const { return ok_ ? data_.size() * 8 - pos_bits_ : 0; }
  size_t position_bits() const { return pos_bits_; }

  // Reads n bits (0 <= n <= 32) as an unsigned number.
  uint32_t Bits(int n);
  bool Flag() { return Bits(1) != 0; }
  // ue(v) and se(v) of H.264/H.265 section 9.
  uint32_t Ue();
  int32_t Se();
  void Skip(size_t n_bits);

  // Bool-returning forms for callers that prefer to test each read.
  bool ReadBits(int n, uint32_t& v) { v = Bits(n); return ok_; }
  bool ReadUe(uint32_t& v) { v = Ue(); return ok_; }
  bool ReadSe(int32_t& v) { v = Se(); return ok_; }

 private:
  uint32_t Fail() {
    ok_ = false;
    return 0;
  }

  ByteSpan data_;
  size_t pos_bits_ = 0;
  bool ok_ = true;
};

}  // namespace custos
