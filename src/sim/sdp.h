// sdp.h: the session description (RFC 4566) a simulated camera answers DESCRIBE with.
//
// Provides BuildSdp: one video track with rtpmap H264/90000 or H265/90000, the fmtp line
// with the parameter sets in base64 (RFC 6184 sprop-parameter-sets with
// packetization-mode=1 and profile-level-id; RFC 7798 sprop-vps/sps/pps), the track's
// control attribute and an open range (a live stream).
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

#include "sim/rtp_program.h"

namespace custos::sim {

// `origin_address` is the server's address for the o= line; `session_id` any number.
std::string BuildSdp(const RtpProgram& program, std::string_view origin_address, uint64_t session_id);

}  // namespace custos::sim
