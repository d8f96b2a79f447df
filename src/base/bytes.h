// bytes.h: bounds-checked big-endian reading and appending of bytes.
//
// ByteReader never reads past its span; every read reports failure instead, so parsers
// of network input can be written without asserts. ByteWriter appends to a std::string
// or std::vector-like buffer and can patch sizes written earlier (MP4 boxes).
// Thread-safety: plain values, one owner.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace custos {

using Bytes = std::vector<uint8_t>;
using ByteSpan = std::span<const uint8_t>;

class ByteReader {
 public:
  ByteReader() = default;
  explicit ByteReader(ByteSpan data) : data_(data) {}
  ByteReader(const uint8_t* p, size_t n) : data_(p, n) {}

  size_t remaining() const { return data_.size() - pos_; }
  size_t position() const { return pos_; }
  bool empty() const { return remaining() == 0; }
  ByteSpan rest() const { return data_.subspan(pos_); }

  bool ReadU8(uint8_t& v) { return ReadBE(v, 1); }
  bool ReadU16(uint16_t& v) { return ReadBE(v, 2); }
  bool ReadU24(uint32_t& v) { return ReadBE(v, 3); }
  bool ReadU32(uint32_t& v) { return ReadBE(v, 4); }
  bool ReadU64(uint64_t& v) { return ReadBE(v, 8); }
  bool Skip(size_t n) {
    if (n > remaining()) return false;
    pos_ += n;
    return true;
  }
  bool ReadSpan(size_t n, ByteSpan& out) {
    if (n > remaining()) return false;
    out = data_.subspan(pos_, n);
    pos_ += n;
    return true;
  }

 private:
  template <typename T>
  bool ReadBE(T& v, size_t n) {
    if (n > remaining()) return false;
    uint64_t x = 0;
    for (size_t i = 0; i < n; ++i) x = (x << 8) | data_[pos_ + i];
    pos_ += n;
    v = static_cast<T>(x);
    return true;
  }

  ByteSpan data_;
  size_t pos_ = 0;
};

class ByteWriter {
 public:
  explicit ByteWriter(Bytes& out) : out_(out) {}

  size_t size() const { return out_.size(); }
  void U8(uint8_t v) { out_.push_back(v); }
  void U16(uint16_t v) { BE(v, 2); }
  void U24(uint32_t v) { BE(v, 3); }
  void U32(uint32_t v) { BE(v, 4); }
  void U64(uint64_t v) { BE(v, 8); }
  void Append(ByteSpan s) { out_.insert(out_.end(), s.begin(), s.end()); }
  void Append(std::string_view s) { out_.insert(out_.end(), s.begin(), s.end()); }
  void Zeros(size_t n) { out_.insert(out_.end(), n, 0); }
  // Overwrites 4 bytes at `offset` with `v` (big-endian), e.g. a box size.
  void PatchU32(size_t offset, uint32_t v) {
    for (int i = 0; i < 4; ++i) out_[offset + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
  }

 private:
  void BE(uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  Bytes& out_;
};

inline uint16_t LoadBE16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
inline uint32_t LoadBE32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

}  // namespace custos
