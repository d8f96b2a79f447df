// H.265 RTP payload format, RFC 7798: single NAL unit packets, aggregation packets (AP)
// and fragmentation units (FU). Custos signals no sprop-max-don-diff, so packets carry no
// DONL/DOND fields. PACI packets are rejected.
#include "media/depacketizer_base.h"
#include "media/h265.h"

namespace custos {

namespace {

class H265Depacketizer final : public DepacketizerBase {
 public:
  H265Depacketizer() : DepacketizerBase(2) {}

 protected:
  NalRole Classify(ByteSpan nal) const override {
    const uint8_t type = H265NalType(nal[0]);
    switch (type) {
      case kH265NalVps: return NalRole::kVps;
      case kH265NalSps: return NalRole::kSps;
      case kH265NalPps: return NalRole::kPps;
      case kH265NalAud: return NalRole::kAud;
      case kH265NalFiller: return NalRole::kDrop;
      default:
        if (H265IsIrap(type)) return NalRole::kKeyVcl;
        return H265IsVcl(type) ? NalRole::kVcl : NalRole::kOther;
    }
  }

  bool StartsAccessUnit(ByteSpan nal) const override {
    if (nal.size() < 2) return false;
    const uint8_t type = H265NalType(nal[0]);
    // first_slice_segment_in_pic_flag is the first bit after the 2-byte header.
    if (H265IsVcl(type)) return nal.size() > 2 && (nal[2] & 0x80) != 0;
    return (type >= kH265NalVps && type <= kH265NalAud) || type == kH265NalPrefixSei ||
           (type >= 41 && type <= 44);
  }

  bool PayloadStartsAccessUnit(ByteSpan p) const override {
    if (p.size() < 2) return false;
    const uint8_t type = H265NalType(p[0]);
    if (type < kH265NalAp) return StartsAccessUnit(p);
    if (type == kH265NalAp) return p.size() > 4 && StartsAccessUnit(p.subspan(4));
    if (type == kH265NalFu && p.size() > 3 && (p[2] & 0x80)) {
      const uint8_t nal[3] = {static_cast<uint8_t>((p[0] & 0x81) | ((p[2] & 0x3f) << 1)), p[1], p[3]};
      return StartsAccessUnit(ByteSpan(nal, 3));
    }
    return false;
  }

  Status Depacketize(ByteSpan p) override {
    if (p.size() < 2) return InvalidArgument("H.265 RTP payload shorter than its header");
    const uint8_t type = H265NalType(p[0]);
    if (type < kH265NalAp) return AddNal(p);
    switch (type) {
      case kH265NalAp: return DepacketizeAp(p.subspan(2));
      case kH265NalFu: return DepacketizeFu(p);
      case kH265NalPaci: return Unimplemented("H.265 PACI packets not supported");
      default: return InvalidArgument("H.265 RTP payload with unspecified type " + std::to_string(type));
    }
  }

  Result<VideoParams> BuildParams() const override { return MakeH265Params(vps(), sps(), pps()); }
  bool NeedsVps() const override { return true; }

 private:
  // AP: after the payload header, repeated 16-bit size + NAL unit (no DONL/DOND).
  Status DepacketizeAp(ByteSpan p) {
    if (p.empty()) return InvalidArgument("empty H.265 aggregation packet");
    ByteReader r(p);
    while (!r.empty()) {
      uint16_t size = 0;
      ByteSpan nal;
      if (!r.ReadU16(size) || size < 2 || !r.ReadSpan(size, nal)) return InvalidArgument("H.265 AP unit truncated");
      CUSTOS_RETURN_IF_ERROR(AddNal(nal));
    }
    return Status::Ok();
  }

  // FU: payload header (type 49), FU header (S, E, FuType), fragment.
  Status DepacketizeFu(ByteSpan p) {
    if (p.size() < 3) return InvalidArgument("H.265 FU too short");
    const uint8_t fu = p[2];
    const uint8_t nal_type = fu & 0x3f;
    if (nal_type >= kH265NalAp) return InvalidArgument("H.265 FU of a NAL unit of type " + std::to_string(nal_type));
    if (fu & 0x80) {
      // The NAL header is the payload header with its type replaced by FuType.
      const uint8_t header[2] = {static_cast<uint8_t>((p[0] & 0x81) | (nal_type << 1)), p[1]};
      CUSTOS_RETURN_IF_ERROR(BeginFragment(ByteSpan(header, 2), p.subspan(3)));
    } else {
      CUSTOS_RETURN_IF_ERROR(AppendFragment(p.subspan(3)));
    }
    return (fu & 0x40) ? EndFragment() : Status::Ok();
  }
};

}  // namespace

std::unique_ptr<DepacketizerBase> NewH265Depacketizer() { return std::make_unique<H265Depacketizer>(); }

}  // namespace custos
