// The server in-process, on a loopback port, with an empty catalog: status mapping on the
// wire, session cookie and CSRF flow, and the 503 of a full work queue.
#include "api/api_server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace custos::api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

struct Response {
  int status = 0;
  http::response<http::string_body> raw;
};

Response Call(const std::string& endpoint, http::verb method, const std::string& target,
              std::vector<std::pair<std::string, std::string>> headers = {}, const std::string& body = "") {
  boost::asio::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::tcp_stream stream(ioc);
  const auto colon = endpoint.rfind(':');
  stream.connect(resolver.resolve(endpoint.substr(0, colon), endpoint.substr(colon + 1)));
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "localhost");
  for (const auto& [n, v] : headers) req.set(n, v);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  Response r;
  http::response_parser<http::string_body> parser;
  parser.skip(method == http::verb::head);  // a HEAD response has no body to wait for
  http::read(stream, buffer, parser);
  r.raw = parser.release();
  r.status = static_cast<int>(r.raw.result_int());
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return r;
}

class ApiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("custos_api_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (server_) server_->Stop();
    std::filesystem::remove_all(dir_);
  }
  void Start(size_t max_queued = 16, const std::string& web_root = "") {
    ApiServerOptions o;
    o.web_root = web_root;
    o.listen = "127.0.0.1:0";
    o.data_dir = dir_.string();
    o.catalog_path = (dir_ / "custos.db").string();
    o.max_queued = max_queued;
    auto verify = [](const std::string& user, const std::string& password) -> Result<bool> {
      return user == "admin" && password == "right";
    };
    auto s = ApiServer::Start(o, verify, nullptr, RealClock::Get());
    ASSERT_TRUE(s) << s.error().ToString();
    server_ = std::move(*s);
  }
  std::string ep() const { return server_->endpoint(); }

  std::filesystem::path dir_;
  std::unique_ptr<ApiServer> server_;
};

TEST_F(ApiServerTest, ErrorsHaveTheirStatusAndJsonBody) {
  Start();
  EXPECT_EQ(Call(ep(), http::verb::get, "/api/v1/health").status, 200);
  Response r = Call(ep(), http::verb::get, "/api/v1/cameras");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.raw[http::field::content_type], "application/json");
  EXPECT_NE(r.raw.body().find(R"("code":"unauthenticated")"), std::string::npos) << r.raw.body();
  r = Call(ep(), http::verb::get, "/api/v1/nothing");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.raw.body().find(R"("code":"not_found")"), std::string::npos);
  r = Call(ep(), http::verb::put, "/api/v1/login");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.raw[http::field::allow], "POST");
  EXPECT_EQ(Call(ep(), http::verb::get, "/api/v1/%zz").status, 400);
}

TEST_F(ApiServerTest, ServesTheWebUiOutsideTheApiWithoutASession) {
  const auto web = dir_ / "web";
  std::filesystem::create_directories(web / "assets");
  std::ofstream(web / "index.html") << "<!doctype html><title>Custos</title>";
  std::ofstream(web / "assets" / "index-abc123.js") << "console.log(1)";
  Start(16, web.string());
  for (const char* target : {"/", "/live", "/playback?camera=gate"}) {
    SCOPED_TRACE(target);
    Response r = Call(ep(), http::verb::get, target);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.raw[http::field::content_type], "text/html; charset=utf-8");
    EXPECT_EQ(r.raw.body(), "<!doctype html><title>Custos</title>");
    EXPECT_EQ(r.raw[http::field::cache_control], "no-cache");
    EXPECT_NE(r.raw["Content-Security-Policy"].find("default-src 'self'"), std::string::npos);
  }
  Response js = Call(ep(), http::verb::get, "/assets/index-abc123.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.raw[http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(js.raw[http::field::cache_control], "public, max-age=31536000, immutable");
  Response head = Call(ep(), http::verb::head, "/assets/index-abc123.js");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.raw[http::field::content_length], "14");
  EXPECT_EQ(Call(ep(), http::verb::get, "/assets/gone.js").status, 404);
  EXPECT_EQ(Call(ep(), http::verb::get, "/assets/%2e%2e/%2e%2e/custos.db").status, 400);
  // The API keeps its JSON errors and its protection.
  Response api = Call(ep(), http::verb::get, "/api/v1/nothing");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.raw[http::field::content_type], "application/json");
  EXPECT_EQ(Call(ep(), http::verb::get, "/api/v1/cameras").status, 401);
  EXPECT_EQ(Call(ep(), http::verb::post, "/index.html").status, 404);
}

TEST_F(ApiServerTest, WithoutABuiltWebUiTheRootSaysHowToBuildIt) {
  Start(16, (dir_ / "no-such-folder").string());
  Response r = Call(ep(), http::verb::get, "/");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.raw[http::field::content_type], "text/plain; charset=utf-8");
  EXPECT_NE(r.raw.body().find("make build"), std::string::npos) << r.raw.body();
  EXPECT_NE(r.raw.body().find("--web-root"), std::string::npos) << r.raw.body();
}

TEST_F(ApiServerTest, LoginCookieAndCsrf) {
  Start();
  EXPECT_EQ(Call(ep(), http::verb::post, "/api/v1/login", {}, R"({"user":"admin","password":"wrong"})").status, 401);
  Response login = Call(ep(), http::verb::post, "/api/v1/login", {}, R"({"user":"admin","password":"right"})");
  ASSERT_EQ(login.status, 200);
  const std::string set_cookie(login.raw[http::field::set_cookie]);
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const auto body = nlohmann::json::parse(login.raw.body());
  const std::string csrf = body["csrf_token"];
  EXPECT_EQ(Call(ep(), http::verb::get, "/api/v1/cameras", {{"Cookie", cookie}}).status, 200);
  Response cam = Call(ep(), http::verb::get, "/api/v1/cameras/nope", {{"Cookie", cookie}});
  EXPECT_EQ(cam.status, 404);
  Response tl = Call(ep(), http::verb::get, "/api/v1/cameras/nope/timeline?from=x", {{"Cookie", cookie}});
  EXPECT_EQ(tl.status, 400);
  EXPECT_NE(tl.raw.body().find("ISO 8601"), std::string::npos);
  Response head = Call(ep(), http::verb::head, "/api/v1/me", {{"Cookie", cookie}});
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(Call(ep(), http::verb::post, "/api/v1/logout", {{"Cookie", cookie}}).status, 403);
  EXPECT_EQ(Call(ep(), http::verb::post, "/api/v1/logout", {{"Cookie", cookie}, {"X-Custos-CSRF", csrf}}).status, 204);
  EXPECT_EQ(Call(ep(), http::verb::get, "/api/v1/me", {{"Cookie", cookie}}).status, 401);
}

TEST_F(ApiServerTest, AFullQueueIs503WithRetryAfter) {
  Start(/*max_queued=*/0);
  Response r = Call(ep(), http::verb::get, "/api/v1/health");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.raw[http::field::retry_after], "1");
  EXPECT_NE(r.raw.body().find(R"("code":"overloaded")"), std::string::npos);
}

}  // namespace
}  // namespace custos::api
