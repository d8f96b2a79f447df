#include "sim/rtp_program.h"

#include <algorithm>
#include <cstring>

#include "media/packetizer.h"

namespace custos::sim {

namespace {

constexpr size_t kMaxFramedPayloadBytes = 65535 - RtpProgram::kRtpHeaderBytes;

void StoreBE16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}

void StoreBE32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}

}  // namespace

Result<RtpProgram> RtpProgram::Build(const Clip& clip, const RtpProgramOptions& options) {
  if (options.max_payload_bytes < 64 || options.max_payload_bytes > kMaxFramedPayloadBytes) {
    return Err(InvalidArgument("RTP max payload must be 64.." + std::to_string(kMaxFramedPayloadBytes) + " bytes"));
  }
  if (options.payload_type < 96 || options.payload_type > 127) {
    return Err(InvalidArgument("RTP payload type must be dynamic (96..127)"));
  }
  if (clip.frames.empty() || clip.duration_90k <= clip.frames.back().dts_90k) {
    return Err(InvalidArgument("clip has no frames or a duration not after its last frame"));
  }
  RtpProgram p;
  p.codec_ = clip.codec;
  p.vps_ = clip.vps;
  p.sps_ = clip.sps;
  p.pps_ = clip.pps;
  p.width_ = clip.width;
  p.height_ = clip.height;
  p.payload_type_ = options.payload_type;
  p.duration_90k_ = clip.duration_90k;
  p.pts_delay_90k_ = clip.frames.front().pts_90k - clip.frames.front().dts_90k;
  p.offsets_.push_back(0);
  for (size_t i = 0; i < clip.frames.size(); ++i) {
    Status st = p.AddFrame(clip.frames[i], options);
    if (!st.ok()) return Err(st.With("packetising frame " + std::to_string(i)));
  }
  if (p.data_.size() > UINT32_MAX) return Err(InvalidArgument("clip larger than 4 GiB of RTP"));
  return p;
}

Status RtpProgram::AddFrame(const ClipFrame& frame, const RtpProgramOptions& options) {
  std::vector<ByteSpan> nals;
  if (frame.is_key) {
    if (codec_ == VideoCodec::kH265) nals.push_back(vps_);
    nals.push_back(sps_);
    nals.push_back(pps_);
  }
  for (const Bytes& nal : frame.nals) nals.push_back(nal);
  PacketizerOptions popts;
  popts.max_payload_bytes = options.max_payload_bytes;
  Result<std::vector<RtpPayload>> payloads = PacketizeAccessUnit(codec_, nals, popts);
  if (!payloads) return payloads.error();
  frame_starts_.push_back(static_cast<uint32_t>(send_90k_.size()));
  for (const RtpPayload& payload : *payloads) {
    const size_t rtp_bytes = kRtpHeaderBytes + payload.data.size();
    ByteWriter w(data_);
    w.U8('$');
    w.U8(0);  // channel, patched per session
    w.U16(static_cast<uint16_t>(rtp_bytes));
    w.U8(0x80);  // version 2
    w.U8(static_cast<uint8_t>((payload.marker ? 0x80 : 0) | payload_type_));
    w.Zeros(2 + 4 + 4);  // sequence, timestamp, SSRC: patched per session
    w.Append(payload.data);
    offsets_.push_back(static_cast<uint32_t>(data_.size()));
    send_90k_.push_back(frame.dts_90k);
    pts_90k_.push_back(frame.pts_90k);
  }
  return Status::Ok();
}

ByteSpan RtpProgram::framed_packet(size_t i) const {
  return ByteSpan(data_).subspan(offsets_[i], offsets_[i + 1] - offsets_[i]);
}

size_t RtpProgram::FrameStartAt(int64_t offset_90k) const {
  int64_t t = offset_90k % duration_90k_;
  if (t < 0) t += duration_90k_;
  auto it = std::find_if(frame_starts_.begin(), frame_starts_.end(),
                         [&](uint32_t first) { return send_90k_[first] >= t; });
  return it == frame_starts_.end() ? 0 : *it;
}

size_t RtpProgram::DueEnd(size_t first, int64_t due_90k) const {
  auto it = std::upper_bound(send_90k_.begin() + static_cast<ptrdiff_t>(first), send_90k_.end(), due_90k);
  return static_cast<size_t>(it - send_90k_.begin());
}

void RtpProgram::AppendPackets(size_t first, size_t last, int64_t loop, RtpStreamState& state, Bytes& out) const {
  if (first >= last) return;
  const size_t start = out.size();
  out.insert(out.end(), data_.begin() + offsets_[first], data_.begin() + offsets_[last]);
  const uint32_t loop_base = state.timestamp_base + static_cast<uint32_t>(loop * duration_90k_);
  uint8_t* p = out.data() + start;
  for (size_t i = first; i < last; ++i) {
    p[1] = state.channel;
    uint8_t* rtp = p + kFramingBytes;
    StoreBE16(rtp + 2, state.next_sequence++);
    StoreBE32(rtp + 4, loop_base + static_cast<uint32_t>(pts_90k_[i]));
    StoreBE32(rtp + 8, state.ssrc);
    p += offsets_[i + 1] - offsets_[i];
  }
}

}  // namespace custos::sim
