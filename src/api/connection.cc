#include "api/connection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <exception>

#include "api/audit_util.h"
#include "api/authorize.h"
#include "api/export_reader.h"
#include "api/handlers.h"
#include "api/http_error.h"
#include "api/live_session.h"
#include "api/request_util.h"
#include "api/router.h"
#include "api/sessions.h"
#include "base/log.h"

namespace custos::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr auto kReadTimeout = std::chrono::seconds(30);
constexpr auto kWriteTimeout = std::chrono::seconds(60);
constexpr auto kQueueRetry = std::chrono::milliseconds(20);
constexpr uint64_t kBodyLimitBytes = 16 * 1024;
constexpr uint32_t kHeaderLimitBytes = 16 * 1024;

// Boost 1.74's string_view is not std::string_view.
std::string_view Sv(beast::string_view s) { return {s.data(), s.size()}; }

template <class Body>
void SetCommonHeaders(http::response<Body>& res, const std::string& content_type,
                      const std::vector<std::pair<std::string, std::string>>& headers) {
  res.set(http::field::server, "Custos");
  res.set("X-Content-Type-Options", "nosniff");
  if (!content_type.empty()) res.set(http::field::content_type, content_type);
  bool cache_set = false;
  for (const auto& [name, value] : headers) {
    // Set-Cookie may repeat; the others are set once.
    if (beast::iequals(name, "Set-Cookie")) {
      res.insert(name, value);
    } else {
      res.set(name, value);
    }
    cache_set = cache_set || beast::iequals(name, "Cache-Control");
  }
  if (!cache_set) res.set(http::field::cache_control, "no-store");
}

}  // namespace

// Runs a handler, turning an escaped exception (nlohmann, std) into Internal: exceptions
// never cross into the worker loop.
Result<Reply> RunHandler(const RouteSpec& route, HandlerContext& ctx) {
  try {
    return route.handler(ctx);
  } catch (const std::exception& e) {
    return Err(Internal(std::string("handler threw: ") + e.what()));
  }
}

template <class Stream>
Connection<Stream>::Connection(Stream stream, ServerShared& shared, beast::flat_buffer buffer)
    : stream_(std::move(stream)), shared_(shared), buffer_(std::move(buffer)), retry_timer_(stream_.get_executor()) {
  ++shared_.connections;
}

template <class Stream>
Connection<Stream>::~Connection() {
  --shared_.connections;
}

template <class Stream>
void Connection<Stream>::ReadRequest() {
  parser_.emplace();
  parser_->body_limit(kBodyLimitBytes);
  parser_->header_limit(kHeaderLimitBytes);
  beast::get_lowest_layer(stream_).expires_after(kReadTimeout);
  http::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
    if (!ec) return self->OnRequest();
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
      return self->Close();
    }
    self->keep_alive_ = false;
    self->head_ = false;
    self->SendError(InvalidArgument("malformed or oversized HTTP request: " + ec.message()));
  });
}

template <class Stream>
void Connection<Stream>::OnRequest() {
  const auto& req = parser_->get();
  version_ = req.version();
  keep_alive_ = req.keep_alive();
  head_ = req.method() == http::verb::head;
  const std::string_view method = Sv(req.method_string());
  log_line_ = std::string(method) + " " + std::string(Sv(req.target()));
  auto target = ParseTarget(Sv(req.target()));
  if (!target) return SendError(target.error());
  RouteMatch match = MatchRoute(shared_.routes, method, target->path);
  if (match.kind == RouteMatch::kNotFound) return SendError(NotFound("no route for " + target->path));
  if (match.kind == RouteMatch::kMethodNotAllowed) {
    Reply r;
    r.status = 405;
    r.body = ErrorBody("method_not_allowed", "this path accepts " + match.allowed);
    r.headers.emplace_back("Allow", match.allowed);
    return SendReply(std::move(r));
  }
  const std::string cookie = CookieValue(Sv(req[http::field::cookie]), kSessionCookie);
  Principal principal = shared_.env->sessions->Lookup(cookie).value_or(Principal{});
  RequestContext context = MakeRequestContext(*ParseMethod(method), std::string(Sv(req[kCsrfHeader])), *match.route,
                                              match.params, target->query, shared_.env->clock->Now(), req.body());
  context.resource_owner = ExportJobOwner(*shared_.env, *match.route, match.params);
  beast::error_code ec;
  const auto peer = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
  Request request{std::string(method), std::move(target->path), std::move(match.params), std::move(target->query),
                  req.method() == http::verb::get ? std::string(Sv(req[http::field::range])) : "", req.body(),
                  ec ? "" : peer.address().to_string()};
  Dispatch(*match.route, std::move(request), std::move(principal), std::move(context));
}

// ?codec=h264 asks for H.264 (the browser cannot play H.265). An H.264 camera is served as
// is; an H.265 camera through its shared live transcoder (ingest/live_transcoder.h).
template <class Stream>
Result<bool> Connection<Stream>::WantsH264(const std::map<std::string, std::string>& query) {
  auto it = query.find("codec");
  if (it == query.end()) return false;
  if (it->second != "h264") return Err(InvalidArgument("codec must be h264 (or left out to get the camera's own codec)"));
  return true;
}

template <class Stream>
void Connection<Stream>::UpgradeToLive(LiveViewAudit::View view, bool h264, bool masked,
                                       std::function<Status(Catalog&)> recheck) {
  auto& req = parser_->get();
  const std::string camera_id = view.camera_id;
  // Its live_start is audited: from here every way out ends the view, exactly once.
  const uint64_t view_id = shared_.live_audit->Begin(std::move(view));
  auto refuse = [&](const Status& why) {
    shared_.live_audit->End(view_id, "not started: " + why.message());
    SendError(why);
  };
  // Browsers send the cookie with a cross-site WebSocket only if SameSite allows it (it
  // does not: Strict); a mismatched Origin is refused anyway, as defence in depth.
  const std::string_view origin = Sv(req[http::field::origin]);
  if (!origin.empty()) {
    const auto scheme_end = origin.find("://");
    const std::string_view origin_host = scheme_end == std::string_view::npos ? origin : origin.substr(scheme_end + 3);
    if (origin_host != Sv(req[http::field::host])) {
      keep_alive_ = false;
      return refuse(PermissionDenied("the Origin of this WebSocket is not this server"));
    }
  }
  if (!beast::websocket::is_upgrade(req)) {
    return refuse(InvalidArgument("this is a WebSocket endpoint: send Connection: Upgrade, Upgrade: websocket"));
  }
  if (!shared_.env->live_subscribe) return refuse(Unavailable("live view needs the recorder, which is not running"));
  auto session = std::make_shared<LiveSession<Stream>>(std::move(stream_), shared_, camera_id, view_id,
                                                       std::move(recheck));
  auto subscription = shared_.env->live_subscribe(camera_id, session->Waker(), h264, masked);
  if (!subscription) {
    // The stream now belongs to the session: it answers the error (404: not recording).
    return session->Reject(subscription.error(), version_);
  }
  session->Start(std::move(*subscription), parser_->release());
}

namespace {

// The live view's permission asked again: the session (a logout or expiry ends it), the
// user's roles and assignments from the catalog, and the route's Authorize() now.
LiveRecheck LiveRecheckFor(ApiEnv& env, const RouteSpec& route, std::string session_id, RequestContext context) {
  return [&env, &route, session_id = std::move(session_id), context = std::move(context)](Catalog& catalog) {
    Principal principal = env.sessions->Lookup(session_id).value_or(Principal{});
    auto resolved = ResolvePrincipal(catalog, *env.clock, std::move(principal));
    if (!resolved) return resolved.error();
    RequestContext now = context;
    now.now = env.clock->Now();
    const Decision decision = Authorize(*resolved, route, now);
    return decision.allowed ? Status::Ok() : decision.reason;
  };
}

}  // namespace

// On a worker: the principal's roles, assignments and grants are read from this worker's
// catalog, then the one Authorize() decides; refusals and accesses are audited before
// anything is served.
template <class Stream>
Result<Reply> Connection<Stream>::AuthorizeAndRun(const RouteSpec& route, const Request& request, Principal& principal,
                                                  const RequestContext& context, Catalog& catalog, bool& upgrade) {
  ApiEnv& env = *shared_.env;
  auto resolved = ResolvePrincipal(catalog, *env.clock, std::move(principal));
  if (!resolved) return Err(resolved.error());
  principal = std::move(*resolved);
  const Decision decision = Authorize(principal, route, context);
  if (!decision.allowed) {
    CUSTOS_RETURN_IF_ERROR(Report(env, RefusalEvent(principal, request, route, context, decision.reason)));
    return Err(decision.reason);
  }
  if (route.websocket) {
    // Checked before the access is reported: a refused parameter shows no video.
    Result<bool> h264 = WantsH264(request.query);
    if (!h264) return Err(h264.error());
  }
  if (auto event = AccessEvent(principal, request, route, context, decision)) {
    CUSTOS_RETURN_IF_ERROR(Report(env, *event));
  }
  if (route.websocket) {
    upgrade = true;
    return Reply{};
  }
  HandlerContext ctx{request, principal, catalog, env, decision.grant_request_id};
  return RunHandler(route, ctx);
}

template <class Stream>
void Connection<Stream>::Dispatch(const RouteSpec& route, Request request, Principal principal,
                                  RequestContext context) {
  auto task = [self = this->shared_from_this(), &route, request = std::move(request),
               principal = std::move(principal), context = std::move(context)](Catalog& catalog) mutable {
    bool upgrade = false;
    Result<Reply> reply = self->AuthorizeAndRun(route, request, principal, context, catalog, upgrade);
    const bool h264 = upgrade && WantsH264(request.query).value_or(false);
    // Masked unless ?unmasked=1 was asked for and the (now resolved) roles allow it.
    const bool masked = !(context.unmasked && Holds(principal, Permission::kViewUnmasked));
    LiveViewAudit::View view{principal.user, request.client, context.camera_id};
    LiveRecheck recheck;
    if (upgrade && reply) recheck = LiveRecheckFor(*self->shared_.env, route, principal.session_id, context);
    asio::post(self->stream_.get_executor(), [self, reply = std::move(reply), upgrade, h264, masked,
                                              view = std::move(view), recheck = std::move(recheck)]() mutable {
      if (upgrade && reply) return self->UpgradeToLive(std::move(view), h264, masked, std::move(recheck));
      self->OnHandled(std::move(reply));
    });
  };
  if (!shared_.pool->TrySubmit(std::move(task))) {
    SendError(ResourceExhausted("the server is busy; retry in a second"), {{"Retry-After", "1"}});
  }
}

template <class Stream>
void Connection<Stream>::OnHandled(Result<Reply> reply) {
  if (!reply) return SendError(reply.error());
  if (reply->stream) return StartStream(*reply);
  if (reply->chunked) return StartChunked(std::move(*reply));
  SendReply(std::move(*reply));
}

template <class Stream>
void Connection<Stream>::SendError(const Status& status, Headers headers) {
  const int code = HttpStatusFor(status.code());
  if (code >= 500) {
    spdlog::warn("api: {} -> {}: {}", log_line_, code, status.ToString());
  } else {
    spdlog::debug("api: {} -> {}: {}", log_line_, code, status.ToString());
  }
  Reply r;
  r.status = code;
  r.body = ErrorBody(status);
  r.headers = std::move(headers);
  SendReply(std::move(r));
}

template <class Stream>
void Connection<Stream>::SendReply(Reply reply) {
  auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(reply.status), version_);
  res->keep_alive(keep_alive_);
  SetCommonHeaders(*res, reply.content_type, reply.headers);
  if (reply.status != 204 && reply.status != 304) res->content_length(reply.body.size());
  // HEAD: the same headers, Content-Length included, and no body.
  if (!head_) res->body() = std::move(reply.body);
  beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
  http::async_write(stream_, *res, [self = this->shared_from_this(), res](beast::error_code ec, size_t) {
    if (ec) return self->Close();
    self->AfterResponse();
  });
}

template <class Stream>
void Connection<Stream>::StartStream(const Reply& reply) {
  auto res = std::make_shared<http::response<http::empty_body>>(static_cast<http::status>(reply.status), version_);
  res->keep_alive(keep_alive_);
  SetCommonHeaders(*res, reply.content_type, reply.headers);
  res->content_length(reply.stream->end - reply.stream->begin);
  streaming_ = *reply.stream;
  next_offset_ = read_offset_ = streaming_->begin;
  reading_ = writing_ = false;
  ready_.reset();
  spdlog::debug("api: {} -> {} ({} bytes)", log_line_, reply.status, streaming_->end - streaming_->begin);
  beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
  http::async_write(stream_, *res, [self = this->shared_from_this(), res](beast::error_code ec, size_t) {
    // end_of_stream only says that the connection is to close after this message: the
    // body is still to come.
    if (ec && ec != http::error::end_of_stream) return self->Close();
    if (self->head_) self->next_offset_ = self->read_offset_ = self->streaming_->end;
    self->StreamPump();
  });
}

template <class Stream>
void Connection<Stream>::StreamPump() {
  if (closing_) return;
  if (!writing_ && ready_) WriteReadyChunk();
  if (closing_) return;
  if (!reading_ && !ready_ && read_offset_ < streaming_->end) ReadAhead();
  if (!writing_ && !reading_ && !ready_ && next_offset_ >= streaming_->end) {
    streaming_.reset();
    chunk_.reset();
    AfterResponse();
  }
}

template <class Stream>
void Connection<Stream>::ReadAhead() {
  const uint64_t begin = read_offset_;
  const uint64_t end = std::min(streaming_->end, begin + kExportChunkBytes);
  auto task = [self = this->shared_from_this(), plan = streaming_->plan, begin, end](Catalog&) {
    Result<Bytes> chunk = ReadExportBytes(*plan, begin, end);
    asio::post(self->stream_.get_executor(), [self, chunk = std::move(chunk)]() mutable {
      self->reading_ = false;
      self->ready_ = std::move(chunk);
      self->StreamPump();
    });
  };
  if (shared_.pool->TrySubmit(std::move(task))) {
    reading_ = true;
    read_offset_ = end;
    return;
  }
  // The queue is full: the headers are out, so wait for room rather than fail.
  reading_ = true;  // the timer stands for the read: nothing else starts one
  retry_timer_.expires_after(kQueueRetry);
  retry_timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
    if (ec) return self->Close();
    self->reading_ = false;
    self->StreamPump();
  });
}

template <class Stream>
void Connection<Stream>::WriteReadyChunk() {
  Result<Bytes> chunk = std::move(*ready_);
  ready_.reset();
  if (!chunk) {
    // Too late for an error status: cut the connection so the client sees a short body.
    spdlog::warn("api: {}: export aborted at byte {}: {}", log_line_, next_offset_, chunk.error().ToString());
    return Close();
  }
  chunk_ = std::make_shared<Bytes>(std::move(*chunk));
  writing_ = true;
  beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
  asio::async_write(stream_, asio::buffer(*chunk_), [self = this->shared_from_this()](beast::error_code ec, size_t n) {
    self->writing_ = false;
    if (ec) return self->Close();
    self->next_offset_ += n;
    self->StreamPump();
  });
}

template <class Stream>
void Connection<Stream>::StartChunked(Reply reply) {
  auto res = std::make_shared<http::response<http::empty_body>>(static_cast<http::status>(reply.status), version_);
  res->keep_alive(keep_alive_);
  SetCommonHeaders(*res, reply.content_type, reply.headers);
  res->chunked(true);
  chunked_ = std::move(reply.chunked);
  spdlog::debug("api: {} -> {} (chunked)", log_line_, reply.status);
  auto sr = std::make_shared<http::response_serializer<http::empty_body>>(*res);
  beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
  http::async_write_header(stream_, *sr, [self = this->shared_from_this(), res, sr](beast::error_code ec, size_t) {
    if (ec && ec != http::error::end_of_stream) return self->Close();
    if (self->head_) {
      self->chunked_.reset();
      return self->AfterResponse();
    }
    self->ChunkedNext();
  });
}

template <class Stream>
void Connection<Stream>::ChunkedNext() {
  auto task = [self = this->shared_from_this(), next = chunked_->next](Catalog&) {
    Result<std::optional<Bytes>> piece = next();
    asio::post(self->stream_.get_executor(),
               [self, piece = std::move(piece)]() mutable { self->OnPiece(std::move(piece)); });
  };
  if (shared_.pool->TrySubmit(std::move(task))) return;
  retry_timer_.expires_after(kQueueRetry);  // the headers are out: wait for room
  retry_timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
    if (ec) return self->Close();
    self->ChunkedNext();
  });
}

template <class Stream>
void Connection<Stream>::OnPiece(Result<std::optional<Bytes>> piece) {
  if (!piece) {
    // Too late for an error status: cut the connection, so the body has no last chunk.
    spdlog::warn("api: {}: chunked body aborted: {}", log_line_, piece.error().ToString());
    return Close();
  }
  beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
  if (!*piece) {
    chunked_.reset();
    chunk_.reset();
    auto last = std::make_shared<http::chunk_last<http::chunk_crlf>>(http::make_chunk_last());
    asio::async_write(stream_, *last, [self = this->shared_from_this(), last](beast::error_code ec, size_t) {
      if (ec) return self->Close();
      self->AfterResponse();
    });
    return;
  }
  if ((*piece)->empty()) return ChunkedNext();  // an empty chunk would end the body
  chunk_ = std::make_shared<Bytes>(std::move(**piece));
  auto body = std::make_shared<http::chunk_body<asio::const_buffer>>(
      http::make_chunk(asio::const_buffer(chunk_->data(), chunk_->size())));
  asio::async_write(stream_, *body, [self = this->shared_from_this(), body](beast::error_code ec, size_t) {
    if (ec) return self->Close();
    self->ChunkedNext();
  });
}

template <class Stream>
void Connection<Stream>::AfterResponse() {
  if (!keep_alive_) return Close();
  ReadRequest();
}

template <class Stream>
void Connection<Stream>::Close() {
  if (closing_) return;
  closing_ = true;
  if constexpr (std::is_same_v<Stream, TlsStream>) {
    // Send close_notify, then wait (bounded) for the client's, so the client can tell a
    // complete reply from a cut one; the socket closes with the last reference.
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
      beast::error_code ec;
      beast::get_lowest_layer(self->stream_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    });
  } else {
    beast::error_code ec;
    // Half-close only: what was written still reaches the client; the socket closes when
    // the last reference to the connection goes.
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  }
}

template class Connection<PlainStream>;
template class Connection<TlsStream>;

}  // namespace custos::api
