// H.264 RTP payload format, RFC 6184, non-interleaved mode: single NAL unit packets,
// STAP-A and FU-A. STAP-B, MTAP and FU-B belong to the interleaved mode, which cameras do
// not use; they are rejected.
#include "media/depacketizer_base.h"
#include "media/h264.h"

namespace custos {

namespace {

class H264Depacketizer final : public DepacketizerBase {
 public:
  H264Depacketizer() : DepacketizerBase(1) {}

 protected:
  NalRole Classify(ByteSpan nal) const override {
    switch (H264NalType(nal[0])) {
      case kH264NalSps: return NalRole::kSps;
      case kH264NalPps: return NalRole::kPps;
      case kH264NalAud: return NalRole::kAud;
      case kH264NalFiller: return NalRole::kDrop;
      case kH264NalIdr: return NalRole::kKeyVcl;
      case 1: case 2: case 3: case 4: return NalRole::kVcl;
      default: return NalRole::kOther;
    }
  }

  bool StartsAccessUnit(ByteSpan nal) const override {
    switch (H264NalType(nal[0])) {
      case kH264NalSlice:
      case kH264NalPartitionA:
      case kH264NalIdr:
        // first_mb_in_slice is the first ue(v) of the slice header; 0 is the single bit 1.
        return nal.size() > 1 && (nal[1] & 0x80) != 0;
      case kH264NalSei: case kH264NalSps: case kH264NalPps: case kH264NalAud:
      case 13: case 14: case 15: case 16: case 17: case 18:
        return true;
      default:
        return false;
    }
  }

  bool PayloadStartsAccessUnit(ByteSpan p) const override {
    const uint8_t type = H264NalType(p[0]);
    if (type >= 1 && type <= 23) return StartsAccessUnit(p);
    if (type == kH264NalStapA) return p.size() > 3 && StartsAccessUnit(p.subspan(3));
    if (type == kH264NalFuA && p.size() > 2 && (p[1] & 0x80)) {
      const uint8_t nal[2] = {static_cast<uint8_t>((p[0] & 0xe0) | (p[1] & 0x1f)), p[2]};
      return StartsAccessUnit(ByteSpan(nal, 2));
    }
    return false;
  }

  Status Depacketize(ByteSpan p) override {
    const uint8_t type = H264NalType(p[0]);
    if (type >= 1 && type <= 23) return AddNal(p);
    switch (type) {
      case kH264NalStapA: return DepacketizeStapA(p.subspan(1));
      case kH264NalFuA: return DepacketizeFuA(p);
      case kH264NalStapB: case kH264NalMtap16: case kH264NalMtap24: case kH264NalFuB:
        return Unimplemented("H.264 interleaved-mode packet (STAP-B/MTAP/FU-B) not supported");
      default:
        return InvalidArgument("H.264 RTP payload with reserved NAL unit type " + std::to_string(type));
    }
  }

  Result<VideoParams> BuildParams() const override { return MakeH264Params(sps(), pps()); }
  bool NeedsVps() const override { return false; }

 private:
  // STAP-A: after the indicator, repeated 16-bit size + NAL unit.
  Status DepacketizeStapA(ByteSpan p) {
    if (p.empty()) return InvalidArgument("empty STAP-A");
    ByteReader r(p);
    while (!r.empty()) {
      uint16_t size = 0;
      ByteSpan nal;
      if (!r.ReadU16(size) || size == 0 || !r.ReadSpan(size, nal)) return InvalidArgument("STAP-A unit truncated");
      CUSTOS_RETURN_IF_ERROR(AddNal(nal));
    }
    return Status::Ok();
  }

  // FU-A: indicator (F, NRI, 28), FU header (S, E, R, type), fragment.
  Status DepacketizeFuA(ByteSpan p) {
    if (p.size() < 2) return InvalidArgument("FU-A too short");
    const uint8_t fu = p[1];
    const uint8_t nal_type = fu & 0x1f;
    if (nal_type == 0 || nal_type >= 24) {
      return InvalidArgument("FU-A of a NAL unit of type " + std::to_string(nal_type));
    }
    const bool start = fu & 0x80;
    const bool end = fu & 0x40;
    if (start) {
      const uint8_t header = static_cast<uint8_t>((p[0] & 0xe0) | nal_type);
      CUSTOS_RETURN_IF_ERROR(BeginFragment(ByteSpan(&header, 1), p.subspan(2)));
    } else {
      CUSTOS_RETURN_IF_ERROR(AppendFragment(p.subspan(2)));
    }
    return end ? EndFragment() : Status::Ok();
  }
};

}  // namespace

std::unique_ptr<DepacketizerBase> NewH264Depacketizer() { return std::make_unique<H264Depacketizer>(); }

}  // namespace custos
