#include "rtsp/session_state.h"

#include <algorithm>
#include <utility>

#include "rtsp/header_values.h"
#include "rtsp/sdp.h"
#include "rtsp/text.h"

namespace custos {
namespace {

using Step = RtspSessionState::Step;

constexpr int kMaxKeepaliveIntervalMs = 3600 * 1000;

Step Warn(Step s, std::string warning) {
  s.warning = std::move(warning);
  return s;
}

std::string HeaderOr(const RtspResponse& r, std::string_view name) {
  const std::string* v = r.headers.Get(name);
  return v ? *v : std::string();
}

Step Done() {
  Step s;
  s.kind = Step::Kind::kDone;
  return s;
}

// "Digest realm="x" algorithm=MD5 qop=auth, Basic realm="x"": for support, without secrets
// (a 401 carries none).
std::string DescribeChallenges(const RtspResponse& r) {
  std::string out;
  for (std::string_view value : r.headers.GetAll("WWW-Authenticate")) {
    for (const AuthChallenge& c : ParseAuthChallenges(value)) {
      if (!out.empty()) out += ", ";
      out += c.scheme;
      for (std::string_view key : {"realm", "algorithm", "qop"}) {
        if (const std::string* v = c.Param(key)) out += " " + std::string(key) + "=\"" + *v + "\"";
      }
    }
  }
  return out.empty() ? "no challenge" : out;
}

bool IsRedirect(int code) { return code == 301 || code == 302 || code == 303 || code == 307; }

}  // namespace

Status StatusFromRtspResponse(const RtspResponse& r, std::string_view method, std::string_view url) {
  std::string what = std::string(method) + " " + std::string(url) + " failed: " +
                     std::to_string(r.status_code) + (r.reason.empty() ? "" : " " + r.reason);
  switch (r.status_code) {
    case 401: return Unauthenticated(what);
    case 403: return PermissionDenied(what + " (the camera forbids this user or stream)");
    case 404: return NotFound(what + " (the camera has no such stream: check the path in the URL)");
    case 453: return ResourceExhausted(what + " (the camera has no free session or bandwidth)");
    case 454: return NotFound(what + " (the camera lost the session)");
    case 461: return Unimplemented(what + " (the camera does not support this transport)");
    default: break;
  }
  if (r.status_code >= 500) return Unavailable(what);
  return FailedPrecondition(what);
}

RtspSessionState::RtspSessionState(RtspSessionConfig config)
    : config_(std::move(config)),
      request_uri_(config_.url.ToRequestUri()),
      auth_(config_.user, config_.password) {
  info_.tcp = config_.tcp;
  info_.client_rtp_port = config_.client_rtp_port;
  aggregate_url_ = request_uri_;
}

int RtspSessionState::keepalive_interval_ms() const {
  return std::clamp(info_.session_timeout_seconds * 1000 / 2, 1000, kMaxKeepaliveIntervalMs);
}

Step RtspSessionState::Send(Purpose purpose, std::string method, std::string uri, RtspHeaders extra,
                            bool auth_retried) {
  RtspRequest req;
  req.method = method;
  req.uri = uri;
  uint32_t cseq = next_cseq_++;
  req.headers.Add(kHeaderCSeq, std::to_string(cseq));
  req.headers.Add(kHeaderUserAgent, config_.user_agent);
  std::string authorization = auth_.Authorize(method, uri);
  if (!authorization.empty()) req.headers.Add(kHeaderAuthorization, authorization);
  if (!info_.session_id.empty() && purpose != Purpose::kOptions && purpose != Purpose::kDescribe) {
    req.headers.Add(kHeaderSession, info_.session_id);
  }
  for (const auto& [name, value] : extra.entries()) req.headers.Add(name, value);
  pending_ = Pending{purpose, std::move(method), std::move(uri), std::move(extra), cseq, auth_retried};
  Step s;
  s.kind = Step::Kind::kSend;
  s.bytes = SerializeRequest(req);
  return s;
}

Step RtspSessionState::Fail(Status status) {
  Step s;
  s.kind = Step::Kind::kFail;
  s.status = std::move(status);
  return s;
}

Step RtspSessionState::Begin() {
  // The full URL, never "*": Foscam clones answer 400 to OPTIONS * (RTSP-QUIRKS.md §2).
  return Send(Purpose::kOptions, "OPTIONS", request_uri_, {});
}

Step RtspSessionState::OnResponse(const RtspResponse& r) {
  if (!pending_) {
    ++unexpected_responses_;
    return Warn({}, "ignored an RTSP response while no request was outstanding");
  }
  Pending p = std::move(*pending_);
  pending_.reset();
  std::string warning;
  if (auto cseq = r.CSeq(); cseq != p.cseq) {
    ++cseq_mismatches_;
    if (!warned_cseq_) {
      warned_cseq_ = true;
      warning = "camera answered CSeq " + (cseq ? std::to_string(*cseq) : std::string("(none)")) +
                " to request " + std::to_string(p.cseq) + "; accepted since only one was pending";
    }
  }
  Step s;
  if (r.status_code == 401) {
    s = OnUnauthorized(std::move(p), r);
  } else if (IsRedirect(r.status_code) && (p.purpose == Purpose::kOptions || p.purpose == Purpose::kDescribe)) {
    s = OnRedirect(p, r);
  } else {
    switch (p.purpose) {
      case Purpose::kOptions: s = OnOptions(r); break;
      case Purpose::kDescribe: s = OnDescribe(p, r); break;
      case Purpose::kSetup: s = OnSetup(p, r); break;
      case Purpose::kPlay: s = OnPlay(r); break;
      case Purpose::kKeepalive: s = OnKeepalive(p, r); break;
      case Purpose::kTeardown: s.kind = Step::Kind::kDone; break;
    }
  }
  if (s.warning.empty()) s.warning = std::move(warning);
  return s;
}

Step RtspSessionState::OnUnauthorized(Pending p, const RtspResponse& r) {
  if (p.purpose == Purpose::kTeardown) return Done();
  bool keepalive = p.purpose == Purpose::kKeepalive;
  std::string target = config_.url.ToRequestUri();
  if (!auth_.has_credentials()) {
    if (keepalive) return Warn({}, "keep-alive answered 401 and no credentials are configured");
    return Fail(Unauthenticated("the camera at " + target + " requires a user name and password; " +
                                "add them with `custos camera add ... --user NAME --password SECRET`"));
  }
  if (p.auth_retried) {
    if (keepalive) return Warn({}, "keep-alive rejected with 401 even after re-authenticating");
    return Fail(Unauthenticated("the camera at " + target + " rejected the user name/password (" + p.method +
                                " answered 401 twice; it offered " + DescribeChallenges(r) +
                                "); fix them with `custos camera add ... --password`"));
  }
  // Re-read the challenge whatever `stale` says: Axis re-challenges keep-alives with a new nonce.
  Status s = auth_.OnChallenge(r.headers.GetAll("WWW-Authenticate"));
  if (!s.ok()) {
    if (keepalive) return Warn({}, s.message());
    return Fail(s.With(p.method + " " + target));
  }
  return Send(p.purpose, std::move(p.method), std::move(p.uri), std::move(p.extra), /*auth_retried=*/true);
}

Step RtspSessionState::OnRedirect(const Pending& p, const RtspResponse& r) {
  std::string location = HeaderOr(r, "Location");
  auto url = ParseRtspUrl(location);
  if (!url) {
    return Fail(Unavailable(p.method + " " + request_uri_ + " redirected (" + std::to_string(r.status_code) +
                            ") to an unusable location '" + StripUserinfo(location) + "'"));
  }
  Step s;
  s.kind = Step::Kind::kRedirect;
  s.url = std::string(rtsp_text::Trim(location));
  return s;
}

Step RtspSessionState::OnOptions(const RtspResponse& r) {
  // Some cameras reject OPTIONS outright; DESCRIBE will say what is really wrong.
  if (r.ok()) {
    public_methods_ = HeaderOr(r, "Public");
    if (PublicListsMethod(public_methods_, "GET_PARAMETER")) keepalive_method_ = "GET_PARAMETER";
  }
  RtspHeaders extra;
  extra.Add(kHeaderAccept, "application/sdp");
  Step s = Send(Purpose::kDescribe, "DESCRIBE", request_uri_, std::move(extra));
  if (!r.ok()) s.warning = "camera answered OPTIONS with " + std::to_string(r.status_code) + "; continuing";
  return s;
}

Step RtspSessionState::OnDescribe(const Pending& p, const RtspResponse& r) {
  if (!r.ok()) return Fail(StatusFromRtspResponse(r, "DESCRIBE", request_uri_));
  // Parse the body as SDP whatever Content-Type says (some cameras omit it).
  auto sdp = ParseSdp(r.body);
  if (!sdp) return Fail(DataLoss("the camera's SDP is unusable: " + sdp.error().message()));
  auto video = PickVideoStream(*sdp);
  if (!video) return Fail(video.error().With("DESCRIBE " + request_uri_));
  std::string base = ChooseBaseUrl(HeaderOr(r, "Content-Base"), HeaderOr(r, "Content-Location"), p.uri);
  info_.codec = video->codec;
  info_.payload_type = video->payload_type;
  info_.clock_rate_hz = video->clock_rate_hz;
  info_.control_url = ResolveControlUrl(base, video->control);
  info_.parameter_sets = std::move(video->parameter_sets);
  info_.parameter_set_note = video->parameter_set_note;
  info_.sdp = r.body;
  info_.tool = sdp->tool;
  info_.server = HeaderOr(r, "Server");
  info_.live555_stale_session_bug = IsLive555WithStaleSessionBug(sdp->tool);
  aggregate_url_ = ResolveControlUrl(base, sdp->control);
  setup_fallback_url_ = ResolveControlUrlRfc3986(base, video->control);
  Step s = SendSetup();
  if (video->ignored_media > 0) {
    s.warning = "recording video only; ignoring " + std::to_string(video->ignored_media) + " other media section(s)";
  }
  return s;
}

Step RtspSessionState::SendSetup() {
  RtspHeaders extra;
  if (config_.tcp) {
    extra.Add(kHeaderTransport, "RTP/AVP/TCP;unicast;interleaved=0-1");
  } else {
    int port = config_.client_rtp_port;
    extra.Add(kHeaderTransport, "RTP/AVP;unicast;client_port=" + std::to_string(port) + "-" + std::to_string(port + 1));
  }
  return Send(Purpose::kSetup, "SETUP", info_.control_url, std::move(extra));
}

void RtspSessionState::ApplyTransport(const RtspResponse& r) {
  info_.tcp = config_.tcp;
  info_.rtp_channel = 0;
  info_.rtcp_channel = 1;
  const std::string* value = r.headers.Get(kHeaderTransport);
  if (value == nullptr) return;  // assume what we asked for
  auto t = ParseTransportHeader(*value);
  if (!t) return;
  if (t->interleaved) {  // the server's channels win, and interleaved= implies TCP
    info_.tcp = true;
    info_.rtp_channel = t->interleaved->first;
    info_.rtcp_channel = t->interleaved->second;
  }
  if (t->server_port) {
    info_.server_rtp_port = t->server_port->first;
    info_.server_rtcp_port = t->server_port->second;
  }
  if (t->ssrc) info_.ssrc_hint = t->ssrc;
}

Step RtspSessionState::OnSetup(const Pending& p, const RtspResponse& r) {
  if (r.status_code == 404 && !setup_fallback_url_.empty() && setup_fallback_url_ != p.uri) {
    info_.control_url = std::exchange(setup_fallback_url_, "");
    return Warn(SendSetup(), "SETUP " + p.uri + " answered 404; retrying with RFC 3986 resolution");
  }
  if (!r.ok()) {
    Status s = StatusFromRtspResponse(r, "SETUP", p.uri);
    if (r.status_code == 461 && !config_.tcp) s = s.With("use TCP transport for this camera");
    return Fail(s);
  }
  std::string warning;
  if (const std::string* v = r.headers.Get(kHeaderSession)) {
    if (auto session = ParseSessionHeader(*v)) {
      if (info_.session_id.empty()) {
        info_.session_id = session->id;
        info_.session_timeout_seconds = session->timeout_seconds;
      }
    }
  } else {
    warning = "SETUP response carries no Session header";
  }
  ApplyTransport(r);
  if (!config_.tcp && info_.tcp) warning = "camera chose interleaved TCP although UDP was requested";
  Step s = Send(Purpose::kPlay, "PLAY", aggregate_url_, [] {
    RtspHeaders h;
    h.Add(kHeaderRange, "npt=0.000-");
    return h;
  }());
  s.warning = std::move(warning);
  return s;
}

Step RtspSessionState::OnPlay(const RtspResponse& r) {
  if (!r.ok()) return Fail(StatusFromRtspResponse(r, "PLAY", aggregate_url_));
  if (const std::string* v = r.headers.Get("RTP-Info")) {
    std::vector<RtpInfoEntry> entries = ParseRtpInfoHeader(*v);
    // With a single stream any URL is ours (GW4089IP sends a mismatching one).
    const RtpInfoEntry* mine = entries.size() == 1 ? &entries[0] : nullptr;
    for (const RtpInfoEntry& e : entries) {
      if (e.url == info_.control_url) mine = &e;
    }
    if (mine != nullptr) {
      if (mine->seq && *mine->seq > 1) info_.seq_hint = mine->seq;  // 0 and 1 are bogus
      if (mine->rtptime && *mine->rtptime != 0) info_.rtptime_hint = mine->rtptime;
      if (mine->ssrc && !info_.ssrc_hint) info_.ssrc_hint = mine->ssrc;
    }
  }
  playing_ = true;
  Step s;
  s.kind = Step::Kind::kPlaying;
  return s;
}

Step RtspSessionState::OnKeepalive(const Pending& p, const RtspResponse& r) {
  if (r.ok() || p.method == "OPTIONS") {
    return r.ok() ? Step{} : Warn({}, "keep-alive OPTIONS answered " + std::to_string(r.status_code));
  }
  keepalive_method_ = "OPTIONS";
  return Warn({}, "keep-alive " + p.method + " answered " + std::to_string(r.status_code) +
                      "; using OPTIONS from now on");
}

Step RtspSessionState::Keepalive() {
  if (pending_) return {};
  return Send(Purpose::kKeepalive, keepalive_method_, aggregate_url_, {});
}

Step RtspSessionState::Teardown() {
  if (info_.session_id.empty()) return Done();
  return Send(Purpose::kTeardown, "TEARDOWN", aggregate_url_, {});
}

std::string RtspSessionState::AnswerServerRequest(const RtspRequest& request) const {
  RtspResponse resp;
  bool supported = request.method == "OPTIONS" || request.method == "GET_PARAMETER";
  resp.status_code = supported ? 200 : 501;
  if (const std::string* cseq = request.headers.Get(kHeaderCSeq)) resp.headers.Add(kHeaderCSeq, *cseq);
  if (!info_.session_id.empty()) resp.headers.Add(kHeaderSession, info_.session_id);
  resp.headers.Add("Server", config_.user_agent);
  if (request.method == "OPTIONS") resp.headers.Add("Public", "OPTIONS, GET_PARAMETER");
  return SerializeResponse(resp);
}

}  // namespace custos
