// connection.h: one HTTP/1.1 connection of the API server (internal to api_server.cc).
//
// Lives on the server's event loop for its whole life; workers reach it only by posting
// to its executor. Requests are served one at a time (no pipelining); keep-alive is
// honoured. Thread-safety: loop thread only, except what it posts.
//
// One code path for HTTP and HTTPS: the class is a template over its stream, instantiated
// (in connection.cc) for PlainStream and TlsStream only. A TlsStream arrives here after its
// handshake (tls_handshake.h); the only difference left is how the connection closes.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <span>

#include "api/authorize.h"
#include "api/handler.h"
#include "api/live_audit.h"
#include "api/route.h"
#include "api/worker_pool.h"

namespace custos::api {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

// What every connection of a server shares (owned by the server).
struct ServerShared {
  WorkerPool* pool = nullptr;
  ApiEnv* env = nullptr;
  std::span<const RouteSpec> routes;
  std::atomic<int> connections{0};
  boost::asio::ssl::context* tls = nullptr;  // set: every connection is TLS
  LiveViewAudit* live_audit = nullptr;       // live_stop of every live view (thread-safe)
};

// Runs a route's handler, turning an escaped exception into Internal.
Result<Reply> RunHandler(const RouteSpec& route, HandlerContext& ctx);

template <class Stream>
class Connection : public std::enable_shared_from_this<Connection<Stream>> {
 public:
  // `buffer` holds bytes already read from the stream (none for a plain connection).
  Connection(Stream stream, ServerShared& shared, boost::beast::flat_buffer buffer = {});
  ~Connection();
  void Start() { ReadRequest(); }

 private:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  void ReadRequest();
  void OnRequest();
  static Result<bool> WantsH264(const std::map<std::string, std::string>& query);
  // `view`: who watches which camera (its live_start is audited; its live_stop follows).
  // `recheck`: whether they still may, asked again while the view runs (live_session.h).
  void UpgradeToLive(LiveViewAudit::View view, bool h264, bool masked, std::function<Status(Catalog&)> recheck);
  void Dispatch(const RouteSpec& route, Request request, Principal principal, RequestContext context);
  Result<Reply> AuthorizeAndRun(const RouteSpec& route, const Request& request, Principal& principal,
                                const RequestContext& context, Catalog& catalog, bool& upgrade);
  void OnHandled(Result<Reply> reply);
  void SendError(const Status& status, Headers headers = {});
  void SendReply(Reply reply);
  void StartStream(const Reply& reply);
  // Streaming an export: one chunk is read on a worker while the previous one is written
  // (read-ahead), so the disk and the socket work at the same time.
  void StreamPump();
  void ReadAhead();
  void WriteReadyChunk();
  void StartChunked(Reply reply);
  void ChunkedNext();
  void OnPiece(Result<std::optional<Bytes>> piece);
  void AfterResponse();
  void Close();

  Stream stream_;
  ServerShared& shared_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  boost::asio::steady_timer retry_timer_;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool head_ = false;
  std::string log_line_;  // "GET /api/v1/cameras" for the log
  std::optional<StreamedBody> streaming_;
  std::optional<ChunkedBody> chunked_;
  uint64_t next_offset_ = 0;   // streaming: bytes written so far (absolute offset)
  uint64_t read_offset_ = 0;   // streaming: the next byte to read
  bool reading_ = false;       // streaming: a chunk read is on a worker
  bool writing_ = false;       // streaming: chunk_ is being written
  std::optional<Result<Bytes>> ready_;  // streaming: read, waiting for the write before it
  std::shared_ptr<Bytes> chunk_;
  bool closing_ = false;
};

extern template class Connection<PlainStream>;
extern template class Connection<TlsStream>;

}  // namespace custos::api
