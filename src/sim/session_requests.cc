// SimSession: answering RTSP requests.
#include <charconv>
#include <cstdio>

#include "base/clock.h"
#include "sim/sdp.h"
#include "sim/session.h"

namespace custos::sim {

namespace {

constexpr std::string_view kPublic = "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER, SET_PARAMETER";

std::string Hex(uint64_t v, int digits) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%0*llX", digits, static_cast<unsigned long long>(v));
  return buf;
}

std::string WithTrailingSlash(std::string uri) {
  if (uri.empty() || uri.back() != '/') uri += '/';
  return uri;
}

}  // namespace

std::string SimSession::SessionId() const { return Hex(seed_.session_id, 16); }

std::string SimSession::SessionHeader() const {
  return "Session: " + SessionId() + ";timeout=" + std::to_string(options_.session_timeout_s) + "\r\n";
}

void SimSession::Respond(const RtspRequest& req, int code, std::string_view reason, std::string_view headers,
                         std::string_view body) {
  std::string r = "RTSP/1.0 " + std::to_string(code) + " " + std::string(reason) + "\r\n";
  r += "CSeq: " + req.cseq + "\r\nServer: custos-sim\r\n";
  r += headers;
  if (!body.empty()) r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  r += "\r\n";
  r += body;
  pending_.insert(pending_.end(), r.begin(), r.end());
  Flush();
}

void SimSession::HandleRequest(const RtspRequest& req) {
  const std::string& m = req.method;
  if (m == "OPTIONS") return Respond(req, 200, "OK", "Public: " + std::string(kPublic) + "\r\n");
  if (!shared_->auth.Check(m, req.Header("Authorization"))) {
    return Respond(req, 401, "Unauthorized", shared_->auth.ChallengeHeaders());
  }
  if (m == "DESCRIBE") return OnDescribe(req);
  if (m == "SETUP") return OnSetup(req);
  if (m == "PLAY") return OnPlay(req);
  if (m == "TEARDOWN") return OnTeardown(req);
  if (m == "GET_PARAMETER" || m == "SET_PARAMETER") {
    return Respond(req, 200, "OK", state_ == State::kInit ? std::string() : SessionHeader());
  }
  Respond(req, 501, "Not Implemented", "Public: " + std::string(kPublic) + "\r\n");
}

void SimSession::OnDescribe(const RtspRequest& req) {
  const CameraUri cam = ParseCameraUri(req.uri);
  if (cam.camera < 1 || cam.camera > options_.cameras || cam.track) return Respond(req, 404, "Not Found");
  boost::system::error_code ec;
  const auto local = socket_.local_endpoint(ec);
  const std::string address = ec ? options_.listen_address : local.address().to_string();
  const std::string sdp = BuildSdp(program_, address, seed_.session_id);
  Respond(req, 200, "OK",
          "Content-Type: application/sdp\r\nContent-Base: " + WithTrailingSlash(req.uri) + "\r\n", sdp);
}

void SimSession::OnSetup(const RtspRequest& req) {
  const CameraUri cam = ParseCameraUri(req.uri);
  if (cam.camera < 1 || cam.camera > options_.cameras) return Respond(req, 404, "Not Found");
  if (state_ != State::kInit && cam.camera != camera_) {
    return Respond(req, 459, "Aggregate Operation Not Allowed (one camera per connection)");
  }
  if (state_ != State::kInit && !CheckSession(req)) return;
  if (state_ == State::kPlaying) return Respond(req, 455, "Method Not Valid in This State");
  const std::string transport = SetupTransport(req, ParseTransport(req.Header("Transport")));
  if (transport.empty()) return;
  camera_ = cam.camera;
  setup_uri_ = req.uri;
  if (state_ == State::kInit) state_ = State::kReady;
  Respond(req, 200, "OK", "Transport: " + transport + ";ssrc=" + Hex(rtp_.ssrc, 8) + "\r\n" + SessionHeader());
}

std::string SimSession::SetupTransport(const RtspRequest& req, const TransportRequest& t) {
  if (t.kind == TransportRequest::Kind::kTcp) {
    udp_.reset();
    rtp_.channel = static_cast<uint8_t>(t.channel);
    return "RTP/AVP/TCP;unicast;interleaved=" + std::to_string(t.channel) + "-" + std::to_string(t.channel + 1);
  }
  if (t.kind == TransportRequest::Kind::kUnsupported) {
    Respond(req, 461, "Unsupported Transport (unicast RTP/AVP over UDP or interleaved TCP only)");
    return {};
  }
  boost::system::error_code ec;
  const auto local = socket_.local_endpoint(ec);
  const auto peer = ec ? decltype(local)() : socket_.remote_endpoint(ec);
  if (ec) {
    Respond(req, 500, "Internal Server Error (connection lost)");
    return {};
  }
  Result<std::unique_ptr<UdpSink>> sink =
      UdpSink::Open(socket_.get_executor(), local.address(), peer.address(), t.client_rtp_port, t.client_rtcp_port);
  if (!sink) {
    Respond(req, 500, "Internal Server Error (" + sink.error().message() + ")");
    return {};
  }
  udp_ = std::move(*sink);
  rtp_.channel = 0;  // udp_out_ is framed like TCP: channel 0 RTP, 1 RTCP
  return "RTP/AVP;unicast;client_port=" + std::to_string(t.client_rtp_port) + "-" +
         std::to_string(t.client_rtcp_port) + ";server_port=" + std::to_string(udp_->rtp_port()) + "-" +
         std::to_string(udp_->rtcp_port());
}

bool SimSession::CheckSession(const RtspRequest& req) {
  std::string_view id = req.Header("Session");
  id = id.substr(0, id.find(';'));
  if (state_ != State::kInit && EqualsIgnoreCase(id, SessionId())) return true;
  Respond(req, state_ == State::kInit ? 455 : 454,
          state_ == State::kInit ? "Method Not Valid in This State" : "Session Not Found");
  return false;
}

void SimSession::OnPlay(const RtspRequest& req) {
  if (!CheckSession(req)) return;
  if (state_ == State::kReady) StartPlaying(RealClock::Get().MonotonicNanos());
  std::string headers = "Range: npt=0.000-\r\n" + SessionHeader();
  if (state_ == State::kPlaying) {  // not after the end of a stream without --loop
    const int64_t first_pts_90k = program_.pts_90k(next_packet_) + loop_ * program_.duration_90k();
    const uint32_t rtptime = rtp_.timestamp_base + static_cast<uint32_t>(first_pts_90k);
    headers += "RTP-Info: url=" + setup_uri_ + ";seq=" + std::to_string(rtp_.next_sequence) +
               ";rtptime=" + std::to_string(rtptime) + "\r\n";
  }
  Respond(req, 200, "OK", headers);
  if (state_ == State::kPlaying) SendDue(RealClock::Get().MonotonicNanos());  // the first frame at once
}

void SimSession::OnTeardown(const RtspRequest& req) {
  Respond(req, 200, "OK", state_ == State::kInit ? std::string() : SessionHeader());
  StopPlaying(State::kEnded);
  close_after_flush_ = true;
  Flush();
}

}  // namespace custos::sim
