// media_test_util.h: helpers shared by the media tests (not part of custos_media).
//
// Provides hex conversion, reading files from tests/media, length-prefixing, and
// TestPacket: an RTP packet that owns its payload, made by packetizing an access unit.
// Thread-safety: plain values and functions.
#pragma once

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "media/depacketizer.h"
#include "media/packetizer.h"
#include "media/rtp.h"

namespace custos::testing {

inline Bytes FromHex(std::string_view hex) {
  Bytes out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

inline std::string ToHex(ByteSpan b) {
  std::string out;
  char buf[3];
  for (uint8_t x : b) {
    std::snprintf(buf, sizeof buf, "%02x", x);
    out += buf;
  }
  return out;
}

template <size_t N>
Bytes ToBytes(const uint8_t (&a)[N]) {
  return Bytes(a, a + N);
}
inline Bytes ToBytes(ByteSpan s) { return Bytes(s.begin(), s.end()); }

// Reads tests/media/<name>; empty if missing.
inline Bytes ReadTestMedia(const std::string& name) {
  std::ifstream in(std::string(CUSTOS_TEST_MEDIA_DIR) + "/" + name, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline Bytes LengthPrefixed(const std::vector<Bytes>& nals) {
  Bytes out;
  ByteWriter w(out);
  for (const Bytes& n : nals) {
    w.U32(static_cast<uint32_t>(n.size()));
    w.Append(n);
  }
  return out;
}

// Writes bits MSB first, for hand-made (often hostile) parameter sets.
class BitWriter {
 public:
  BitWriter& Bits(int n, uint64_t v) {
    for (int i = n - 1; i >= 0; --i) Bit(i < 64 ? (v >> i) & 1 : 0);
    return *this;
  }
  BitWriter& Ue(uint64_t v) {
    int len = 0;
    while ((v + 1) >> (len + 1)) ++len;
    Bits(len, 0);
    return Bits(len + 1, v + 1);
  }
  BitWriter& Se(int64_t v) { return Ue(v > 0 ? 2 * static_cast<uint64_t>(v) - 1 : 2 * static_cast<uint64_t>(-v)); }
  // Appends the RBSP stop bit and alignment zeros; no emulation prevention is added.
  Bytes Finish() {
    Bit(1);
    while (nbits_ % 8) Bit(0);
    return out_;
  }

 private:
  void Bit(uint64_t b) {
    if (nbits_ % 8 == 0) out_.push_back(0);
    if (b) out_.back() |= static_cast<uint8_t>(0x80 >> (nbits_ % 8));
    ++nbits_;
  }
  Bytes out_;
  size_t nbits_ = 0;
};

struct TestPacket {
  Bytes payload;
  bool marker = false;
  uint16_t sequence = 0;
  uint32_t timestamp = 0;

  RtpPacket View() const {
    RtpPacket p;
    p.payload_type = 96;
    p.marker = marker;
    p.sequence = sequence;
    p.timestamp = timestamp;
    p.ssrc = 0x1234;
    p.payload = payload;
    return p;
  }
};

// Packetizes one access unit; sequence numbers continue from `next_sequence`.
inline std::vector<TestPacket> Packetize(VideoCodec codec, const std::vector<Bytes>& nals, uint32_t timestamp,
                                         uint16_t& next_sequence, PacketizerOptions options = {}) {
  std::vector<ByteSpan> spans(nals.begin(), nals.end());
  std::vector<TestPacket> out;
  auto payloads = PacketizeAccessUnit(codec, spans, options);
  if (!payloads) return out;
  for (RtpPayload& p : *payloads) {
    out.push_back(TestPacket{std::move(p.data), p.marker, next_sequence++, timestamp});
  }
  return out;
}

// A NAL unit: `header` followed by filler bytes up to `size`.
inline Bytes Nal(std::initializer_list<uint8_t> header, size_t size) {
  Bytes b(header);
  for (size_t i = b.size(); i < size; ++i) b.push_back(static_cast<uint8_t>(0x11 + i * 7));
  return b;
}

// Pushes every packet; returns the first error (or OK).
inline Status PushAll(Depacketizer& d, const std::vector<TestPacket>& packets) {
  Status first;
  for (const TestPacket& p : packets) {
    Status st = d.Push(p.View());
    if (first.ok()) first = st;
  }
  return first;
}

inline std::vector<Frame> PopAll(Depacketizer& d) {
  std::vector<Frame> out;
  while (auto f = d.Pop()) out.push_back(std::move(*f));
  return out;
}

}  // namespace custos::testing
