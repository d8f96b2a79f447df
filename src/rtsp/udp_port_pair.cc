#include "rtsp/udp_port_pair.h"

#include <string>
#include <utility>

namespace custos {
namespace {

using boost::asio::ip::udp;

constexpr int kReceiveBufferBytes = 1024 * 1024;

boost::system::error_code OpenAndBind(udp::socket& s, bool ipv6, int port) {
  boost::system::error_code ec;
  s.open(ipv6 ? udp::v6() : udp::v4(), ec);
  if (ec) return ec;
  udp::endpoint ep(ipv6 ? udp::v6() : udp::v4(), static_cast<unsigned short>(port));
  s.bind(ep, ec);
  if (ec) return ec;
  s.non_blocking(true, ec);
  if (ec) return ec;
  boost::system::error_code ignored;  // a smaller buffer is not fatal
  s.set_option(boost::asio::socket_base::receive_buffer_size(kReceiveBufferBytes), ignored);
  return {};
}

void CloseQuietly(udp::socket& s) {
  boost::system::error_code ignored;
  s.close(ignored);
}

}  // namespace

Result<UdpPortPair> BindUdpPortPair(const boost::asio::any_io_executor& ex, bool ipv6, int attempts) {
  UdpPortPair pair{udp::socket(ex), udp::socket(ex), 0};
  boost::system::error_code last;
  for (int i = 0; i < attempts; ++i) {
    last = OpenAndBind(pair.rtp, ipv6, 0);
    if (last) {  // cannot even get an ephemeral port: give up
      CloseQuietly(pair.rtp);
      break;
    }
    boost::system::error_code ec;
    int port = pair.rtp.local_endpoint(ec).port();
    if (ec) {
      last = ec;
      CloseQuietly(pair.rtp);
      continue;
    }
    if (port % 2 != 0) {  // rebind to the even neighbour
      CloseQuietly(pair.rtp);
      if (port + 2 > 65535) continue;
      ++port;
      last = OpenAndBind(pair.rtp, ipv6, port);
      if (last) {
        CloseQuietly(pair.rtp);
        continue;
      }
    }
    last = OpenAndBind(pair.rtcp, ipv6, port + 1);
    if (!last) {
      pair.rtp_port = port;
      return pair;
    }
    CloseQuietly(pair.rtp);
    CloseQuietly(pair.rtcp);
  }
  return Err(Unavailable("cannot bind an even/odd UDP port pair for RTP/RTCP after " + std::to_string(attempts) +
                         " attempts: " + last.message()));
}

}  // namespace custos
