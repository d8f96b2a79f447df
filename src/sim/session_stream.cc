// SimSession: sending the program's packets as they fall due, and the output queue.
#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>

#include <cmath>

#include "base/clock.h"
#include "base/ntp.h"
#include "media/rtp.h"
#include "sim/session.h"

namespace custos::sim {

namespace {

// Where camera `camera` (1-based) starts in the clip: the golden-ratio sequence spreads
// any number of cameras evenly, so their key frames do not coincide.
int64_t StaggerOffset90k(int camera, int64_t duration_90k) {
  const double golden = 0.6180339887498949;
  const double fraction = std::fmod((camera - 1) * golden, 1.0);
  return static_cast<int64_t>(fraction * static_cast<double>(duration_90k));
}

int64_t NanosTo90k(int64_t ns) { return ns * 9 / 100'000; }

}  // namespace

void SimSession::StartPlaying(int64_t now_ns) {
  next_packet_ = options_.stagger ? program_.FrameStartAt(StaggerOffset90k(camera_, program_.duration_90k())) : 0;
  loop_ = 0;
  play_start_ns_ = now_ns;
  play_start_90k_ = program_.send_90k(next_packet_);
  last_sender_report_ns_ = now_ns;
  state_ = State::kPlaying;
  shared_->counters.sessions_playing.fetch_add(1, std::memory_order_relaxed);
}

void SimSession::StopPlaying(State next) {
  if (state_ == State::kPlaying) shared_->counters.sessions_playing.fetch_sub(1, std::memory_order_relaxed);
  state_ = next;
}

void SimSession::SendDue(int64_t now_ns) {
  const int64_t duration_90k = program_.duration_90k();
  // The stream's position: loop-relative send times of loop L are offset by L × duration.
  const int64_t position_90k = play_start_90k_ + NanosTo90k(now_ns - play_start_ns_);
  for (;;) {
    const size_t end = program_.DueEnd(next_packet_, position_90k - loop_ * duration_90k);
    QueuePackets(next_packet_, end);
    next_packet_ = end;
    if (next_packet_ < program_.packet_count()) break;
    if (!options_.loop) {
      StopPlaying(State::kEnded);  // the clip is over; nothing more is sent
      break;
    }
    ++loop_;
    next_packet_ = 0;
  }
  if (state_ == State::kPlaying) MaybeSendSenderReport(now_ns, position_90k);
  if (udp_) SendUdp();
  Flush();
}

void SimSession::SendUdp() {
  if (udp_out_.empty()) return;
  const UdpSink::SendResult r = udp_->Send(udp_out_);
  udp_out_.clear();
  shared_->counters.bytes_sent.fetch_add(r.bytes_sent, std::memory_order_relaxed);
  shared_->counters.packets_sent.fetch_add(r.packets_sent, std::memory_order_relaxed);
  shared_->counters.packets_dropped.fetch_add(r.packets_dropped, std::memory_order_relaxed);
}

void SimSession::QueuePackets(size_t first, size_t last) {
  if (first >= last) return;
  const size_t bytes = program_.framed_bytes(first, last);
  const size_t count = last - first;
  if (!udp_ && pending_.size() + writing_.size() + bytes > options_.max_pending_bytes) {
    // The client reads too slowly: skip these packets, as a camera's full socket would.
    // The sequence numbers still advance, so the client sees the loss.
    rtp_.next_sequence = static_cast<uint16_t>(rtp_.next_sequence + count);
    shared_->counters.packets_dropped.fetch_add(count, std::memory_order_relaxed);
    return;
  }
  program_.AppendPackets(first, last, loop_, rtp_, udp_ ? udp_out_ : pending_);
  if (!udp_) pending_packets_ += count;
  rtp_packets_ += static_cast<uint32_t>(count);
  rtp_octets_ += static_cast<uint32_t>(bytes - count * (RtpProgram::kFramingBytes + RtpProgram::kRtpHeaderBytes));
}

void SimSession::MaybeSendSenderReport(int64_t now_ns, int64_t position_90k) {
  const int64_t interval_ns = int64_t{options_.sender_report_interval_s} * 1'000'000'000;
  if (interval_ns <= 0 || now_ns - last_sender_report_ns_ < interval_ns) return;
  last_sender_report_ns_ = now_ns;
  RtcpSenderReport sr;
  sr.ssrc = rtp_.ssrc;
  sr.ntp_timestamp = WallTimeToNtp64(RealClock::Get().Now()).value_or(0);
  // The RTP clock now: frames are sent at their decode time and stamped with their
  // presentation time, which is later by the clip's reordering delay.
  sr.rtp_timestamp = rtp_.timestamp_base + static_cast<uint32_t>(position_90k + program_.pts_delay_90k());
  sr.packet_count = rtp_packets_;
  sr.octet_count = rtp_octets_;
  report_scratch_.clear();
  SerializeRtcpSenderReport(sr, report_scratch_);
  const uint8_t header[4] = {'$', static_cast<uint8_t>(rtp_.channel + 1),
                             static_cast<uint8_t>(report_scratch_.size() >> 8),
                             static_cast<uint8_t>(report_scratch_.size())};
  Bytes& out = udp_ ? udp_out_ : pending_;
  out.insert(out.end(), header, header + 4);
  out.insert(out.end(), report_scratch_.begin(), report_scratch_.end());
}

void SimSession::Flush() {
  if (write_in_flight_ || pending_.empty() || closed_) return;
  pending_.swap(writing_);
  pending_.clear();
  writing_packets_ = pending_packets_;
  pending_packets_ = 0;
  write_in_flight_ = true;
  write_started_ns_ = RealClock::Get().MonotonicNanos();
  boost::asio::async_write(socket_, boost::asio::buffer(writing_),
                           [self = shared_from_this()](const boost::system::error_code& ec, size_t n) {
                             self->OnWrite(ec, n);
                           });
}

void SimSession::OnWrite(const boost::system::error_code& ec, size_t n) {
  write_in_flight_ = false;
  shared_->counters.bytes_sent.fetch_add(n, std::memory_order_relaxed);
  if (ec) {
    Close();
    return;
  }
  shared_->counters.packets_sent.fetch_add(writing_packets_, std::memory_order_relaxed);
  writing_.clear();
  writing_packets_ = 0;
  if (close_after_flush_ && pending_.empty()) {
    StartDrain();
    return;
  }
  Flush();
}

}  // namespace custos::sim
