// connection.h: one HTTP/1.1 connection of the API server (internal to api_server.cc).
//
// Lives on the server's event loop for its whole life; workers reach it only by posting
// to its executor. Requests are served one at a time (no pipelining); keep-alive is
// honoured. Thread-safety: loop thread only, except what it posts.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <span>

#include "api/authorize.h"
#include "api/handler.h"
#include "api/route.h"
#include "api/worker_pool.h"

namespace custos::api {

// What every connection of a server shares (owned by the server).
struct ServerShared {
  WorkerPool* pool = nullptr;
  ApiEnv* env = nullptr;
  std::span<const RouteSpec> routes;
  std::atomic<int> connections{0};
};

// Runs a route's handler, turning an escaped exception into Internal.
Result<Reply> RunHandler(const RouteSpec& route, HandlerContext& ctx);

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(boost::asio::ip::tcp::socket socket, ServerShared& shared);
  ~Connection();
  void Start() { ReadRequest(); }

 private:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  void ReadRequest();
  void OnRequest();
  void UpgradeToLive(const std::string& camera_id);
  void Dispatch(const RouteSpec& route, Request request, Principal principal, RequestContext context);
  Result<Reply> AuthorizeAndRun(const RouteSpec& route, const Request& request, Principal& principal,
                                const RequestContext& context, Catalog& catalog, bool& upgrade);
  void OnHandled(Result<Reply> reply);
  void SendError(const Status& status, Headers headers = {});
  void SendReply(Reply reply);
  void StartStream(const Reply& reply);
  void StreamNext();
  void OnChunk(Result<Bytes> chunk);
  void AfterResponse();
  void Close();

  boost::beast::tcp_stream stream_;
  ServerShared& shared_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  boost::asio::steady_timer retry_timer_;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool head_ = false;
  std::string log_line_;  // "GET /api/v1/cameras" for the log
  std::optional<StreamedBody> streaming_;
  uint64_t next_offset_ = 0;
  std::shared_ptr<Bytes> chunk_;
};

}  // namespace custos::api
