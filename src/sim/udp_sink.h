// udp_sink.h: RTP and RTCP of one session over UDP (RFC 3550 on a client's port pair).
//
// Provides UdpSink: two UDP sockets bound to ephemeral ports on the server's address and
// connected to the client's RTP and RTCP ports. Send takes a buffer of interleaved-framed
// packets (the same bytes a TCP session would write) and sends each as one datagram,
// RTP in batches with sendmmsg; what the kernel will not take right now is dropped and
// counted, never queued. Over TCP a session costs one write per tick; over UDP it costs
// a datagram per packet in the kernel, so TCP remains the cheap choice for load tests.
// Thread-safety: belongs to its session's io_context thread.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/udp.hpp>

#include <sys/socket.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"

namespace custos::sim {

class UdpSink {
 public:
  // Unavailable if the sockets cannot be opened, bound or connected.
  static Result<std::unique_ptr<UdpSink>> Open(const boost::asio::any_io_executor& ex,
                                               const boost::asio::ip::address& local,
                                               const boost::asio::ip::address& peer, uint16_t client_rtp_port,
                                               uint16_t client_rtcp_port);

  uint16_t rtp_port() const { return rtp_port_; }
  uint16_t rtcp_port() const { return rtcp_port_; }

  struct SendResult {
    uint64_t packets_sent = 0;  // RTP only
    uint64_t packets_dropped = 0;
    uint64_t bytes_sent = 0;  // RTP and RTCP datagrams
  };
  // Sends every frame of `framed` ('$', channel, length, packet): even channels as RTP,
  // odd ones as RTCP.
  SendResult Send(ByteSpan framed);

 private:
  explicit UdpSink(const boost::asio::any_io_executor& ex) : rtp_(ex), rtcp_(ex) {}
  void SendRtpBatch(SendResult& result);

  boost::asio::ip::udp::socket rtp_;
  boost::asio::ip::udp::socket rtcp_;
  uint16_t rtp_port_ = 0;
  uint16_t rtcp_port_ = 0;
  std::vector<mmsghdr> messages_;  // reused: no allocation per packet once warm
  std::vector<iovec> iovecs_;
};

}  // namespace custos::sim
