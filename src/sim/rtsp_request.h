// rtsp_request.h: reading RTSP requests (RFC 2326) from the start of a TCP byte stream.
//
// Provides ParseRtspInput, which looks at the bytes a connection has received and says
// what comes first: a complete request (with its body), bytes to skip (an interleaved
// '$' frame such as a client's RTCP report, or blank lines), a need for more bytes, or
// malformed input. It is bounded (header and body limits) and never trusts a length, so
// it is safe on anything a peer sends; a malformed request is answered 400 and closed.
// Thread-safety: pure function on values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace custos::sim {

struct RtspRequest {
  std::string method;  // "DESCRIBE"
  std::string uri;     // "rtsp://127.0.0.1:8554/cam1", or "*"
  std::string cseq;    // echoed verbatim in the response
  std::vector<std::pair<std::string, std::string>> headers;  // in order, values trimmed
  std::string body;

  // The value of the first header called `name` (case-insensitive), or "".
  std::string_view Header(std::string_view name) const;
};

struct RtspLimits {
  size_t max_header_bytes = 8192;  // request line and headers, with the blank line
  size_t max_body_bytes = 4096;
};

struct RtspInput {
  enum class Kind { kNeedMore, kRequest, kSkip, kMalformed };
  Kind kind = Kind::kNeedMore;
  // kRequest: the request's bytes. kSkip: bytes to discard, which may exceed the input
  // (an interleaved frame not yet fully received); the caller skips the rest as it comes.
  size_t consumed_bytes = 0;
  RtspRequest request;  // kRequest
  std::string error;    // kMalformed: what is wrong, for the 400 reason and logs
};

RtspInput ParseRtspInput(std::string_view input, const RtspLimits& limits = {});

// The camera a request URI names: rtsp://HOST[:PORT]/camN, optionally followed by "/" or
// "/track1" (the SDP's control attribute) and a query. 0 if it names no camera (or N is
// not a plain decimal below 1,000,000).
struct CameraUri {
  int camera = 0;
  bool track = false;  // ended in /track1
};
CameraUri ParseCameraUri(std::string_view uri);

// The SDP control attribute of the one media track, relative to the camera's URL.
inline constexpr std::string_view kTrackControl = "track1";

// What a SETUP's Transport header asks for; only its first alternative is considered.
struct TransportRequest {
  enum class Kind { kTcp, kUdp, kUnsupported };  // kUnsupported: multicast, RTP/SAVP, ...
  Kind kind = Kind::kUnsupported;
  int channel = 0;               // kTcp: the first interleaved channel (0 if not given)
  uint16_t client_rtp_port = 0;  // kUdp
  uint16_t client_rtcp_port = 0;
};
TransportRequest ParseTransport(std::string_view transport);

// Case-insensitive ASCII comparison.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace custos::sim
