#include "sim/sdp.h"

#include <cstdio>

#include "base/base64.h"
#include "sim/rtsp_request.h"

namespace custos::sim {

namespace {

std::string Fmtp(const RtpProgram& p) {
  if (p.codec() == VideoCodec::kH265) {
    return "sprop-vps=" + Base64Encode(p.vps()) + ";sprop-sps=" + Base64Encode(p.sps()) +
           ";sprop-pps=" + Base64Encode(p.pps());
  }
  std::string fmtp = "packetization-mode=1";
  if (p.sps().size() >= 4) {
    // profile_idc, constraint flags, level_idc: the three bytes after the NAL header.
    char hex[8];
    std::snprintf(hex, sizeof(hex), "%02x%02x%02x", p.sps()[1], p.sps()[2], p.sps()[3]);
    fmtp += ";profile-level-id=";
    fmtp += hex;
  }
  return fmtp + ";sprop-parameter-sets=" + Base64Encode(p.sps()) + "," + Base64Encode(p.pps());
}

}  // namespace

std::string BuildSdp(const RtpProgram& program, std::string_view origin_address, uint64_t session_id) {
  const std::string pt = std::to_string(program.payload_type());
  const char* encoding = program.codec() == VideoCodec::kH265 ? "H265" : "H264";
  std::string sdp;
  sdp += "v=0\r\n";
  sdp += "o=- " + std::to_string(session_id) + " 1 IN IP4 " + std::string(origin_address) + "\r\n";
  sdp += "s=Custos simulated camera\r\n";
  sdp += "c=IN IP4 0.0.0.0\r\n";
  sdp += "t=0 0\r\n";
  sdp += "a=control:*\r\n";
  sdp += "a=range:npt=0-\r\n";
  sdp += "m=video 0 RTP/AVP " + pt + "\r\n";
  sdp += "a=rtpmap:" + pt + " " + encoding + "/90000\r\n";
  sdp += "a=fmtp:" + pt + " " + Fmtp(program) + "\r\n";
  if (program.width() > 0 && program.height() > 0) {
    sdp += "a=x-dimensions:" + std::to_string(program.width()) + "," + std::to_string(program.height()) + "\r\n";
  }
  sdp += "a=control:" + std::string(kTrackControl) + "\r\n";
  return sdp;
}

}  // namespace custos::sim
