// live_session.h: one live-view WebSocket (GET /api/v1/cameras/{id}/live), after the
// connection has routed, authorised and subscribed it (internal to connection.cc).
//
// It accepts the upgrade, then writes the subscription's messages one at a time: JSON
// headers as text messages, init and media segments as binary messages. The camera's
// loop wakes it by posting to this loop when its queue becomes non-empty; the queue is
// bounded on the camera side (ingest/live_feed.h), so a slow client skips ahead instead of
// growing memory here. Incoming messages are read and discarded (the client only closes).
// Thread-safety: lives on the API's event loop for its whole life. A template over the
// connection's stream (PlainStream or TlsStream, instantiated in live_session.cc): WSS is
// the same code over a TLS stream. Its end (why, first reason wins) is reported once to
// the server's LiveViewAudit (live_audit.h) as live_stop.
//
// Permission is checked again every kLiveRecheckInterval on a worker (the session, the
// user's roles and assignments re-read, Authorize() again): a viewer who is disabled,
// logged out or no longer assigned the camera loses the view ("permission lost").
#pragma once

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "api/connection.h"
#include "ingest/live_feed.h"

namespace custos::api {

// Whether the viewer may still watch, decided on a worker with its catalog: Ok, or the
// refusal (Unauthenticated, PermissionDenied) that ends the view; any other error is a
// failure to check, and the view goes on until the next check.
using LiveRecheck = std::function<Status(Catalog&)>;
inline constexpr std::chrono::seconds kLiveRecheckInterval{3};

template <class Stream>
class LiveSession : public std::enable_shared_from_this<LiveSession<Stream>> {
 public:
  // `view_id`: the view's id in shared.live_audit (LiveViewAudit::Begin).
  // `recheck` may be empty (then the permission is not checked again).
  LiveSession(Stream stream, ServerShared& shared, std::string camera_id, uint64_t view_id, LiveRecheck recheck);
  ~LiveSession();

  // What the camera's loop calls when the queue becomes non-empty: posts OnWake here.
  std::function<void()> Waker();
  // Accepts the upgrade request and starts writing what `subscription` delivers.
  void Start(std::unique_ptr<LiveSubscription> subscription,
             boost::beast::http::request<boost::beast::http::string_body> request);
  // Answers the upgrade request with an HTTP error instead (the subscription failed).
  void Reject(const Status& status, unsigned http_version);

 private:
  void OnWake();
  void WriteNext();
  void ReadLoop();
  void Finish(const std::string& why);
  void ScheduleRecheck();
  void Recheck();
  void OnRechecked(const Status& status);
  // Reports the view's end (the first call counts).
  void Ended(const std::string& why);

  boost::beast::websocket::stream<Stream> ws_;
  ServerShared& shared_;
  std::string camera_id_;
  std::unique_ptr<LiveSubscription> subscription_;
  boost::beast::flat_buffer read_buffer_;
  std::shared_ptr<const Bytes> writing_;  // the message being written; null when idle
  bool open_ = false;                     // accepted and not yet failed or closed
  uint64_t sent_messages_ = 0;
  const uint64_t view_id_;
  const LiveRecheck recheck_;
  boost::asio::steady_timer recheck_timer_;
};

extern template class LiveSession<PlainStream>;
extern template class LiveSession<TlsStream>;

}  // namespace custos::api
