// stream_info.h: RtspStreamInfo, what a playing RTSP session delivers, for ingest.
//
// Filled from DESCRIBE (SDP pick), SETUP (Transport, Session) and PLAY (RTP-Info) and
// handed to RtspClient::Callbacks::on_playing. Everything from headers is a hint: the
// bitstream (in-band parameter sets, the first RTP packet's SSRC/seq) wins
// (RTSP-QUIRKS.md §0). Thread-safety: plain value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "media/frame.h"

namespace custos {

struct RtspStreamInfo {
  VideoCodec codec = VideoCodec::kH264;
  int payload_type = 96;
  uint32_t clock_rate_hz = 90000;
  std::string control_url;  // the video track's resolved control URL (SETUP target)
  // H.264: SPS, PPS; H.265: VPS, SPS, PPS; decoded from the SDP, no start codes. May be
  // empty or incomplete (see parameter_set_note): wait for in-band parameter sets then.
  std::vector<Bytes> parameter_sets;
  std::string parameter_set_note;
  std::string sdp;     // the raw DESCRIBE body
  std::string tool;    // a=tool
  std::string server;  // the Server header, if any
  // The server is an old live555 that can leak a closed session's RTP (RTSP-QUIRKS.md §1).
  bool live555_stale_session_bug = false;

  bool tcp = true;         // RTP over the RTSP connection (may differ from what we asked)
  int rtp_channel = 0;     // interleaved channels (TCP)
  int rtcp_channel = 1;
  int client_rtp_port = 0;  // UDP: our even RTP port, RTCP is +1
  int server_rtp_port = 0;  // UDP: from Transport server_port, 0 if absent
  int server_rtcp_port = 0;
  std::optional<uint32_t> ssrc_hint;     // Transport ssrc or RTP-Info ssrc
  std::optional<uint16_t> seq_hint;      // RTP-Info seq, unless the bogus 0 or 1
  std::optional<uint32_t> rtptime_hint;  // RTP-Info rtptime, unless 0
  std::string session_id;
  int session_timeout_seconds = 60;
};

}  // namespace custos
