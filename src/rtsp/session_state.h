// session_state.h: RtspSessionState, the RTSP client protocol logic without any I/O.
//
// One instance per TCP connection. It builds requests (canonical header names, CSeq,
// User-Agent, Session, Authorization), reads responses and decides the next step:
// OPTIONS -> DESCRIBE -> SETUP (video track only) -> PLAY -> playing, with keep-alives,
// server-request answers and TEARDOWN. RtspClient (client.h) performs the I/O that
// each Step asks for; tests drive this class with scripted responses.
//
// Rules it implements (RTSP-QUIRKS.md §2/§3/§9): one request outstanding, a CSeq
// mismatch accepted when exactly one request is pending; 401 answered by re-reading the
// challenge and retrying that request exactly once (a second 401 is fatal before PLAY and
// only logged for keep-alives); 301/302 on OPTIONS/DESCRIBE become a redirect step; a
// 404 on SETUP is retried once with RFC 3986 control resolution; the first Session id is
// kept; GET_PARAMETER keep-alive when Public lists it, else OPTIONS, falling back to
// OPTIONS when it fails.
// Thread-safety: none; one owner.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "rtsp/auth.h"
#include "rtsp/message.h"
#include "rtsp/stream_info.h"
#include "rtsp/url.h"

namespace custos {

struct RtspSessionConfig {
  RtspUrl url;  // the target; its userinfo is ignored (credentials come below)
  std::string user, password;
  bool tcp = true;
  int client_rtp_port = 0;  // UDP only: the even port bound for RTP
  std::string user_agent = std::string(kDefaultUserAgent);
};

class RtspSessionState {
 public:
  struct Step {
    enum class Kind { kNone, kSend, kRedirect, kPlaying, kFail, kDone };
    Kind kind = Kind::kNone;
    std::string bytes;    // kSend: the serialised request
    std::string url;      // kRedirect: the new target, credentials included if Location had them
    Status status;        // kFail
    std::string warning;  // something to log once (any kind)
  };

  explicit RtspSessionState(RtspSessionConfig config);

  // The first request (OPTIONS).
  Step Begin();
  // Handles a response to the outstanding request.
  Step OnResponse(const RtspResponse& response);
  // The serialised answer to a request the server sent us (never fatal).
  std::string AnswerServerRequest(const RtspRequest& request) const;
  // A keep-alive request, or kNone while another request is outstanding.
  Step Keepalive();
  // A TEARDOWN request, or kDone when there is no session to tear down.
  Step Teardown();

  bool request_pending() const { return pending_.has_value(); }
  // The outstanding request's method, "" if none.
  std::string_view pending_method() const { return pending_ ? std::string_view(pending_->method) : ""; }
  bool keepalive_pending() const { return pending_ && pending_->purpose == Purpose::kKeepalive; }
  // Forgets the outstanding request (a keep-alive that got no answer); a late answer is
  // then ignored as unexpected.
  void AbandonPending() { pending_.reset(); }
  bool playing() const { return playing_; }
  // Valid from kPlaying on; parts are filled as DESCRIBE/SETUP/PLAY succeed.
  const RtspStreamInfo& stream_info() const { return info_; }
  // Half the session timeout, at least 1 s.
  int keepalive_interval_ms() const;
  uint64_t cseq_mismatches() const { return cseq_mismatches_; }
  uint64_t unexpected_responses() const { return unexpected_responses_; }

 private:
  enum class Purpose { kOptions, kDescribe, kSetup, kPlay, kKeepalive, kTeardown };
  struct Pending {
    Purpose purpose;
    std::string method;
    std::string uri;
    RtspHeaders extra;
    uint32_t cseq = 0;
    bool auth_retried = false;
  };

  Step Send(Purpose purpose, std::string method, std::string uri, RtspHeaders extra,
            bool auth_retried = false);
  Step OnUnauthorized(Pending p, const RtspResponse& r);
  Step OnRedirect(const Pending& p, const RtspResponse& r);
  Step OnOptions(const RtspResponse& r);
  Step OnDescribe(const Pending& p, const RtspResponse& r);
  Step SendSetup();
  Step OnSetup(const Pending& p, const RtspResponse& r);
  Step OnPlay(const RtspResponse& r);
  Step OnKeepalive(const Pending& p, const RtspResponse& r);
  Step Fail(Status s);
  void ApplyTransport(const RtspResponse& r);

  RtspSessionConfig config_;
  std::string request_uri_;  // config_.url without credentials
  RtspAuthenticator auth_;
  uint32_t next_cseq_ = 1;
  std::optional<Pending> pending_;
  std::string public_methods_;
  std::string keepalive_method_ = "OPTIONS";
  std::string aggregate_url_;   // PLAY/keep-alive/TEARDOWN target
  std::string setup_fallback_url_;  // RFC 3986 resolution, tried once after a 404
  RtspStreamInfo info_;
  bool playing_ = false;
  bool warned_cseq_ = false;
  uint64_t cseq_mismatches_ = 0;
  uint64_t unexpected_responses_ = 0;
};

// Maps a failed RTSP response to a Status with a message a user can act on.
Status StatusFromRtspResponse(const RtspResponse& r, std::string_view method, std::string_view url);

}  // namespace custos
