#include "api/tls_handshake.h"

#include <boost/asio/write.hpp>
#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/ssl.hpp>

#include "base/log.h"

namespace custos::api {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

constexpr auto kHandshakeTimeout = std::chrono::seconds(10);

constexpr std::string_view kPlainHttpReply =
    "HTTP/1.1 400 Bad Request\r\n"
    "Server: Custos\r\n"
    "Content-Type: application/json\r\n"
    "Connection: close\r\n"
    "Content-Length: 105\r\n"
    "\r\n"
    R"({"error":{"code":"invalid_argument","message":"this port speaks HTTPS: use https:// instead of http://"}})";
// Keep Content-Length honest if the text changes.
static_assert(kPlainHttpReply.size() - kPlainHttpReply.find("\r\n\r\n") - 4 == 105);

class TlsHandshake : public std::enable_shared_from_this<TlsHandshake> {
 public:
  // A handshake in progress counts as a connection, so a flood of clients that never finish
  // their handshake meets the server's connection limit too.
  TlsHandshake(asio::ip::tcp::socket socket, ServerShared& shared) : stream_(std::move(socket)), shared_(shared) {
    ++shared_.connections;
    beast::error_code ec;
    peer_ = stream_.socket().remote_endpoint(ec);
  }
  ~TlsHandshake() { --shared_.connections; }

  void Start() {
    stream_.expires_after(kHandshakeTimeout);
    beast::async_detect_ssl(stream_, buffer_, [self = shared_from_this()](beast::error_code ec, bool is_tls) {
      if (ec) return self->Fail("reading its first bytes", ec);
      if (!is_tls) return self->RefusePlainHttp();
      self->Handshake();
    });
  }

 private:
  void Handshake() {
    auto tls = std::make_shared<TlsStream>(std::move(stream_), *shared_.tls);
    tls->async_handshake(asio::ssl::stream_base::server, buffer_.data(),
                         [self = shared_from_this(), tls](beast::error_code ec, size_t used) {
                           if (ec) return self->FailTls(*tls, ec);
                           self->buffer_.consume(used);
                           beast::get_lowest_layer(*tls).expires_never();
                           std::make_shared<Connection<TlsStream>>(std::move(*tls), self->shared_,
                                                                   std::move(self->buffer_))
                               ->Start();
                         });
  }

  void RefusePlainHttp() {
    spdlog::info("api: {} sent plain HTTP to the HTTPS port; answered 400", PeerText());
    asio::async_write(stream_, asio::buffer(kPlainHttpReply.data(), kPlainHttpReply.size()),
                      [self = shared_from_this()](beast::error_code, size_t) {
                        beast::error_code ec;
                        self->stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
                      });
  }

  void Fail(const char* during, const beast::error_code& ec) {
    if (ec != asio::error::eof && ec != asio::error::operation_aborted) {
      spdlog::info("api: TLS connection from {} failed {}: {}", PeerText(), during, ec.message());
    }
    beast::error_code ignored;
    stream_.socket().close(ignored);
  }

  void FailTls(TlsStream& tls, const beast::error_code& ec) {
    spdlog::info("api: TLS handshake with {} failed: {}", PeerText(), ec.message());
    beast::error_code ignored;
    beast::get_lowest_layer(tls).socket().close(ignored);
  }

  std::string PeerText() const { return peer_.address().to_string() + ":" + std::to_string(peer_.port()); }

  beast::tcp_stream stream_;
  ServerShared& shared_;
  beast::flat_buffer buffer_;
  asio::ip::tcp::endpoint peer_;
};

}  // namespace

void StartTlsConnection(asio::ip::tcp::socket socket, ServerShared& shared) {
  std::make_shared<TlsHandshake>(std::move(socket), shared)->Start();
}

}  // namespace custos::api
