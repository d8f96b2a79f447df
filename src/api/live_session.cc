#include "api/live_session.h"

#include <boost/asio/post.hpp>
#include <boost/beast/ssl.hpp>

#include "api/http_error.h"
#include "base/log.h"

namespace custos::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

template <class Stream>
LiveSession<Stream>::LiveSession(Stream stream, ServerShared& shared, std::string camera_id, uint64_t view_id,
                                 LiveRecheck recheck)
    : ws_(std::move(stream)),
      shared_(shared),
      camera_id_(std::move(camera_id)),
      view_id_(view_id),
      recheck_(std::move(recheck)),
      recheck_timer_(ws_.get_executor()) {
  ++shared_.connections;
}

template <class Stream>
LiveSession<Stream>::~LiveSession() {
  --shared_.connections;
  Ended("the connection ended");  // a no-op if a reason was reported before
  if (subscription_) {
    const LiveQueueStats st = subscription_->queue().stats();
    spdlog::debug("api: live {} ended: {} messages sent, {} skips, {} frames skipped", camera_id_, sent_messages_,
                  st.skips, st.frames_skipped);
  }
}

template <class Stream>
std::function<void()> LiveSession<Stream>::Waker() {
  // Runs on the camera's loop: only posts. The weak pointer lets the session go while a
  // wake is in flight.
  return [ex = ws_.get_executor(), weak = this->weak_from_this()] {
    asio::post(ex, [weak] {
      if (auto self = weak.lock()) self->OnWake();
    });
  };
}

template <class Stream>
void LiveSession<Stream>::Start(std::unique_ptr<LiveSubscription> subscription,
                        beast::http::request<beast::http::string_body> request) {
  subscription_ = std::move(subscription);
  beast::get_lowest_layer(ws_).expires_never();  // the websocket stream has its own timeouts
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "Custos"); }));
  ws_.read_message_max(4096);  // the client has nothing to say but close and pong
  auto req = std::make_shared<beast::http::request<beast::http::string_body>>(std::move(request));
  ws_.async_accept(*req, [self = this->shared_from_this(), req](beast::error_code ec) {
    if (ec) return self->Finish("upgrade failed");
    self->open_ = true;
    spdlog::debug("api: live {} started", self->camera_id_);
    self->ReadLoop();
    self->OnWake();  // what arrived during the handshake
    self->ScheduleRecheck();
  });
}

template <class Stream>
void LiveSession<Stream>::ScheduleRecheck() {
  if (!recheck_ || !open_) return;
  recheck_timer_.expires_after(kLiveRecheckInterval);
  // A weak pointer: a pending check does not keep a finished session alive.
  recheck_timer_.async_wait([weak = this->weak_from_this()](beast::error_code ec) {
    auto self = weak.lock();
    if (!ec && self) self->Recheck();
  });
}

template <class Stream>
void LiveSession<Stream>::Recheck() {
  if (!open_) return;
  auto task = [weak = this->weak_from_this(), check = recheck_, ex = ws_.get_executor()](Catalog& catalog) {
    Status status = check(catalog);
    asio::post(ex, [weak, status = std::move(status)] {
      if (auto self = weak.lock()) self->OnRechecked(status);
    });
  };
  if (!shared_.pool->TrySubmit(std::move(task))) ScheduleRecheck();  // busy: the next round checks
}

template <class Stream>
void LiveSession<Stream>::OnRechecked(const Status& status) {
  if (!open_) return;
  if (status.code() == StatusCode::kUnauthenticated || status.code() == StatusCode::kPermissionDenied) {
    return Finish("permission lost: " + status.message());
  }
  if (!status.ok()) spdlog::warn("api: live {}: permission not checked: {}", camera_id_, status.ToString());
  ScheduleRecheck();
}

template <class Stream>
void LiveSession<Stream>::Reject(const Status& status, unsigned http_version) {
  namespace http = beast::http;
  const int code = HttpStatusFor(status.code());
  spdlog::debug("api: live {} -> {}: {}", camera_id_, code, status.ToString());
  Ended("not started: " + status.message());
  auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(code), http_version);
  res->set(http::field::server, "Custos");
  res->set(http::field::content_type, "application/json");
  res->set(http::field::cache_control, "no-store");
  res->keep_alive(false);
  res->body() = ErrorBody(status);
  res->prepare_payload();
  beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
  http::async_write(ws_.next_layer(), *res, [self = this->shared_from_this(), res](beast::error_code, size_t) {
    beast::error_code ec;
    beast::get_lowest_layer(self->ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  });
}

template <class Stream>
void LiveSession<Stream>::ReadLoop() {
  ws_.async_read(read_buffer_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
    if (ec) return self->Finish("closed by the client");
    self->read_buffer_.clear();
    self->ReadLoop();
  });
}

template <class Stream>
void LiveSession<Stream>::OnWake() {
  if (open_ && !writing_) WriteNext();
}

template <class Stream>
void LiveSession<Stream>::WriteNext() {
  std::optional<LiveMessage> m = subscription_->queue().Pop();
  if (!m) {
    writing_.reset();
    return;
  }
  if (m->kind == LiveMessage::Kind::kEnd) {
    open_ = false;
    Ended("the camera's stream ended (camera stopped or removed, privacy zones changed, or Custos stopping)");
    ws_.async_close(websocket::close_reason(websocket::close_code::going_away, "the camera stopped"),
                    [self = this->shared_from_this()](beast::error_code) { self->subscription_.reset(); });
    return;
  }
  writing_ = m->data;
  ws_.text(m->kind == LiveMessage::Kind::kHeader);
  ws_.async_write(asio::buffer(*writing_), [self = this->shared_from_this()](beast::error_code ec, size_t) {
    if (ec) return self->Finish("write failed");
    ++self->sent_messages_;
    self->WriteNext();
  });
}

template <class Stream>
void LiveSession<Stream>::Finish(const std::string& why) {
  if (!open_ && !subscription_) return;
  spdlog::debug("api: live {}: {}", camera_id_, why);
  Ended(why);
  open_ = false;
  recheck_timer_.cancel();
  // Unsubscribing here (not only at destruction) stops the camera's work at once even if
  // an operation still holds the session.
  if (subscription_) subscription_->queue().Close();
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
}

template <class Stream>
void LiveSession<Stream>::Ended(const std::string& why) {
  shared_.live_audit->End(view_id_, why);
}

template class LiveSession<PlainStream>;
template class LiveSession<TlsStream>;

}  // namespace custos::api
