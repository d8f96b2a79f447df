// session.h: one RTSP client connection of the simulator (internal to src/sim).
//
// Provides SimSession: reads requests from its TCP connection (bounded; malformed input is
// answered 400 and the connection closed), answers OPTIONS, DESCRIBE, SETUP (interleaved
// TCP, or UDP through a UdpSink), PLAY, GET_PARAMETER, SET_PARAMETER and TEARDOWN, and once playing, copies the
// packets that are due from the shared RtpProgram into its send buffer each time the
// server's timer calls Tick. All output (responses, RTP, RTCP) goes through one queue:
// `pending_` collects while `writing_` is on the wire, so each tick costs at most one
// async_write per session. A session whose queue exceeds max_pending_bytes drops what is
// due (counted) instead of growing.
// Thread-safety: a session lives on one io_context; call it only from that thread. Its
// handlers keep it alive (shared_from_this); it never touches the server that made it, so
// it may outlive the server. SimShared's counters are atomics, read from any thread.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "sim/auth.h"
#include "sim/rtp_program.h"
#include "sim/rtsp_request.h"
#include "sim/sim_options.h"
#include "sim/udp_sink.h"

namespace custos::sim {

struct SimCounters {
  std::atomic<uint64_t> sessions_accepted{0};
  std::atomic<uint64_t> sessions_open{0};
  std::atomic<uint64_t> sessions_playing{0};
  std::atomic<uint64_t> bytes_sent{0};
  std::atomic<uint64_t> packets_sent{0};
  std::atomic<uint64_t> packets_dropped{0};
  std::atomic<uint64_t> bad_requests{0};
};

// What all sessions of one server share; immutable but for the counters.
struct SimShared {
  SimOptions options;
  std::shared_ptr<const RtpProgram> program;
  RtspAuth auth;
  SimCounters counters;
};

// Random values a session starts with, drawn by the server.
struct SessionSeed {
  uint64_t session_id = 0;
  uint32_t ssrc = 0;
  uint16_t first_sequence = 0;
  uint32_t timestamp_base = 0;
};

class SimSession : public std::enable_shared_from_this<SimSession> {
 public:
  SimSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<SimShared> shared, const SessionSeed& seed);
  ~SimSession();
  SimSession(const SimSession&) = delete;
  SimSession& operator=(const SimSession&) = delete;

  void Start(int64_t now_ns);
  // Sends what is due by `now_ns` (monotonic) and closes a session idle too long.
  void Tick(int64_t now_ns);
  void Close();
  bool closed() const { return closed_; }

 private:
  enum class State { kInit, kReady, kPlaying, kEnded };

  // Reading and dispatch (session.cc).
  void Read();
  void OnRead(const boost::system::error_code& ec, size_t n);
  void HandleInput();
  void Consume(size_t n);
  void RejectMalformed(const std::string& why);
  void StartDrain();

  // Requests (session_requests.cc).
  void HandleRequest(const RtspRequest& req);
  void OnDescribe(const RtspRequest& req);
  void OnSetup(const RtspRequest& req);
  // The Transport response header for `t`, or "" after answering the request with an error.
  std::string SetupTransport(const RtspRequest& req, const TransportRequest& t);
  void OnPlay(const RtspRequest& req);
  void OnTeardown(const RtspRequest& req);
  bool CheckSession(const RtspRequest& req);
  void Respond(const RtspRequest& req, int code, std::string_view reason, std::string_view headers = {},
               std::string_view body = {});
  std::string SessionId() const;
  std::string SessionHeader() const;

  // Streaming (session_stream.cc).
  void StartPlaying(int64_t now_ns);
  void StopPlaying(State next);
  void SendDue(int64_t now_ns);
  void QueuePackets(size_t first, size_t last);
  void MaybeSendSenderReport(int64_t now_ns, int64_t position_90k);
  void SendUdp();
  void Flush();
  void OnWrite(const boost::system::error_code& ec, size_t n);

  static constexpr size_t kInputBytes = 8192 + 4096;  // RtspLimits defaults: header + body

  boost::asio::ip::tcp::socket socket_;
  std::shared_ptr<SimShared> shared_;
  const RtpProgram& program_;
  const SimOptions& options_;
  SessionSeed seed_;
  State state_ = State::kInit;
  bool closed_ = false;
  bool close_after_flush_ = false;  // then drain: see StartDrain
  bool draining_ = false;
  int64_t drain_until_ns_ = 0;

  std::array<char, kInputBytes> input_{};
  size_t input_bytes_ = 0;
  bool read_in_flight_ = false;
  size_t skip_bytes_ = 0;  // rest of an interleaved frame from the client, to discard
  int64_t last_input_ns_ = 0;

  Bytes pending_;  // queued output, not yet handed to the socket
  uint64_t pending_packets_ = 0;
  Bytes writing_;  // output on the wire (one async_write in flight)
  uint64_t writing_packets_ = 0;
  bool write_in_flight_ = false;
  int64_t write_started_ns_ = 0;

  int camera_ = 0;  // set by SETUP
  std::string setup_uri_;
  RtpStreamState rtp_;
  std::unique_ptr<UdpSink> udp_;  // set when SETUP chose UDP; else RTP is interleaved
  Bytes udp_out_;                 // framed packets due this tick, for udp_
  size_t next_packet_ = 0;  // next packet of the program to send
  int64_t loop_ = 0;        // how many times the program has wrapped
  int64_t play_start_ns_ = 0;
  int64_t play_start_90k_ = 0;  // loop-relative send time of the first packet played
  int64_t last_sender_report_ns_ = 0;
  uint32_t rtp_packets_ = 0;  // for sender reports
  uint32_t rtp_octets_ = 0;
  Bytes report_scratch_;
};

}  // namespace custos::sim
