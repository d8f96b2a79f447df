// client.h: RtspClient, the asynchronous RTSP 1.0 client that feeds ingest.
//
// Start here. One RtspClient plays one camera stream: TCP connect -> OPTIONS -> DESCRIBE
// (Basic/Digest auth, redirects) -> SETUP of the first H.264/H.265 video track (TCP
// interleaved or UDP) -> PLAY, then hands every RTP/RTCP packet of that track to its
// owner without copying, keeps the session alive, answers server requests and, on Stop(),
// sends TEARDOWN on the same connection. Protocol logic lives in session_state.h,
// parsing in stream_parser.h, sdp.h, auth.h, url.h; this class does the I/O on Boost.Asio.
//
// Threading contract: an RtspClient lives on the executor it was created with (one event
// loop, shared by many clients; no thread per camera). Start(), Stop(), stats() and the
// destructor must run on that executor's thread (post to it from elsewhere); every
// callback runs there too.
//
// Callback contract: on_playing once after PLAY succeeds, then on_rtp/on_rtcp per packet
// (the span is valid only during the call), and on_closed exactly once, last: with
// kCancelled after Stop(), else with the error that ended the session. No callback runs
// after on_closed; none runs from inside Start() or Stop(); media callbacks stop as soon as
// Stop() is called. Destroying the client (even from inside a callback) silences all
// callbacks at once, on_closed included, and leaves a best-effort TEARDOWN running in the
// background; nothing dangles.
//
// Errors (Status codes in on_closed): Unavailable (connection refused or reset, server
// closed, stalled: no video for stall_timeout), DeadlineExceeded (connect or response
// timeout), NotFound (no such host, 404 no such stream, no video track), Unauthenticated
// (credentials missing or rejected), PermissionDenied (403), ResourceExhausted (453),
// DataLoss (framing lost, SDP unusable), Unimplemented (461 transport refused).
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/bytes.h"
#include "base/status.h"
#include "rtsp/stream_info.h"

namespace custos {

struct RtspClientOptions {
  std::string url;  // rtsp://[user:password@]host[:port]/path[?query]
  // Credentials; when empty, those in the URL (percent-decoded) are used.
  std::string user, password;
  enum class Transport { kTcp, kUdp } transport = Transport::kTcp;
  std::chrono::milliseconds connect_timeout{10000};   // resolve + TCP connect
  std::chrono::milliseconds response_timeout{10000};  // per RTSP request
  std::chrono::milliseconds stall_timeout{10000};     // no video RTP while playing
  std::chrono::milliseconds teardown_timeout{2000};   // best-effort TEARDOWN on Stop()
  std::string user_agent = "Custos/0.1";              // always sent (S3VC answers 401 without)
  int max_redirects = 3;
  // Arrival clock for on_rtp/on_rtcp, monotonic nanoseconds; RealClock when empty.
  std::function<int64_t()> mono_ns;
};

// Counters for metrics; read on the executor's thread.
struct RtspClientStats {
  uint64_t rtp_packets = 0;
  uint64_t rtcp_packets = 0;
  uint64_t media_bytes = 0;
  uint64_t frames_on_unassigned_channels = 0;  // audio nobody set up, or live555 stale data
  uint64_t frames_before_play = 0;             // interleaved data before the PLAY response
  uint64_t foreign_datagrams = 0;              // UDP from an address other than the camera's
  uint64_t resync_events = 0;                  // junk on the RTSP connection
  uint64_t junk_bytes = 0;
  uint64_t server_requests = 0;                // OPTIONS/GET_PARAMETER/ANNOUNCE... from the camera
  uint64_t cseq_mismatches = 0;
  uint64_t keepalive_failures = 0;
};

class RtspClient {
 public:
  struct Callbacks {
    std::function<void(const RtspStreamInfo&)> on_playing;            // after PLAY succeeded
    std::function<void(ByteSpan rtp, int64_t arrival_mono_ns)> on_rtp;  // one video RTP packet, header included
    std::function<void(ByteSpan rtcp, int64_t arrival_mono_ns)> on_rtcp;
    std::function<void(Status)> on_closed;  // exactly once, last
  };

  RtspClient(boost::asio::any_io_executor ex, RtspClientOptions opts, Callbacks cb);
  ~RtspClient();
  RtspClient(const RtspClient&) = delete;
  RtspClient& operator=(const RtspClient&) = delete;

  // Connects and negotiates; results arrive through the callbacks. Call once.
  void Start();
  // Ends the session: TEARDOWN (best effort, teardown_timeout), close, then
  // on_closed(kCancelled). Idempotent; a no-op after on_closed.
  void Stop();

  const RtspClientStats& stats() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace custos
