// sdp.h: a lenient SDP (RFC 4566) parser and the choice of the video stream to record.
//
// ParseSdp reads only what an RTSP client needs (RTSP-QUIRKS.md §4): session a=control,
// a=range, a=tool; per m= section the media type, port, proto, formats, rtpmap, fmtp
// (keys lowercased, values trimmed), a=control and direction. It accepts bare LF, trailing
// spaces, missing o=/s=/t=, unknown lines and attributes, fmtp before rtpmap; an m= line
// that does not parse is skipped with its attributes, and parsing fails only when no
// media section is usable.
//
// PickVideoStream chooses the first H.264 or H.265 video section and decodes its
// parameter sets from sprop-parameter-sets / sprop-vps,sps,pps. Parameter sets are a hint:
// any defect (bad base64, not a NAL unit, Annex B start codes are split) never fails the
// pick; bad sets are dropped with a note so the depacketizer waits for in-band ones.
// Audio and other media are ignored (counted in ignored_media).
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"
#include "media/frame.h"

namespace custos {

enum class SdpDirection { kSendRecv, kSendOnly, kRecvOnly, kInactive };

struct SdpRtpMap {
  std::string encoding;  // "H264" as written
  uint32_t clock_rate_hz = 0;
  std::string encoding_params;  // audio channels, if any
};

struct SdpMedia {
  std::string media;  // "video", "audio", "application", or anything a camera invents
  uint16_t port = 0;
  std::string proto;  // "RTP/AVP"
  std::vector<std::string> formats;  // as listed on the m= line
  std::map<int, SdpRtpMap> rtpmap;   // by payload type
  // fmtp parameters by payload type; keys lowercased.
  std::map<int, std::map<std::string, std::string>> fmtp;
  std::string control;  // a=control, unresolved
  SdpDirection direction = SdpDirection::kSendRecv;

  // The first numeric format (payload type), or -1.
  int FirstPayloadType() const;
};

struct SdpSession {
  std::string control;  // session-level a=control
  std::string range;    // a=range
  std::string tool;     // a=tool, e.g. "LIVE555 Streaming Media v2013.04.08"
  std::vector<SdpMedia> media;
  int skipped_media_sections = 0;
  int skipped_lines = 0;
};

// Parses SDP text; fails (InvalidArgument) only when no m= section parses.
Result<SdpSession> ParseSdp(std::string_view text);

struct SdpVideoStream {
  VideoCodec codec = VideoCodec::kH264;
  int payload_type = 96;
  uint32_t clock_rate_hz = 90000;
  std::string control;   // the section's a=control, unresolved ("" if none)
  size_t media_index = 0;
  int packetization_mode = 0;      // H.264 only
  std::string profile_level_id;    // H.264 only, as written (cameras send bogus ones)
  // Decoded parameter-set NAL units without start codes: H.264 SPS, PPS; H.265 VPS,
  // SPS, PPS, in that order. Empty when the SDP had none or they were unusable.
  std::vector<Bytes> parameter_sets;
  std::string parameter_set_note;  // why sprop-* was ignored or incomplete; "" if fine
  int ignored_media = 0;           // audio, metadata, further video sections
};

// Picks the first H.264 or H.265 (also "HEVC") video section; NotFound if none.
Result<SdpVideoStream> PickVideoStream(const SdpSession& sdp);

// True for "LIVE555 Streaming Media vYYYY.MM.DD" older than 2017.06.04, whose servers keep
// writing a closed session's RTP into reused sockets (RTSP-QUIRKS.md §1).
bool IsLive555WithStaleSessionBug(std::string_view tool);

}  // namespace custos
