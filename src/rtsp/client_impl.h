// client_impl.h: RtspClient::Impl, private to client.cc and client_io.cc.
//
// The Impl is shared-owned: RtspClient holds one reference and every pending Asio
// operation holds another, so no handler ever touches freed memory. Each handler checks
// `conn_gen_` (the TCP connection it was started for; redirects open a new one) and
// `closed_`. All members are used on the executor's thread only.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "rtsp/client.h"
#include "rtsp/session_state.h"
#include "rtsp/stream_parser.h"
#include "rtsp/url.h"

namespace custos {

class RtspClient::Impl : public std::enable_shared_from_this<Impl> {
 public:
  using SteadyClock = std::chrono::steady_clock;
  static constexpr size_t kUdpBufferBytes = 64 * 1024;

  Impl(boost::asio::any_io_executor ex, RtspClientOptions opts, Callbacks cb);

  void Start();
  void Stop();
  // The owner is gone: no callback may run any more.
  void Detach();
  const RtspClientStats& stats() const { return stats_; }

 private:
  enum class Phase { kIdle, kConnecting, kNegotiating, kPlaying, kTearingDown, kClosed };

  // client.cc: lifecycle, connection, protocol steps, timers.
  void Connect();
  void OnResolved(uint64_t gen, const boost::system::error_code& ec,
                  const boost::asio::ip::tcp::resolver::results_type& results);
  void OnConnected(uint64_t gen, const boost::system::error_code& ec);
  Status SetUpUdp();
  void Execute(RtspSessionState::Step step);
  void Redirect(const std::string& location);
  void BeginPlaying();
  void ArmResponseTimer(std::chrono::milliseconds timeout);
  void CancelResponseTimer();
  void OnResponseTimeout();
  void ArmTick();
  void OnTick();
  void Fail(Status status);
  void Close(Status status);
  void CloseSockets();
  void DeliverClosed(const Status& status);
  bool callbacks_allowed() const { return !detached_ && !closed_ && !stop_requested_; }
  int64_t MonoNowNs() const;
  std::string Where() const;  // the camera URL for messages, without credentials

  // client_io.cc: reading, writing, media delivery.
  void StartRead();
  void OnRead(uint64_t gen, const boost::system::error_code& ec, size_t n);
  // Drains the parser; false if the session ended meanwhile.
  bool DispatchItems(int64_t arrival_ns);
  void OnFrame(const InterleavedFrame& frame, int64_t arrival_ns);
  void DeliverRtp(ByteSpan rtp, int64_t arrival_ns);
  void DeliverRtcp(ByteSpan rtcp, int64_t arrival_ns);
  void Write(std::string bytes);
  void WriteNext();
  void StartUdpReceive(boost::asio::ip::udp::socket& socket, bool rtcp);
  void DrainUdp(boost::asio::ip::udp::socket& socket, bool rtcp);
  void SendUdpPunch();
  void SendReceiverReport();

  boost::asio::any_io_executor ex_;
  RtspClientOptions opts_;
  Callbacks cb_;
  RtspUrl url_;
  std::string user_, password_;

  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer response_timer_;
  boost::asio::steady_timer tick_timer_;
  boost::asio::ip::udp::socket rtp_socket_;
  boost::asio::ip::udp::socket rtcp_socket_;
  std::unique_ptr<uint8_t[]> udp_buffer_;  // 64 KiB, UDP only (Tapo sends ~10 KB datagrams)
  boost::asio::ip::address camera_address_;
  int client_rtp_port_ = 0;

  RtspStreamParser parser_;
  std::optional<RtspSessionState> session_;
  std::deque<std::string> outbox_;
  bool writing_ = false;

  Phase phase_ = Phase::kIdle;
  uint64_t conn_gen_ = 0;      // bumped per TCP connection
  uint64_t response_gen_ = 0;  // bumped per armed/cancelled response timer
  bool stop_requested_ = false;
  bool detached_ = false;
  bool closed_ = false;
  int redirects_ = 0;
  uint32_t our_ssrc_ = 0;
  std::optional<uint32_t> media_ssrc_;  // of the first video RTP packet
  SteadyClock::time_point last_media_{};
  SteadyClock::time_point next_keepalive_{};
  SteadyClock::time_point next_receiver_report_{};
  bool warned_unassigned_ = false;
  bool warned_foreign_ = false;
  bool warned_keepalive_timeout_ = false;
  RtspClientStats stats_;
};

}  // namespace custos
