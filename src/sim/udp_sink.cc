#include "sim/udp_sink.h"

#include <cerrno>

namespace custos::sim {

namespace {

using boost::asio::ip::udp;

Status OpenOne(udp::socket& s, const boost::asio::ip::address& local, const udp::endpoint& peer, uint16_t& port) {
  boost::system::error_code ec;
  if (s.open(peer.protocol(), ec); ec) return Unavailable("cannot open a UDP socket: " + ec.message());
  if (s.bind(udp::endpoint(local, 0), ec); ec) return Unavailable("cannot bind a UDP socket: " + ec.message());
  if (s.connect(peer, ec); ec) return Unavailable("cannot connect a UDP socket to the client: " + ec.message());
  if (s.non_blocking(true, ec); ec) return Unavailable("cannot make a UDP socket non-blocking: " + ec.message());
  port = s.local_endpoint(ec).port();
  return ec ? Unavailable("cannot read a UDP socket's port: " + ec.message()) : Status::Ok();
}

}  // namespace

Result<std::unique_ptr<UdpSink>> UdpSink::Open(const boost::asio::any_io_executor& ex,
                                               const boost::asio::ip::address& local,
                                               const boost::asio::ip::address& peer, uint16_t client_rtp_port,
                                               uint16_t client_rtcp_port) {
  std::unique_ptr<UdpSink> sink(new UdpSink(ex));
  if (Status st = OpenOne(sink->rtp_, local, udp::endpoint(peer, client_rtp_port), sink->rtp_port_); !st.ok()) {
    return Err(st);
  }
  if (Status st = OpenOne(sink->rtcp_, local, udp::endpoint(peer, client_rtcp_port), sink->rtcp_port_); !st.ok()) {
    return Err(st);
  }
  return sink;
}

UdpSink::SendResult UdpSink::Send(ByteSpan framed) {
  SendResult result;
  messages_.clear();
  iovecs_.clear();
  ByteReader r(framed);
  uint8_t dollar = 0, channel = 0;
  uint16_t length = 0;
  ByteSpan packet;
  while (r.ReadU8(dollar) && r.ReadU8(channel) && r.ReadU16(length) && r.ReadSpan(length, packet)) {
    if (channel % 2 == 1) {
      boost::system::error_code ec;
      const size_t n = rtcp_.send(boost::asio::buffer(packet.data(), packet.size()), 0, ec);
      if (!ec) result.bytes_sent += n;
      continue;
    }
    iovecs_.push_back(iovec{const_cast<uint8_t*>(packet.data()), packet.size()});
  }
  // iovecs_ no longer grows, so pointers into it are stable now.
  for (iovec& v : iovecs_) {
    mmsghdr m{};
    m.msg_hdr.msg_iov = &v;
    m.msg_hdr.msg_iovlen = 1;
    messages_.push_back(m);
  }
  SendRtpBatch(result);
  return result;
}

void UdpSink::SendRtpBatch(SendResult& result) {
  size_t done = 0;
  while (done < messages_.size()) {
    const int n = sendmmsg(rtp_.native_handle(), messages_.data() + done,
                           static_cast<unsigned>(messages_.size() - done), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // full (EAGAIN, ENOBUFS) or the client went away (ECONNREFUSED): drop the rest
    for (int i = 0; i < n; ++i) result.bytes_sent += messages_[done + static_cast<size_t>(i)].msg_len;
    done += static_cast<size_t>(n);
  }
  result.packets_sent = done;
  result.packets_dropped = messages_.size() - done;
}

}  // namespace custos::sim
