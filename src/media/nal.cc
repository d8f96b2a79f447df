#include "media/nal.h"

namespace custos {

namespace {

constexpr size_t kNpos = static_cast<size_t>(-1);

// Returns the index just past the next start code at or after `from`, or npos.
// `code_start` receives the index of the start code's first zero byte.
size_t FindStartCode(ByteSpan s, size_t from, size_t& code_start) {
  for (size_t i = from; i + 3 <= s.size();) {
    if (s[i + 2] > 1) {
      i += 3;  // no start code can begin at i, i+1 or i+2 ending here
    } else if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
      code_start = i;
      return i + 3;
    } else {
      ++i;
    }
  }
  return kNpos;
}

ByteSpan TrimTrailingZeros(ByteSpan s) {
  size_t n = s.size();
  while (n > 0 && s[n - 1] == 0) --n;
  return s.first(n);
}

}  // namespace

std::vector<ByteSpan> SplitAnnexB(ByteSpan stream) {
  std::vector<ByteSpan> nals;
  size_t code_start = 0;
  size_t begin = FindStartCode(stream, 0, code_start);
  while (begin != kNpos) {
    size_t next_code = stream.size();
    size_t next = FindStartCode(stream, begin, next_code);
    ByteSpan nal = TrimTrailingZeros(stream.subspan(begin, next_code - begin));
    if (!nal.empty()) nals.push_back(nal);
    begin = next;
  }
  return nals;
}

void RemoveEmulationPrevention(ByteSpan nal, Bytes& rbsp) {
  rbsp.clear();
  rbsp.reserve(nal.size());
  int zeros = 0;
  for (uint8_t b : nal) {
    if (zeros >= 2 && b == 3) {
      zeros = 0;
      continue;
    }
    zeros = (b == 0) ? zeros + 1 : 0;
    rbsp.push_back(b);
  }
}

Bytes RemoveEmulationPrevention(ByteSpan nal) {
  Bytes rbsp;
  RemoveEmulationPrevention(nal, rbsp);
  return rbsp;
}

uint32_t BitReader::Bits(int n) {
  if (!ok_ || n < 0 || n > 32) return Fail();
  if (static_cast<size_t>(n) > data_.size() * 8 - pos_bits_) return Fail();
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) {
    size_t byte = pos_bits_ >> 3;
    int shift = 7 - static_cast<int>(pos_bits_ & 7);
    v = (v << 1) | ((data_[byte] >> shift) & 1u);
    ++pos_bits_;
  }
  return static_cast<uint32_t>(v);
}

uint32_t BitReader::Ue() {
  int leading_zeros = 0;
  while (ok_ && !Flag()) {
    if (++leading_zeros > 31) return Fail();
  }
  if (!ok_) return 0;
  // 2^lz - 1 + suffix; lz <= 31 keeps this within uint32.
  uint64_t v = (uint64_t{1} << leading_zeros) - 1 + Bits(leading_zeros);
  return ok_ ? static_cast<uint32_t>(v) : 0;
}

int32_t BitReader::Se() {
  uint32_t k = Ue();
  // k = 2|x| - (x > 0): odd codes are positive.
  int64_t magnitude = (int64_t{k} + 1) / 2;
  return static_cast<int32_t>((k & 1) ? magnitude : -magnitude);
}

void BitReader::Skip(size_t n_bits) {
  if (!ok_) return;
  if (n_bits > data_.size() * 8 - pos_bits_) {
    Fail();
    return;
  }
  pos_bits_ += n_bits;
}

}  // namespace custos
