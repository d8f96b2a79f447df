// TLS end to end: `custos serve --tls-cert --tls-key` with a self-signed certificate made by
// the openssl command, recording the GStreamer camera; curl (trusting only that
// certificate) logs in and exports over HTTPS, ffmpeg judges the export, a Beast client
// watches the live view over WSS; plain HTTP to the port gets a clear 400; a key that is
// not the certificate's stops `serve` at start with a message naming the file.
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <fstream>

#include "base/time.h"
#include "custos_fixture.h"

namespace custos::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using std::chrono::seconds;

// testing::Run, under a name gtest's Test::Run does not hide inside a fixture.
CommandResult Cmd(const std::vector<std::string>& argv) { return Run(argv); }

class TlsServeTest : public CustosTest {
 protected:
  void SetUp() override {
    cert_ = certs_.path() + "/cert.pem";
    key_ = certs_.path() + "/key.pem";
    other_key_ = certs_.path() + "/other-key.pem";
    auto made = Cmd({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                     "-keyout", key_, "-out", cert_, "-days", "1", "-subj", "/CN=localhost", "-addext",
                     "subjectAltName=DNS:localhost,IP:127.0.0.1"});
    ASSERT_EQ(made.exit_code, 0) << made.out;
    auto other = Cmd({"openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                      other_key_});
    ASSERT_EQ(other.exit_code, 0) << other.out;
  }

  // curl over HTTPS to localhost:PORT, trusting only our certificate. `-w` appends the status.
  CommandResult Curl(std::vector<std::string> args) {
    std::vector<std::string> argv{"curl", "-sS", "--max-time", "60", "--cacert", cert_, "--resolve",
                                  "localhost:" + std::to_string(port_) + ":127.0.0.1"};
    argv.insert(argv.end(), args.begin(), args.end());
    return Cmd(argv);
  }
  std::string Url(const std::string& target) const {
    return "https://localhost:" + std::to_string(port_) + target;
  }

  TempDir certs_;
  std::string cert_, key_, other_key_;
  int port_ = 0;
};

TEST_F(TlsServeTest, AKeyOfAnotherCertificateStopsServeAtStart) {
  auto r = Custos({"serve", "--listen", "127.0.0.1:0", "--tls-cert", cert_, "--tls-key", other_key_});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("the private key in '" + other_key_ + "' does not belong to the certificate"),
            std::string::npos)
      << r.out;
  auto half = Custos({"serve", "--listen", "127.0.0.1:0", "--tls-cert", cert_});
  EXPECT_EQ(half.exit_code, 1) << half.out;
  EXPECT_NE(half.out.find("needs both --tls-cert FILE and --tls-key FILE"), std::string::npos) << half.out;
}

// A synchronous WSS client with a receive timeout, trusting only our certificate.
class WssClient {
 public:
  explicit WssClient(const std::string& cert) : ctx_(asio::ssl::context::tls_client), ws_(ioc_, ctx_) {
    ctx_.load_verify_file(cert);
    ctx_.set_verify_mode(asio::ssl::verify_peer);
  }
  beast::error_code Connect(int port, const std::string& cookie, const std::string& camera) {
    beast::error_code ec;
    auto& sock = beast::get_lowest_layer(ws_).socket();
    sock.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port)), ec);
    if (ec) return ec;
    timeval tv{5, 0};
    setsockopt(sock.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ws_.next_layer().set_verify_callback(asio::ssl::host_name_verification("localhost"));
    SSL_set_tlsext_host_name(ws_.next_layer().native_handle(), "localhost");
    ws_.next_layer().handshake(asio::ssl::stream_base::client, ec);
    if (ec) return ec;
    ws_.set_option(websocket::stream_base::decorator(
        [cookie](websocket::request_type& req) { req.set(beast::http::field::cookie, cookie); }));
    ws_.handshake("localhost:" + std::to_string(port), "/api/v1/cameras/" + camera + "/live", ec);
    return ec;
  }
  std::optional<std::pair<bool, std::string>> Read() {
    beast::flat_buffer buf;
    beast::error_code ec;
    ws_.read(buf, ec);
    if (ec) return std::nullopt;
    return std::make_pair(ws_.got_text(), beast::buffers_to_string(buf.data()));
  }

 private:
  asio::io_context ioc_;
  asio::ssl::context ctx_;
  websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws_;
};

TEST_F(TlsServeTest, ServesTheApiExportAndLiveViewOverTlsOnly) {
  auto cam = StartCamera({});
  ASSERT_TRUE(cam);
  StartServe({"--tls-cert", cert_, "--tls-key", key_});
  EXPECT_NE(ServeOutput().find("Listening on https://127.0.0.1:"), std::string::npos) << ServeOutput();
  ASSERT_EQ(Custos({"camera", "add", "--id", "gate", "--url", cam->Url()}).exit_code, 0);
  port_ = HttpPort();
  ASSERT_GT(port_, 0) << ServeOutput();

  auto health = Curl({"-o", "/dev/null", "-w", "%{http_code}", Url("/api/v1/health")});
  EXPECT_EQ(health.out, "200") << health.out;
  // A client that does not trust the certificate refuses it (curl: 60).
  auto untrusted = Cmd({"curl", "-sS", "-o", "/dev/null", "--resolve",
                        "localhost:" + std::to_string(port_) + ":127.0.0.1", Url("/api/v1/health")});
  EXPECT_EQ(untrusted.exit_code, 60) << untrusted.out;
  // Plain HTTP to the TLS port: a clear 400, and the server goes on.
  auto plain = Cmd({"curl", "-sS", "--max-time", "10", "http://127.0.0.1:" + std::to_string(port_) + "/api/v1/health"});
  EXPECT_NE(plain.out.find("this port speaks HTTPS: use https://"), std::string::npos) << plain.out;

  const std::string jar = certs_.path() + "/cookies.txt";
  const std::string body = "{\"user\":\"admin\",\"password\":\"" + AdminPassword() + "\"}";
  auto login = Curl({"-D", "-", "-o", "/dev/null", "-c", jar, "-H", "Content-Type: application/json", "--data", body,
                     Url("/api/v1/login")});
  ASSERT_NE(login.out.find(" 200"), std::string::npos) << login.out;
  EXPECT_NE(login.out.find("; Secure"), std::string::npos) << login.out;
  const auto at = login.out.find("custos_session=");
  ASSERT_NE(at, std::string::npos) << login.out;
  const std::string cookie = login.out.substr(at, login.out.find(';', at) - at);

  ASSERT_TRUE(WaitForFinished("gate", 1, seconds(30))) << ServeOutput();
  const Recording r = FinishedRecordings("gate").front();
  const std::string from = FormatIso8601(r.start_wall_90k);
  const std::string to = FormatIso8601(*r.end_wall_90k);
  const std::string out = certs_.path() + "/export.mp4";
  auto exported = Curl({"-o", out, "-w", "%{http_code}", "-b", jar,
                        Url("/api/v1/cameras/gate/export.mp4?from=" + from + "&to=" + to)});
  ASSERT_EQ(exported.out, "200") << exported.out;
  EXPECT_EQ(FfmpegErrors(out), "");
  EXPECT_GT(FfprobeFrames(out), 0);

  WssClient ws(cert_);
  beast::error_code ec;
  WaitUntil([&] { return !(ec = ws.Connect(port_, cookie, "gate")); }, seconds(10));
  ASSERT_FALSE(ec) << ec.message();
  auto header = ws.Read();
  ASSERT_TRUE(header && header->first);
  EXPECT_NE(header->second.find("\"codec\":\"avc1."), std::string::npos) << header->second;
  std::string file;
  for (int i = 0; i < 26; ++i) {
    auto m = ws.Read();
    ASSERT_TRUE(m && !m->first) << "message " << i;
    file += m->second;
  }
  const std::string live = certs_.path() + "/live.mp4";
  std::ofstream(live, std::ios::binary) << file;
  EXPECT_EQ(FfmpegErrors(live), "");
  EXPECT_EQ(FfprobeFrames(live), 25);
  StopServe();
}

}  // namespace
}  // namespace custos::testing
