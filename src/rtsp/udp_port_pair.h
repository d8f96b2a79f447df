// udp_port_pair.h: binds the two UDP sockets of an RTP/UDP session.
//
// RTP wants an even port and RTCP the next odd one (RFC 3550 §11). BindUdpPortPair asks
// the kernel for an ephemeral port, moves to the even neighbour when needed, binds RTCP
// to port+1, and retries on conflicts. Sockets are non-blocking, with a large receive
// buffer, ready for the async_wait-then-drain reception RtspClient uses. Errors come back
// as Status (error_code overloads only; nothing throws).
// Thread-safety: call on the executor that will own the sockets.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/udp.hpp>

#include "base/status.h"

namespace custos {

struct UdpPortPair {
  boost::asio::ip::udp::socket rtp;
  boost::asio::ip::udp::socket rtcp;
  int rtp_port = 0;  // even; RTCP is rtp_port + 1
};

Result<UdpPortPair> BindUdpPortPair(const boost::asio::any_io_executor& ex, bool ipv6, int attempts = 16);

}  // namespace custos
