// RtspClient::Impl: reading, writing and media delivery (the hot path).
//
// TCP: one large async_read_some into the parser's buffer, then every complete item is
// handled in place; RTP payload spans point into that buffer. UDP: async_wait for
// readability, then drain with non-blocking receive_from into one 64 KiB buffer. No
// allocation and no logging per packet; one clock read per read/drain.
#include <boost/asio/write.hpp>

#include <array>
#include <variant>

#include "base/log.h"
#include "rtsp/client_impl.h"

namespace custos {
namespace {

using boost::asio::ip::udp;

constexpr int kMaxDatagramsPerWake = 64;

// An empty receiver report plus SDES CNAME "custos": the smallest valid compound RTCP
// packet, sent so that servers (VLC) see the receiver alive, and to open NAT pinholes.
constexpr std::array<uint8_t, 28> kReceiverReportTemplate = {
    0x80, 201, 0x00, 0x01, 0, 0, 0, 0,                          // RR, RC=0, length 1, SSRC
    0x81, 202, 0x00, 0x04, 0, 0, 0, 0,                          // SDES, SC=1, length 4, SSRC
    1, 6, 'c', 'u', 's', 't', 'o', 's', 0, 0, 0, 0};            // CNAME, END, padding

// True if the compound RTCP packet holds a BYE (PT 203) naming `ssrc`.
bool RtcpByeFor(ByteSpan rtcp, uint32_t ssrc) {
  size_t pos = 0;
  while (pos + 4 <= rtcp.size()) {
    const uint8_t* h = rtcp.data() + pos;
    size_t len_bytes = (size_t{LoadBE16(h + 2)} + 1) * 4;
    if ((h[0] & 0xC0) != 0x80 || pos + len_bytes > rtcp.size()) return false;
    if (h[1] == 203) {
      size_t count = h[0] & 0x1F;
      for (size_t i = 0; i < count && 8 + 4 * i <= len_bytes; ++i) {
        if (LoadBE32(h + 4 + 4 * i) == ssrc) return true;
      }
    }
    pos += len_bytes;
  }
  return false;
}

void PutBE32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

}  // namespace

void RtspClient::Impl::StartRead() {
  std::span<uint8_t> buf = parser_.PrepareWrite();
  socket_.async_read_some(boost::asio::buffer(buf.data(), buf.size()),
                          [self = shared_from_this(), gen = conn_gen_](const boost::system::error_code& ec, size_t n) {
                            self->OnRead(gen, ec, n);
                          });
}

void RtspClient::Impl::OnRead(uint64_t gen, const boost::system::error_code& ec, size_t n) {
  if (closed_ || gen != conn_gen_) return;
  if (ec) {
    if (ec == boost::asio::error::eof) {
      Fail(Unavailable("the camera at " + Where() + " closed the connection"));
    } else {
      Fail(Unavailable("lost the connection to the camera at " + Where() + ": " + ec.message()));
    }
    return;
  }
  parser_.CommitWrite(n);
  if (!DispatchItems(MonoNowNs())) return;
  StartRead();
}

bool RtspClient::Impl::DispatchItems(int64_t arrival_ns) {
  uint64_t gen = conn_gen_;
  uint64_t rtp_before = stats_.rtp_packets;
  while (true) {
    Result<RtspItem> item = parser_.Next();
    if (!item) {
      Fail(item.error().With("reading from the camera at " + Where()));
      return false;
    }
    if (std::holds_alternative<RtspNeedMore>(*item)) break;
    if (const auto* frame = std::get_if<InterleavedFrame>(&*item)) {
      OnFrame(*frame, arrival_ns);
    } else if (const auto* response = std::get_if<RtspResponse>(&*item)) {
      Execute(session_->OnResponse(*response));
    } else if (const auto* request = std::get_if<RtspRequest>(&*item)) {
      ++stats_.server_requests;
      if (!detached_) spdlog::info("rtsp {}: camera sent {}; answering", Where(), request->method);
      Write(session_->AnswerServerRequest(*request));
    }
    if (closed_ || gen != conn_gen_) return false;
  }
  stats_.resync_events = parser_.resync_events();
  stats_.junk_bytes = parser_.junk_bytes();
  stats_.cseq_mismatches = session_->cseq_mismatches();
  if (stats_.rtp_packets != rtp_before) last_media_ = SteadyClock::now();
  return true;
}

void RtspClient::Impl::OnFrame(const InterleavedFrame& frame, int64_t arrival_ns) {
  if (phase_ == Phase::kTearingDown) return;
  if (phase_ != Phase::kPlaying) {
    // RTP between the PLAY request and its response (v4l2rtspserver), RTCP before it
    // (Reolink): harmless, dropped.
    ++stats_.frames_before_play;
    return;
  }
  const RtspStreamInfo& info = session_->stream_info();
  if (info.tcp && frame.channel == info.rtp_channel) {
    DeliverRtp(frame.payload, arrival_ns);
  } else if (info.tcp && frame.channel == info.rtcp_channel) {
    DeliverRtcp(frame.payload, arrival_ns);
  } else {
    ++stats_.frames_on_unassigned_channels;
    if (!warned_unassigned_ && !detached_) {
      spdlog::warn("rtsp {}: ignoring data on interleaved channel {} that was never set up (logged once)", Where(),
                   frame.channel);
    }
    warned_unassigned_ = true;
  }
}

void RtspClient::Impl::DeliverRtp(ByteSpan rtp, int64_t arrival_ns) {
  ++stats_.rtp_packets;
  stats_.media_bytes += rtp.size();
  if (rtp.empty()) return;
  if (!media_ssrc_ && rtp.size() >= 12) media_ssrc_ = LoadBE32(rtp.data() + 8);
  if (cb_.on_rtp && callbacks_allowed()) cb_.on_rtp(rtp, arrival_ns);
}

void RtspClient::Impl::DeliverRtcp(ByteSpan rtcp, int64_t arrival_ns) {
  ++stats_.rtcp_packets;
  if (rtcp.empty()) return;
  if (cb_.on_rtcp && callbacks_allowed()) cb_.on_rtcp(rtcp, arrival_ns);
  // A BYE for our stream ends it (VLC's server sends one); BYEs naming other SSRCs don't.
  if (media_ssrc_ && !closed_ && !stop_requested_ && RtcpByeFor(rtcp, *media_ssrc_)) {
    Fail(Unavailable("the camera at " + Where() + " ended the stream (RTCP BYE)"));
  }
}

void RtspClient::Impl::Write(std::string bytes) {
  outbox_.push_back(std::move(bytes));
  if (!writing_) WriteNext();
}

void RtspClient::Impl::WriteNext() {
  if (outbox_.empty()) {
    writing_ = false;
    return;
  }
  writing_ = true;
  // The handler owns the bytes, so closing the connection never leaves Asio a dangling buffer.
  auto data = std::make_shared<std::string>(std::move(outbox_.front()));
  outbox_.pop_front();
  boost::asio::async_write(socket_, boost::asio::buffer(*data),
                           [self = shared_from_this(), data, gen = conn_gen_](const boost::system::error_code& ec,
                                                                               size_t) {
                             if (self->closed_ || gen != self->conn_gen_) return;
                             if (ec) {
                               self->Fail(Unavailable("cannot send to the camera at " + self->Where() + ": " +
                                                      ec.message()));
                               return;
                             }
                             self->WriteNext();
                           });
}

void RtspClient::Impl::StartUdpReceive(udp::socket& socket, bool rtcp) {
  socket.async_wait(udp::socket::wait_read,
                    [self = shared_from_this(), &socket, rtcp, gen = conn_gen_](const boost::system::error_code& ec) {
                      if (ec || self->closed_ || gen != self->conn_gen_) return;
                      self->DrainUdp(socket, rtcp);
                    });
}

void RtspClient::Impl::DrainUdp(udp::socket& socket, bool rtcp) {
  int64_t arrival_ns = MonoNowNs();
  bool got_rtp = false;
  for (int i = 0; i < kMaxDatagramsPerWake; ++i) {
    udp::endpoint sender;
    boost::system::error_code ec;
    size_t n = socket.receive_from(boost::asio::buffer(udp_buffer_.get(), kUdpBufferBytes), sender, 0, ec);
    if (ec == boost::asio::error::would_block || ec == boost::asio::error::try_again) break;
    if (ec == boost::asio::error::connection_refused) continue;  // ICMP after our NAT punch
    if (ec) break;
    // Any port is fine (cameras send from unadvertised ports, MTX#698), but only the camera's address.
    if (sender.address() != camera_address_) {
      ++stats_.foreign_datagrams;
      if (!warned_foreign_ && !detached_) {
        spdlog::warn("rtsp {}: dropping UDP from {} which is not the camera (logged once)", Where(),
                     sender.address().to_string());
      }
      warned_foreign_ = true;
      continue;
    }
    if (n == 0) continue;
    ByteSpan packet(udp_buffer_.get(), n);
    if (rtcp) {
      DeliverRtcp(packet, arrival_ns);
    } else {
      got_rtp = true;
      DeliverRtp(packet, arrival_ns);
    }
    if (closed_ || stop_requested_) return;
  }
  if (got_rtp) last_media_ = SteadyClock::now();
  if (closed_ || stop_requested_) return;
  StartUdpReceive(socket, rtcp);
}

void RtspClient::Impl::SendUdpPunch() {
  const RtspStreamInfo& info = session_->stream_info();
  boost::system::error_code ignored;
  if (info.server_rtp_port > 0) {
    std::array<uint8_t, 12> rtp = {0x80, static_cast<uint8_t>(info.payload_type & 0x7F), 0, 0, 0, 0, 0, 0};
    PutBE32(rtp.data() + 8, our_ssrc_);
    udp::endpoint to(camera_address_, static_cast<unsigned short>(info.server_rtp_port));
    rtp_socket_.send_to(boost::asio::buffer(rtp), to, 0, ignored);
  }
  SendReceiverReport();
}

void RtspClient::Impl::SendReceiverReport() {
  const RtspStreamInfo& info = session_->stream_info();
  if (info.server_rtcp_port <= 0) return;
  std::array<uint8_t, kReceiverReportTemplate.size()> rr = kReceiverReportTemplate;
  PutBE32(rr.data() + 4, our_ssrc_);
  PutBE32(rr.data() + 12, our_ssrc_);
  boost::system::error_code ignored;
  udp::endpoint to(camera_address_, static_cast<unsigned short>(info.server_rtcp_port));
  rtcp_socket_.send_to(boost::asio::buffer(rr), to, 0, ignored);
}

}  // namespace custos
