// TLS: the certificate and key checks at start, and the server in-process over HTTPS with
// a self-signed certificate made here with OpenSSL: answers, Secure cookie, plain HTTP
// refused with a clear 400, an old-protocol client refused without harming the others.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "access/access_test_util.h"
#include "api/api_server.h"
#include "audit/audit_sink.h"
#include "api/tls_context.h"

namespace custos::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

void WritePem(const std::string& path, const std::function<int(FILE*)>& write) {
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr) << path;
  ASSERT_EQ(write(f), 1);
  std::fclose(f);
}

// A P-256 key in `key_path` and, if `cert_path` is not empty, a self-signed certificate
// for "localhost" (and 127.0.0.1) in `cert_path`.
void MakeKeyAndCert(const std::string& key_path, const std::string& cert_path) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  ASSERT_NE(key, nullptr);
  WritePem(key_path, [&](FILE* f) { return PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr); });
  if (!cert_path.empty()) {
    X509* x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -60);
    X509_gmtime_adj(X509_getm_notAfter(x), 3600);
    X509_set_pubkey(x, key);
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1,
                               0);
    X509_set_issuer_name(x, name);
    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, x, x, nullptr, nullptr, 0);
    X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
    ASSERT_NE(san, nullptr);
    X509_add_ext(x, san, -1);
    X509_EXTENSION_free(san);
    ASSERT_GT(X509_sign(x, key, EVP_sha256()), 0);
    WritePem(cert_path, [&](FILE* f) { return PEM_write_X509(f, x); });
    X509_free(x);
  }
  EVP_PKEY_free(key);
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("custos_tls_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    cert_ = (dir_ / "cert.pem").string();
    key_ = (dir_ / "key.pem").string();
    other_key_ = (dir_ / "other-key.pem").string();
    MakeKeyAndCert(key_, cert_);
    MakeKeyAndCert(other_key_, "");
  }
  void TearDown() override {
    if (server_) server_->Stop();
    std::filesystem::remove_all(dir_);
  }
  void Start() {
    ApiServerOptions o;
    o.listen = "127.0.0.1:0";
    o.data_dir = dir_.string();
    o.catalog_path = (dir_ / "custos.db").string();
    o.tls = TlsFiles{cert_, key_};
    o.audit = &audit_;
    {
      auto catalog = Catalog::Open(o.catalog_path, RealClock::Get());
      ASSERT_TRUE(catalog) << catalog.error().ToString();
      testing::AddTestUsers(**catalog, RealClock::Get());
    }
    auto s = ApiServer::Start(o, nullptr, RealClock::Get());
    ASSERT_TRUE(s) << s.error().ToString();
    server_ = std::move(*s);
    ASSERT_TRUE(server_->tls());
    port_ = server_->endpoint().substr(server_->endpoint().rfind(':') + 1);
  }

  // One HTTPS exchange; the client trusts only our certificate and checks the name.
  // `max_version` 0: any; TLS1_1_VERSION: a client too old for the server.
  Result<http::response<http::string_body>> Https(http::verb method, const std::string& target,
                                                  const std::string& body = "", int max_version = 0) {
    ssl::context ctx(ssl::context::tls_client);
    ctx.load_verify_file(cert_);
    ctx.set_verify_mode(ssl::verify_peer);
    if (max_version) {
      SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_VERSION);
      SSL_CTX_set_max_proto_version(ctx.native_handle(), max_version);
      SSL_CTX_set_security_level(ctx.native_handle(), 0);  // let this client offer TLS 1.1
    }
    asio::io_context ioc;
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    stream.set_verify_callback(ssl::host_name_verification("localhost"));
    SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
    tcp::resolver resolver(ioc);
    beast::get_lowest_layer(stream).connect(resolver.resolve("127.0.0.1", port_));
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
    beast::error_code ec;
    stream.handshake(ssl::stream_base::client, ec);
    if (ec) return Err(Unavailable("handshake: " + ec.message()));
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "localhost");
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req, ec);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    if (!ec) http::read(stream, buffer, res, ec);
    if (ec) return Err(Unavailable("exchange: " + ec.message()));
    stream.shutdown(ec);
    return res;
  }

  std::filesystem::path dir_;
  std::string cert_, key_, other_key_, port_;
  std::unique_ptr<ApiServer> server_;
  MemoryAuditSink audit_;
};

TEST_F(TlsTest, LoadsAMatchingPair) {
  auto ctx = LoadTlsContext({cert_, key_});
  ASSERT_TRUE(ctx) << ctx.error().ToString();
}

TEST_F(TlsTest, RefusesAKeyOfAnotherCertificateNamingBothFiles) {
  auto ctx = LoadTlsContext({cert_, other_key_});
  ASSERT_FALSE(ctx);
  EXPECT_EQ(ctx.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(ctx.error().message().find(other_key_), std::string::npos) << ctx.error().message();
  EXPECT_NE(ctx.error().message().find("does not belong to the certificate"), std::string::npos);
}

TEST_F(TlsTest, RefusesMissingGarbageAndHalfConfigurations) {
  auto missing = LoadTlsContext({(dir_ / "nope.pem").string(), key_});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("nope.pem' does not exist"), std::string::npos)
      << missing.error().message();
  const std::string garbage = (dir_ / "garbage.pem").string();
  std::ofstream(garbage) << "not a certificate\n";
  auto bad_cert = LoadTlsContext({garbage, key_});
  ASSERT_FALSE(bad_cert);
  EXPECT_NE(bad_cert.error().message().find("garbage.pem' is not a PEM certificate"), std::string::npos)
      << bad_cert.error().message();
  auto bad_key = LoadTlsContext({cert_, garbage});
  ASSERT_FALSE(bad_key);
  EXPECT_NE(bad_key.error().message().find("garbage.pem' is not an unencrypted PEM private key"), std::string::npos)
      << bad_key.error().message();
  auto half = LoadTlsContext({cert_, ""});
  ASSERT_FALSE(half);
  EXPECT_EQ(half.error().code(), StatusCode::kInvalidArgument);
  ApiServerOptions o;
  o.listen = "127.0.0.1:0";
  o.catalog_path = (dir_ / "custos.db").string();
  o.tls = TlsFiles{cert_, other_key_};
  o.audit = &audit_;
  EXPECT_FALSE(ApiServer::Start(o, nullptr, RealClock::Get()));
}

TEST_F(TlsTest, AnswersOverHttpsWithASecureCookie) {
  Start();
  auto health = Https(http::verb::get, "/api/v1/health");
  ASSERT_TRUE(health) << health.error().ToString();
  EXPECT_EQ(health->result_int(), 200u);
  auto login = Https(http::verb::post, "/api/v1/login", R"({"user":"administrator","password":"correct horse battery"})");
  ASSERT_TRUE(login) << login.error().ToString();
  ASSERT_EQ(login->result_int(), 200u);
  const std::string cookie((*login)[http::field::set_cookie]);
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
}

TEST_F(TlsTest, PlainHttpToTheTlsPortGetsA400SayingUseHttps) {
  Start();
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  tcp::resolver resolver(ioc);
  stream.connect(resolver.resolve("127.0.0.1", port_));
  stream.expires_after(std::chrono::seconds(10));
  http::request<http::empty_body> req{http::verb::get, "/api/v1/health", 11};
  req.set(http::field::host, "localhost");
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  beast::error_code ec;
  http::read(stream, buffer, res, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_NE(res.body().find("use https://"), std::string::npos) << res.body();
  // And the port still serves HTTPS.
  auto health = Https(http::verb::get, "/api/v1/health");
  ASSERT_TRUE(health) << health.error().ToString();
}

TEST_F(TlsTest, ATls11ClientIsRefusedWithoutHarmingOthers) {
  Start();
  auto old = Https(http::verb::get, "/api/v1/health", "", TLS1_1_VERSION);
  ASSERT_FALSE(old);
  EXPECT_NE(old.error().message().find("handshake"), std::string::npos) << old.error().message();
  // A client that opens TCP and sends a broken ClientHello, then a good one.
  {
    asio::io_context ioc;
    beast::tcp_stream raw(ioc);
    tcp::resolver resolver(ioc);
    raw.connect(resolver.resolve("127.0.0.1", port_));
    const unsigned char broken[] = {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0xff, 0xff, 0xff, 0xff};
    asio::write(raw, asio::buffer(broken));
    raw.expires_after(std::chrono::seconds(10));
    char sink[256];
    beast::error_code ec;
    raw.read_some(asio::buffer(sink), ec);  // the server answers with an alert or closes
    EXPECT_NE(ec, beast::error::timeout);
  }
  auto good = Https(http::verb::get, "/api/v1/health");
  ASSERT_TRUE(good) << good.error().ToString();
  EXPECT_EQ(good->result_int(), 200u);
}

}  // namespace
}  // namespace custos::api
