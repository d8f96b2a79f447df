// PickVideoStream and parameter-set decoding; declared in sdp.h.
#include <optional>

#include "base/base64.h"
#include "rtsp/sdp.h"
#include "rtsp/text.h"

namespace custos {
namespace {

using rtsp_text::EqualsIgnoreCase;
using rtsp_text::SplitTrimmed;

using Fmtp = std::map<std::string, std::string>;

std::optional<VideoCodec> CodecOf(std::string_view encoding) {
  if (EqualsIgnoreCase(encoding, "H264")) return VideoCodec::kH264;
  if (EqualsIgnoreCase(encoding, "H265") || EqualsIgnoreCase(encoding, "HEVC")) return VideoCodec::kH265;
  return std::nullopt;
}

// Splits at Annex B start codes (GW Security puts them inside the base64); a buffer
// without start codes is one NAL unit. Trailing zero bytes of each unit are dropped.
std::vector<Bytes> SplitAnnexB(const Bytes& data) {
  std::vector<Bytes> out;
  size_t i = 0;
  size_t nal_start = 0;
  bool saw_start_code = false;
  auto flush = [&](size_t end) {
    while (end > nal_start && data[end - 1] == 0) --end;
    if (end > nal_start) out.emplace_back(data.begin() + static_cast<ptrdiff_t>(nal_start), data.begin() + static_cast<ptrdiff_t>(end));
  };
  while (i + 3 <= data.size()) {
    if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
      if (saw_start_code) flush(i);
      saw_start_code = true;
      i += 3;
      nal_start = i;
    } else {
      ++i;
    }
  }
  if (!saw_start_code) return {data};
  flush(data.size());
  return out;
}

// NAL unit type, or -1 if the header is invalid (too short, forbidden bit set).
int NalType(VideoCodec codec, const Bytes& nal) {
  size_t header_bytes = codec == VideoCodec::kH264 ? 1 : 2;
  if (nal.size() <= header_bytes || (nal[0] & 0x80) != 0) return -1;
  return codec == VideoCodec::kH264 ? (nal[0] & 0x1F) : ((nal[0] >> 1) & 0x3F);
}

bool IsParameterSetType(VideoCodec codec, int type) {
  if (codec == VideoCodec::kH264) return type == 7 || type == 8 || type == 13;  // SPS, PPS, SPS ext
  return type == 32 || type == 33 || type == 34;                                 // VPS, SPS, PPS
}

// Decodes one comma-separated sprop value into `out`; false (with `note`) on any defect.
bool DecodeSprop(VideoCodec codec, std::string_view value, std::vector<Bytes>& out, std::string& note) {
  for (std::string_view element : SplitTrimmed(value, ',')) {
    auto decoded = Base64Decode(element);
    if (!decoded) {
      note = "sprop parameter set is not valid base64";
      return false;
    }
    for (Bytes& nal : SplitAnnexB(*decoded)) {
      if (!IsParameterSetType(codec, NalType(codec, nal))) {
        note = "sprop parameter set is not an SPS/PPS NAL unit";
        return false;
      }
      out.push_back(std::move(nal));
    }
  }
  return true;
}

bool HasType(VideoCodec codec, const std::vector<Bytes>& sets, int type) {
  for (const Bytes& s : sets) {
    if (NalType(codec, s) == type) return true;
  }
  return false;
}

void DecodeParameterSets(const Fmtp& fmtp, SdpVideoStream& v) {
  std::vector<std::string_view> keys;
  if (v.codec == VideoCodec::kH264) {
    keys = {"sprop-parameter-sets"};
  } else {
    keys = {"sprop-vps", "sprop-sps", "sprop-pps"};
  }
  std::vector<Bytes> sets;
  for (std::string_view key : keys) {
    auto it = fmtp.find(std::string(key));
    if (it == fmtp.end()) continue;
    if (!DecodeSprop(v.codec, it->second, sets, v.parameter_set_note)) return;  // wait for in-band sets
  }
  if (sets.empty()) {
    v.parameter_set_note = "SDP carries no parameter sets";
    return;
  }
  int sps = v.codec == VideoCodec::kH264 ? 7 : 33;
  int pps = v.codec == VideoCodec::kH264 ? 8 : 34;
  if (!HasType(v.codec, sets, sps) || !HasType(v.codec, sets, pps)) {
    v.parameter_set_note = "SDP parameter sets are incomplete";
  }
  v.parameter_sets = std::move(sets);
}

// The fmtp for `pt` in section `index`, or, when a camera put it under another section
// (AlexxIT/WebRTC#419), the first other fmtp with that payload type carrying sprops.
const Fmtp* FindFmtp(const SdpSession& sdp, size_t index, int pt) {
  const auto& own = sdp.media[index].fmtp;
  if (auto it = own.find(pt); it != own.end() && !it->second.empty()) return &it->second;
  for (const SdpMedia& m : sdp.media) {
    auto it = m.fmtp.find(pt);
    if (it == m.fmtp.end()) continue;
    if (it->second.count("sprop-parameter-sets") || it->second.count("sprop-sps")) return &it->second;
  }
  if (auto it = own.find(pt); it != own.end()) return &it->second;
  return nullptr;
}

void ApplyH264Fmtp(const Fmtp& fmtp, SdpVideoStream& v) {
  if (auto it = fmtp.find("packetization-mode"); it != fmtp.end()) {
    auto mode = rtsp_text::ParseUint(it->second);
    if (mode && *mode <= 2) v.packetization_mode = static_cast<int>(*mode);
  }
  if (auto it = fmtp.find("profile-level-id"); it != fmtp.end()) v.profile_level_id = it->second;
}

}  // namespace

Result<SdpVideoStream> PickVideoStream(const SdpSession& sdp) {
  std::optional<SdpVideoStream> picked;
  int ignored = 0;
  for (size_t i = 0; i < sdp.media.size(); ++i) {
    const SdpMedia& m = sdp.media[i];
    int pt = m.FirstPayloadType();
    auto map = m.rtpmap.find(pt);
    std::optional<VideoCodec> codec;
    if (m.media == "video" && map != m.rtpmap.end()) codec = CodecOf(map->second.encoding);
    if (picked || !codec) {
      ++ignored;
      continue;
    }
    SdpVideoStream v;
    v.codec = *codec;
    v.payload_type = pt;
    v.clock_rate_hz = map->second.clock_rate_hz ? map->second.clock_rate_hz : 90000;
    v.control = m.control;
    v.media_index = i;
    if (const Fmtp* fmtp = FindFmtp(sdp, i, pt)) {
      if (v.codec == VideoCodec::kH264) ApplyH264Fmtp(*fmtp, v);
      DecodeParameterSets(*fmtp, v);
    } else {
      v.parameter_set_note = "SDP carries no fmtp for the video payload type";
    }
    picked = std::move(v);
  }
  if (!picked) return Err(NotFound("the camera's SDP offers no H.264 or H.265 video stream"));
  picked->ignored_media = ignored;
  return std::move(*picked);
}

}  // namespace custos
