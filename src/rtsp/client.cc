#include "rtsp/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <random>

#include "base/clock.h"
#include "base/log.h"
#include "rtsp/client_impl.h"
#include "rtsp/udp_port_pair.h"

namespace custos {
namespace {

using boost::asio::ip::tcp;
using std::chrono::milliseconds;

constexpr milliseconds kMaxTick{1000};
constexpr milliseconds kMinTick{10};
constexpr auto kReceiverReportInterval = std::chrono::seconds(5);

Status ConnectError(const boost::system::error_code& ec, const std::string& where) {
  namespace error = boost::asio::error;
  if (ec == error::connection_refused) {
    return Unavailable("connection refused by the camera at " + where + " (is the host and RTSP port right?)");
  }
  if (ec == error::host_not_found || ec == error::host_not_found_try_again || ec == error::no_data) {
    return NotFound("cannot resolve the camera's host in " + where + ": " + ec.message());
  }
  if (ec == error::timed_out) return DeadlineExceeded("connecting to the camera at " + where + " timed out");
  return Unavailable("cannot connect to the camera at " + where + ": " + ec.message());
}

}  // namespace

// ---- RtspClient -------------------------------------------------------------------------

RtspClient::RtspClient(boost::asio::any_io_executor ex, RtspClientOptions opts, Callbacks cb)
    : impl_(std::make_shared<Impl>(std::move(ex), std::move(opts), std::move(cb))) {}

RtspClient::~RtspClient() { impl_->Detach(); }

void RtspClient::Start() { impl_->Start(); }
void RtspClient::Stop() { impl_->Stop(); }
const RtspClientStats& RtspClient::stats() const { return impl_->stats(); }

// ---- Impl: lifecycle --------------------------------------------------------------------

RtspClient::Impl::Impl(boost::asio::any_io_executor ex, RtspClientOptions opts, Callbacks cb)
    : ex_(ex),
      opts_(std::move(opts)),
      cb_(std::move(cb)),
      resolver_(ex),
      socket_(ex),
      response_timer_(ex),
      tick_timer_(ex),
      rtp_socket_(ex),
      rtcp_socket_(ex) {
  our_ssrc_ = std::random_device{}();
}

int64_t RtspClient::Impl::MonoNowNs() const {
  return opts_.mono_ns ? opts_.mono_ns() : RealClock::Get().MonotonicNanos();
}

std::string RtspClient::Impl::Where() const {
  return url_.host.empty() ? StripUserinfo(opts_.url) : url_.ToRequestUri();
}

void RtspClient::Impl::Start() {
  if (phase_ != Phase::kIdle || closed_) return;
  auto url = ParseRtspUrl(opts_.url);
  if (!url) {
    Fail(url.error());
    return;
  }
  url_ = std::move(*url);
  user_ = opts_.user.empty() ? url_.user : opts_.user;
  password_ = opts_.user.empty() ? url_.password : opts_.password;
  Connect();
}

void RtspClient::Impl::Stop() {
  if (closed_ || stop_requested_) return;
  stop_requested_ = true;
  bool connected = session_ && (phase_ == Phase::kNegotiating || phase_ == Phase::kPlaying);
  if (!connected) {
    Close(Cancelled("stopped"));
    return;
  }
  RtspSessionState::Step step = session_->Teardown();
  if (step.kind != RtspSessionState::Step::Kind::kSend) {
    Close(Cancelled("stopped"));
    return;
  }
  // Same connection: Hikvision ties the session to it, and old live555 servers keep
  // writing into a socket that is closed without TEARDOWN (RTSP-QUIRKS.md §1).
  phase_ = Phase::kTearingDown;
  Write(std::move(step.bytes));
  ArmResponseTimer(opts_.teardown_timeout);
}

void RtspClient::Impl::Detach() {
  detached_ = true;
  Stop();
}

void RtspClient::Impl::Fail(Status status) {
  if (closed_) return;
  if (stop_requested_) {
    Close(Cancelled("stopped"));
    return;
  }
  if (!detached_) spdlog::warn("rtsp {}: {}", Where(), status.ToString());
  Close(std::move(status));
}

void RtspClient::Impl::CloseSockets() {
  boost::system::error_code ignored;
  resolver_.cancel();
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  rtp_socket_.close(ignored);
  rtcp_socket_.close(ignored);
  outbox_.clear();
  writing_ = false;
  ++conn_gen_;
}

void RtspClient::Impl::Close(Status status) {
  if (closed_) return;
  closed_ = true;
  phase_ = Phase::kClosed;
  CancelResponseTimer();
  tick_timer_.cancel();
  CloseSockets();
  if (detached_) return;
  // Posted, so that on_closed never runs inside Start()/Stop() or a caller's frame.
  boost::asio::post(ex_, [self = shared_from_this(), status = std::move(status)] { self->DeliverClosed(status); });
}

void RtspClient::Impl::DeliverClosed(const Status& status) {
  if (detached_) return;
  auto on_closed = std::move(cb_.on_closed);
  cb_ = {};  // release what the owner captured; nothing else will be called
  if (on_closed) on_closed(status);
}

// ---- Impl: connection -------------------------------------------------------------------

void RtspClient::Impl::Connect() {
  phase_ = Phase::kConnecting;
  uint64_t gen = ++conn_gen_;
  parser_ = RtspStreamParser();
  session_.reset();
  ArmResponseTimer(opts_.connect_timeout);
  resolver_.async_resolve(url_.host, std::to_string(url_.port),
                          [self = shared_from_this(), gen](const boost::system::error_code& ec,
                                                           const tcp::resolver::results_type& results) {
                            self->OnResolved(gen, ec, results);
                          });
}

void RtspClient::Impl::OnResolved(uint64_t gen, const boost::system::error_code& ec,
                                  const tcp::resolver::results_type& results) {
  if (closed_ || gen != conn_gen_) return;
  if (ec) {
    Fail(ConnectError(ec, Where()));
    return;
  }
  boost::asio::async_connect(socket_, results,
                             [self = shared_from_this(), gen](const boost::system::error_code& ec2, const tcp::endpoint&) {
                               self->OnConnected(gen, ec2);
                             });
}

void RtspClient::Impl::OnConnected(uint64_t gen, const boost::system::error_code& ec) {
  if (closed_ || gen != conn_gen_) return;
  if (ec) {
    Fail(ConnectError(ec, Where()));
    return;
  }
  boost::system::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
  camera_address_ = socket_.remote_endpoint(ignored).address();
  if (opts_.transport == RtspClientOptions::Transport::kUdp) {
    if (Status s = SetUpUdp(); !s.ok()) {
      Fail(s);
      return;
    }
  }
  RtspSessionConfig config;
  config.url = url_;
  config.user = user_;
  config.password = password_;
  config.tcp = opts_.transport == RtspClientOptions::Transport::kTcp;
  config.client_rtp_port = client_rtp_port_;
  config.user_agent = opts_.user_agent;
  session_.emplace(std::move(config));
  phase_ = Phase::kNegotiating;
  spdlog::debug("rtsp {}: connected", Where());
  StartRead();
  Execute(session_->Begin());
}

Status RtspClient::Impl::SetUpUdp() {
  boost::system::error_code ignored;
  rtp_socket_.close(ignored);
  rtcp_socket_.close(ignored);
  auto pair = BindUdpPortPair(ex_, camera_address_.is_v6());
  if (!pair) return pair.error();
  rtp_socket_ = std::move(pair->rtp);
  rtcp_socket_ = std::move(pair->rtcp);
  client_rtp_port_ = pair->rtp_port;
  if (!udp_buffer_) udp_buffer_ = std::make_unique_for_overwrite<uint8_t[]>(kUdpBufferBytes);
  return Status::Ok();
}

void RtspClient::Impl::Redirect(const std::string& location) {
  if (++redirects_ > opts_.max_redirects) {
    Fail(Unavailable("the camera at " + Where() + " redirected more than " + std::to_string(opts_.max_redirects) +
                     " times"));
    return;
  }
  auto url = ParseRtspUrl(location);
  if (!url) {
    Fail(url.error().With("redirect from " + Where()));
    return;
  }
  spdlog::info("rtsp {}: redirected to {}", Where(), url->ToLogString());
  if (url->has_userinfo) {  // else keep the credentials we had
    user_ = url->user;
    password_ = url->password;
  }
  url_ = std::move(*url);
  CloseSockets();
  Connect();
}

// ---- Impl: protocol steps ---------------------------------------------------------------

void RtspClient::Impl::Execute(RtspSessionState::Step step) {
  using Kind = RtspSessionState::Step::Kind;
  if (!step.warning.empty() && !detached_) spdlog::warn("rtsp {}: {}", Where(), step.warning);
  switch (step.kind) {
    case Kind::kNone:
      if (!session_->request_pending()) CancelResponseTimer();
      return;
    case Kind::kSend:
      Write(std::move(step.bytes));
      ArmResponseTimer(phase_ == Phase::kTearingDown ? opts_.teardown_timeout : opts_.response_timeout);
      return;
    case Kind::kRedirect:
      Redirect(step.url);
      return;
    case Kind::kPlaying:
      CancelResponseTimer();
      BeginPlaying();
      return;
    case Kind::kFail:
      Fail(std::move(step.status));
      return;
    case Kind::kDone:
      Close(Cancelled("stopped"));
      return;
  }
}

void RtspClient::Impl::BeginPlaying() {
  if (stop_requested_) return;
  phase_ = Phase::kPlaying;
  const RtspStreamInfo& info = session_->stream_info();
  auto now = SteadyClock::now();
  last_media_ = now;
  next_keepalive_ = now + milliseconds(session_->keepalive_interval_ms());
  next_receiver_report_ = now;
  if (!info.tcp) {
    StartUdpReceive(rtp_socket_, false);
    StartUdpReceive(rtcp_socket_, true);
    SendUdpPunch();
  }
  ArmTick();
  spdlog::info("rtsp {}: playing {} over {} (session timeout {} s)", Where(), VideoCodecName(info.codec),
               info.tcp ? "TCP" : "UDP", info.session_timeout_seconds);
  if (!callbacks_allowed() || !cb_.on_playing) return;
  auto self = shared_from_this();  // the owner may drop us inside the callback
  cb_.on_playing(info);
}

// ---- Impl: timers -----------------------------------------------------------------------

void RtspClient::Impl::ArmResponseTimer(milliseconds timeout) {
  uint64_t gen = ++response_gen_;
  response_timer_.expires_after(timeout);
  response_timer_.async_wait([self = shared_from_this(), gen](const boost::system::error_code& ec) {
    if (ec || gen != self->response_gen_ || self->closed_) return;
    self->OnResponseTimeout();
  });
}

void RtspClient::Impl::CancelResponseTimer() {
  ++response_gen_;
  response_timer_.cancel();
}

void RtspClient::Impl::OnResponseTimeout() {
  if (phase_ == Phase::kConnecting) {
    Fail(DeadlineExceeded("connecting to the camera at " + Where() + " timed out after " +
                          std::to_string(opts_.connect_timeout.count()) + " ms"));
    return;
  }
  if (phase_ == Phase::kTearingDown) {  // best effort only
    Close(Cancelled("stopped"));
    return;
  }
  if (session_ && session_->keepalive_pending()) {
    // Some cameras ignore keep-alives yet stream on; the stall timer judges liveness.
    ++stats_.keepalive_failures;
    if (!warned_keepalive_timeout_) spdlog::warn("rtsp {}: no answer to keep-alive; not fatal", Where());
    warned_keepalive_timeout_ = true;
    session_->AbandonPending();
    return;
  }
  std::string method(session_ ? session_->pending_method() : "");
  Fail(DeadlineExceeded("the camera at " + Where() + " did not answer " + (method.empty() ? "a request" : method) +
                        " within " + std::to_string(opts_.response_timeout.count()) + " ms"));
}

void RtspClient::Impl::ArmTick() {
  milliseconds tick = std::clamp(opts_.stall_timeout / 4, kMinTick, kMaxTick);
  tick_timer_.expires_after(tick);
  tick_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->closed_ || self->phase_ != Phase::kPlaying) return;
    self->OnTick();
  });
}

void RtspClient::Impl::OnTick() {
  auto now = SteadyClock::now();
  if (now - last_media_ > opts_.stall_timeout) {
    Fail(Unavailable("stalled: no video from the camera at " + Where() + " for " +
                     std::to_string(opts_.stall_timeout.count()) + " ms"));
    return;
  }
  if (now >= next_keepalive_) {
    next_keepalive_ = now + milliseconds(session_->keepalive_interval_ms());
    Execute(session_->Keepalive());
    if (closed_) return;
  }
  if (!session_->stream_info().tcp && now >= next_receiver_report_) {
    next_receiver_report_ = now + kReceiverReportInterval;
    SendReceiverReport();
  }
  ArmTick();
}

}  // namespace custos
