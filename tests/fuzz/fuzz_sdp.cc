// fuzz_sdp: libFuzzer target for the SDP parser, the video stream pick (with base64 and
// Annex B parameter-set decoding) and WWW-Authenticate challenge parsing
// (src/rtsp/sdp.h, auth.h, url.h).
//
// The input is a DESCRIBE body; the same bytes are also tried as a challenge header, and
// every control attribute is resolved against a base URL.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rtsp/auth.h"
#include "rtsp/sdp.h"
#include "rtsp/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto sdp = custos::ParseSdp(text);
  if (sdp) {
    (void)custos::IsLive555WithStaleSessionBug(sdp->tool);
    for (const custos::SdpMedia& m : sdp->media) {
      (void)m.FirstPayloadType();
      (void)custos::ResolveControlUrl("rtsp://10.0.0.1/live?ch=1", m.control);
      (void)custos::ResolveControlUrlRfc3986("rtsp://10.0.0.1/a/b", m.control);
    }
    auto video = custos::PickVideoStream(*sdp);
    if (video) {
      if (video->media_index >= sdp->media.size()) __builtin_trap();
      for (const custos::Bytes& nal : video->parameter_sets) {
        if (nal.empty()) __builtin_trap();
      }
    }
  }
  for (const custos::AuthChallenge& c : custos::ParseAuthChallenges(text)) (void)c.Param("nonce");
  custos::RtspAuthenticator auth("u", "p");
  if (auth.OnChallenge({text}).ok()) (void)auth.Authorize("SETUP", "rtsp://10.0.0.1/live/trackID=1");
  (void)custos::ParseRtspUrl(text);
  (void)custos::RepairBaseUrl(text);
  return 0;
}
