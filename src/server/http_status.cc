#include "server/http_status.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <thread>

#include "base/log.h"

namespace custos {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

nlohmann::json CamerasJson(const Recorder& recorder) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [id, st] : recorder.Statuses()) {
    nlohmann::json offset = nullptr;  // camera's RTCP wall clock minus ours (time.md rule 6)
    if (st.camera_clock_offset_90k) offset = TicksToMillis(*st.camera_clock_offset_90k);
    out.push_back({{"id", id},
                   {"camera_clock_offset_ms", offset},
                   {"state", st.state},
                   {"last_error", st.last_error},
                   {"codec", st.codec},
                   {"width", st.width},
                   {"height", st.height},
                   {"frames", st.frames},
                   {"bytes", st.bytes},
                   {"lost_packets", st.lost_packets},
                   {"reconnects", st.reconnects}});
  }
  return out;
}

std::string StatusPage(const Recorder& recorder) {
  std::string rows;
  for (const auto& [id, st] : recorder.Statuses()) {
    rows += "<tr><td>" + id + "</td><td>" + st.state + "</td><td>" + std::to_string(st.frames) + "</td></tr>";
  }
  return "<!doctype html><meta charset=utf-8><title>Custos</title><h1>Custos</h1>"
         "<p>The recorder is running. The web UI (live view, playback, export) comes with the "
         "next release; see README.md.</p><table><tr><th>camera</th><th>state</th><th>frames</th></tr>" +
         rows + "</table>";
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, const Recorder& recorder) : stream_(std::move(socket)), recorder_(recorder) {}
  void Run() { Read(); }

 private:
  void Read() {
    req_ = {};
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read(stream_, buffer_, req_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->Close();
      self->Respond();
    });
  }

  void Respond() {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(req_.version());
    res->keep_alive(req_.keep_alive());
    res->set(http::field::server, "Custos");
    const std::string target(req_.target());
    if (req_.method() != http::verb::get) {
      res->result(http::status::method_not_allowed);
      res->set(http::field::content_type, "application/json");
      res->body() = R"({"error":"only GET is served for now"})";
    } else if (target == "/api/v1/health") {
      res->set(http::field::content_type, "application/json");
      res->body() = R"({"status":"ok"})";
    } else if (target == "/api/v1/cameras") {
      res->set(http::field::content_type, "application/json");
      res->body() = CamerasJson(recorder_).dump();
    } else if (target == "/" || target == "/index.html") {
      res->set(http::field::content_type, "text/html; charset=utf-8");
      res->body() = StatusPage(recorder_);
    } else {
      res->result(http::status::not_found);
      res->set(http::field::content_type, "application/json");
      res->body() = R"({"error":"no such route"})";
    }
    res->prepare_payload();
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, size_t) {
      if (ec || !res->keep_alive()) return self->Close();
      self->Read();
    });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_{8192};
  http::request<http::string_body> req_;
  const Recorder& recorder_;
};

class ServerImpl final : public HttpStatusServer {
 public:
  explicit ServerImpl(const Recorder& recorder) : acceptor_(ctx_), recorder_(recorder) {}
  ~ServerImpl() override { Stop(); }

  Status Listen(const std::string& listen) {
    auto colon = listen.rfind(':');
    if (colon == std::string::npos) return InvalidArgument("--listen wants HOST:PORT, e.g. 127.0.0.1:8080");
    boost::system::error_code ec;
    auto addr = asio::ip::make_address(listen.substr(0, colon), ec);
    if (ec) return InvalidArgument("'" + listen.substr(0, colon) + "' is not an IP address");
    int port = 0;
    try {
      port = std::stoi(listen.substr(colon + 1));
    } catch (...) {
      return InvalidArgument("'" + listen.substr(colon + 1) + "' is not a port number");
    }
    tcp::endpoint ep(addr, static_cast<uint16_t>(port));
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return Unavailable(ec.message() + " (is another program using port " + std::to_string(port) + "?)");
    Accept();
    thread_ = std::thread([this] { ctx_.run(); });
    return Status::Ok();
  }

  std::string endpoint() const override {
    boost::system::error_code ec;
    auto ep = acceptor_.local_endpoint(ec);
    return ep.address().to_string() + ":" + std::to_string(ep.port());
  }

  void Stop() override {
    if (!thread_.joinable()) return;
    asio::post(ctx_, [this] {
      boost::system::error_code ec;
      acceptor_.close(ec);
    });
    ctx_.stop();
    thread_.join();
  }

 private:
  void Accept() {
    acceptor_.async_accept(asio::make_strand(ctx_), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) std::make_shared<Connection>(std::move(socket), recorder_)->Run();
      Accept();
    });
  }

  asio::io_context ctx_{1};
  tcp::acceptor acceptor_;
  const Recorder& recorder_;
  std::thread thread_;
};

}  // namespace

Result<std::unique_ptr<HttpStatusServer>> HttpStatusServer::Start(const std::string& listen, const std::string&,
                                                                  const Recorder& recorder) {
  auto s = std::make_unique<ServerImpl>(recorder);
  Status st = s->Listen(listen);
  if (!st.ok()) return Err(st);
  return std::unique_ptr<HttpStatusServer>(std::move(s));
}

}  // namespace custos
