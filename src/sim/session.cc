// SimSession: lifecycle, reading and request framing. Requests are answered in
// session_requests.cc, media is sent in session_stream.cc.
#include "sim/session.h"

#include <boost/asio/buffer.hpp>

#include <algorithm>
#include <cstring>
#include <utility>

#include "base/clock.h"
#include "base/log.h"

namespace custos::sim {

namespace {

int64_t NowNanos() { return RealClock::Get().MonotonicNanos(); }

constexpr int64_t kDrainNanos = 2'000'000'000;

}  // namespace

SimSession::SimSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<SimShared> shared,
                       const SessionSeed& seed)
    : socket_(std::move(socket)),
      shared_(std::move(shared)),
      program_(*shared_->program),
      options_(shared_->options),
      seed_(seed) {
  rtp_.ssrc = seed.ssrc;
  rtp_.next_sequence = seed.first_sequence;
  rtp_.timestamp_base = seed.timestamp_base;
  shared_->counters.sessions_accepted.fetch_add(1, std::memory_order_relaxed);
  shared_->counters.sessions_open.fetch_add(1, std::memory_order_relaxed);
}

SimSession::~SimSession() {
  if (state_ == State::kPlaying) shared_->counters.sessions_playing.fetch_sub(1, std::memory_order_relaxed);
  shared_->counters.sessions_open.fetch_sub(1, std::memory_order_relaxed);
}

void SimSession::Start(int64_t now_ns) {
  boost::system::error_code ec;
  socket_.set_option(boost::asio::ip::tcp::no_delay(true), ec);  // best effort: responses go out at once
  if (options_.send_buffer_bytes > 0) {
    socket_.set_option(boost::asio::socket_base::send_buffer_size(options_.send_buffer_bytes), ec);
  }
  last_input_ns_ = now_ns;
  // The output buffers grow to their working size in the first seconds, then stay.
  pending_.reserve(64 * 1024);
  writing_.reserve(64 * 1024);
  Read();
}

void SimSession::Tick(int64_t now_ns) {
  if (closed_) return;
  if (draining_) {
    if (now_ns > drain_until_ns_) Close();
    return;
  }
  const int64_t timeout_ns = int64_t{options_.session_timeout_s} * 1'000'000'000;
  if (write_in_flight_ && now_ns - write_started_ns_ > timeout_ns) {
    spdlog::info("sim: closing a session whose client stopped reading for {} s", options_.session_timeout_s);
    Close();
    return;
  }
  if (state_ == State::kPlaying) {
    SendDue(now_ns);
  } else if (now_ns - last_input_ns_ > timeout_ns) {
    Close();  // a client that set nothing up, or whose stream ended, and went quiet
  }
}

void SimSession::Close() {
  if (closed_) return;
  closed_ = true;
  StopPlaying(State::kEnded);
  udp_.reset();
  boost::system::error_code ec;
  socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  socket_.close(ec);
}

void SimSession::Read() {
  if (closed_ || read_in_flight_ || (close_after_flush_ && !draining_)) return;
  read_in_flight_ = true;
  auto buffer = boost::asio::buffer(input_.data() + input_bytes_, input_.size() - input_bytes_);
  socket_.async_read_some(buffer, [self = shared_from_this()](const boost::system::error_code& ec, size_t n) {
    self->OnRead(ec, n);
  });
}

void SimSession::OnRead(const boost::system::error_code& ec, size_t n) {
  read_in_flight_ = false;
  if (closed_) return;
  if (ec) {
    Close();  // the client went away (EOF or reset): nothing to tell it
    return;
  }
  if (draining_) {
    Read();  // discard until the client closes too
    return;
  }
  input_bytes_ += n;
  last_input_ns_ = NowNanos();
  HandleInput();
  Read();
}

void SimSession::HandleInput() {
  while (input_bytes_ > 0 && !closed_ && !close_after_flush_) {
    if (skip_bytes_ > 0) {
      const size_t n = std::min(skip_bytes_, input_bytes_);
      Consume(n);
      skip_bytes_ -= n;
      continue;
    }
    RtspInput in = ParseRtspInput(std::string_view(input_.data(), input_bytes_));
    switch (in.kind) {
      case RtspInput::Kind::kNeedMore:
        // The limits make every complete request fit, so a full buffer cannot need more.
        if (input_bytes_ == input_.size()) RejectMalformed("request too large");
        return;
      case RtspInput::Kind::kSkip: {
        const size_t n = std::min(in.consumed_bytes, input_bytes_);
        Consume(n);
        skip_bytes_ = in.consumed_bytes - n;
        break;
      }
      case RtspInput::Kind::kMalformed:
        RejectMalformed(in.error);
        return;
      case RtspInput::Kind::kRequest:
        Consume(in.consumed_bytes);
        HandleRequest(in.request);
        break;
    }
  }
}

void SimSession::Consume(size_t n) {
  std::memmove(input_.data(), input_.data() + n, input_bytes_ - n);
  input_bytes_ -= n;
}

// Closing a socket with unread input would send a reset, which may destroy our last
// response before the client reads it; so after the last response, shut down sending and
// discard input until the client closes or a short deadline passes.
void SimSession::StartDrain() {
  boost::system::error_code ec;
  socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
  draining_ = true;
  drain_until_ns_ = NowNanos() + kDrainNanos;
  input_bytes_ = 0;
  Read();
}

void SimSession::RejectMalformed(const std::string& why) {
  shared_->counters.bad_requests.fetch_add(1, std::memory_order_relaxed);
  const std::string response = "RTSP/1.0 400 Bad Request\r\nServer: custos-sim\r\nContent-Length: 0\r\n\r\n";
  pending_.insert(pending_.end(), response.begin(), response.end());
  input_bytes_ = 0;
  close_after_flush_ = true;
  StopPlaying(State::kEnded);
  spdlog::debug("sim: 400 and close: {}", why);
  Flush();
}

}  // namespace custos::sim
