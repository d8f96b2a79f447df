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
  // Logs in over HTTPS; the cookie ("custos_session=…") and CSRF token, empty on failure.
  // `headers_out` gets the response headers.
  ApiSession CurlLogin(const std::string& user, const std::string& password, std::string* headers_out = nullptr) {
    const std::string body = "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}";
    auto r = Curl({"-D", "-", "-H", "Content-Type: application/json", "--data", body, Url("/api/v1/login")});
    if (headers_out) *headers_out = r.out;
    ApiSession s;
    const auto at = r.out.find("custos_session=");
    const auto token = r.out.find("\"csrf_token\":\"");
    if (at == std::string::npos || token == std::string::npos) return s;
    s.cookie = r.out.substr(at, r.out.find(';', at) - at);
    const auto begin = token + 14;
    s.csrf = r.out.substr(begin, r.out.find('"', begin) - begin);
    return s;
  }
  // `custos user add` (a generated password), then a login over HTTPS.
  ApiSession AddUserOverTls(const std::string& name, const std::string& role, const std::string& camera = "") {
    std::vector<std::string> args = {"user", "add", name, "--role", role};
    if (!camera.empty()) args.insert(args.end(), {"--camera", camera});
    CommandResult r = Custos(args);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const auto at = r.out.find("password: ");
    if (at == std::string::npos) return {};
    return CurlLogin(name, r.out.substr(at + 10, r.out.find_first_of(" \r\n", at + 10) - at - 10));
  }
  // POST with the session and its CSRF token; the body, then the status on the last line.
  std::string CurlPost(const ApiSession& s, const std::string& target, const std::string& body) {
    return Curl({"-w", "\n%{http_code}", "-H", "Cookie: " + s.cookie, "-H", "X-Custos-CSRF: " + s.csrf, "-H",
                 "Content-Type: application/json", "--data", body, Url(target)})
        .out;
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
  ASSERT_EQ(Custos({"camera", "add", "--id", "gate", "--url", cam->Url(), "--accepted-on", "2026-01-01"}).exit_code, 0);
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

  std::string login;
  const ApiSession admin = CurlLogin("admin", AdminPassword(), &login);
  ASSERT_FALSE(admin.cookie.empty()) << login;
  EXPECT_NE(login.find(" 200"), std::string::npos) << login;
  EXPECT_NE(login.find("; Secure"), std::string::npos) << login;

  // Footage needs an investigator with an approved export request; live view, a duty
  // operator assigned the camera (docs/design/access.md).
  ASSERT_TRUE(WaitForFinished("gate", 1, seconds(30))) << ServeOutput();
  const Recording r = FinishedRecordings("gate").front();
  const std::string from = FormatIso8601(r.start_wall_90k);
  const std::string to = FormatIso8601(*r.end_wall_90k);
  const ApiSession investigator = AddUserOverTls("investigator", "investigator");
  ASSERT_FALSE(investigator.cookie.empty());
  const std::string filed = CurlPost(investigator, "/api/v1/requests",
                                     "{\"kind\":\"export\",\"cameras\":[\"gate\"],\"from\":\"" + from + "\",\"to\":\"" + to +
                                         "\",\"purpose\":\"TLS test\",\"case_ref\":\"T-1\",\"approval_doc_ref\":\"D-1\","
                                         "\"destination\":\"test runner\",\"persons\":[{\"name\":\"Tester\","
                                         "\"id_number\":\"1\",\"work_permit\":\"W-1\"}]}");
  ASSERT_TRUE(filed.ends_with("201")) << filed;
  const std::string id = std::to_string(std::atoll(filed.c_str() + filed.find("\"id\":") + 5));
  for (const char* name : {"approver_a", "approver_b"}) {
    const std::string approved = CurlPost(AddUserOverTls(name, "approver"), "/api/v1/requests/" + id + "/approve", "{}");
    ASSERT_TRUE(approved.ends_with("200")) << approved;
  }
  const std::string out = certs_.path() + "/export.mp4";
  auto exported = Curl({"-o", out, "-w", "%{http_code}", "-H", "Cookie: " + investigator.cookie,
                        Url("/api/v1/cameras/gate/export.mp4?from=" + from + "&to=" + to)});
  ASSERT_EQ(exported.out, "200") << exported.out;
  EXPECT_EQ(FfmpegErrors(out), "");
  EXPECT_GT(FfprobeFrames(out), 0);

  const ApiSession op = AddUserOverTls("operator", "duty_operator", "gate");
  ASSERT_FALSE(op.cookie.empty());
  WssClient ws(cert_);
  beast::error_code ec;
  WaitUntil([&] { return !(ec = ws.Connect(port_, op.cookie, "gate")); }, seconds(10));
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
