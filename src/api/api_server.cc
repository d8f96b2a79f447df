#include "api/api_server.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>

#include <charconv>
#include <optional>
#include <thread>

#include "api/connection.h"
#include "api/tls_handshake.h"
#include "base/log.h"
#include "govern/rule_numbers.h"
#include "govern/taxonomy.h"

namespace custos::api {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Result<tcp::endpoint> ParseListen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return Err(InvalidArgument("--listen wants HOST:PORT, e.g. 127.0.0.1:8080"));
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(host, ec);
  if (ec) return Err(InvalidArgument("'" + host + "' is not an IP address"));
  const std::string port_text = listen.substr(colon + 1);
  unsigned port = 0;
  auto [end, perr] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (perr != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return Err(InvalidArgument("'" + port_text + "' is not a port number"));
  }
  return tcp::endpoint(addr, static_cast<uint16_t>(port));
}

class ServerImpl final : public ApiServer {
 public:
  ServerImpl(const ApiServerOptions& options, const Clock& clock)
      : options_(options), sessions_(clock, options.sessions), acceptor_(ctx_) {}
  ~ServerImpl() override { Stop(); }

  Status Init(LiveStatusFn live, const Clock& clock, LiveSubscribeFn subscribe) {
    if (options_.audit == nullptr) return InvalidArgument("the API server needs an audit sink");
    if (options_.tls.enabled()) {
      auto tls = LoadTlsContext(options_.tls);
      if (!tls) return tls.error();
      tls_ = std::move(*tls);
      shared_.tls = tls_.get();
    }
    const std::string path = options_.catalog_path;
    auto pool = WorkerPool::Start([path] { return Catalog::Open(path); }, options_.workers, options_.max_queued);
    if (!pool) return pool.error();
    pool_ = std::move(*pool);
    env_.data_dir = options_.data_dir;
    env_.web_root = options_.web_root;
    env_.sessions = &sessions_;
    env_.audit = options_.audit;
    env_.lockout = options_.lockout;
    env_.retrieval = options_.retrieval;
    CUSTOS_RETURN_IF_ERROR(LoadGovernData());
    env_.retrieval_rules = options_.retrieval_rules;
    if (!env_.retrieval_rules) {
      const govern::ProfileSet* profiles = env_.profiles;
      env_.retrieval_rules = [profiles](Catalog& c) { return govern::ActiveRetrievalRules(c, *profiles); };
    }
    env_.live_status = std::move(live);
    env_.live_subscribe = std::move(subscribe);
    env_.privacy_zones_changed = options_.privacy_zones_changed;
    env_.disk_pressure = options_.disk_pressure;
    env_.clock = &clock;
    env_.started_wall_90k = clock.Now();
    env_.version = options_.version;
    env_.tls = tls_ != nullptr;
    env_.export_jobs = options_.export_jobs;
    live_audit_ = std::make_unique<LiveViewAudit>(*options_.audit, clock);
    shared_.live_audit = live_audit_.get();
    shared_.pool = pool_.get();
    shared_.env = &env_;
    shared_.routes = Routes();
    return Listen();
  }

  std::string endpoint() const override {
    boost::system::error_code ec;
    auto ep = acceptor_.local_endpoint(ec);
    return ep.address().to_string() + ":" + std::to_string(ep.port());
  }

  bool tls() const override { return tls_ != nullptr; }

  void Stop() override {
    if (thread_.joinable()) {
      asio::post(ctx_, [this] {
        boost::system::error_code ec;
        acceptor_.close(ec);
      });
      ctx_.stop();
      thread_.join();
    }
    // Views still open end with the server; their live_stop is written before Stop returns.
    if (live_audit_) live_audit_->Shutdown();
    // After the loop: a worker may still post to it, which is harmless once it is stopped.
    if (pool_) pool_->Stop();
  }

 private:
  Status Listen() {
    auto ep = ParseListen(options_.listen);
    if (!ep) return ep.error();
    boost::system::error_code ec;
    acceptor_.open(ep->protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(*ep, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return Unavailable(ec.message() + " (is another program using port " + std::to_string(ep->port()) + "?)");
    Accept();
    thread_ = std::thread([this] { ctx_.run(); });
    return Status::Ok();
  }

  void Accept() {
    acceptor_.async_accept(ctx_, [this](boost::system::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        if (shared_.connections.load() >= options_.max_connections) {
          spdlog::warn("api: {} connections open; refusing another", options_.max_connections);
        } else {
          if (shared_.tls) {
            StartTlsConnection(std::move(socket), shared_);
          } else {
            std::make_shared<Connection<PlainStream>>(PlainStream(std::move(socket)), shared_)->Start();
          }
        }
      }
      Accept();
    });
  }

  // Govern's data files: the caller's, else loaded from govern::FindProfilesDir() and owned.
  Status LoadGovernData() {
    env_.profiles = options_.profiles;
    env_.taxonomy = options_.taxonomy;
    const std::string dir = govern::FindProfilesDir();
    if (env_.profiles == nullptr) {
      auto set = govern::ProfileSet::Load(dir);
      if (!set) return set.error().With("loading the jurisdiction profiles");
      own_profiles_ = std::move(*set);
      env_.profiles = &*own_profiles_;
    }
    if (env_.taxonomy == nullptr) {
      auto taxonomy = govern::Taxonomy::Load(dir);
      if (!taxonomy) return taxonomy.error().With("loading the site categories");
      own_taxonomy_ = std::move(*taxonomy);
      env_.taxonomy = &*own_taxonomy_;
    }
    return Status::Ok();
  }

  const ApiServerOptions options_;
  std::optional<govern::ProfileSet> own_profiles_;
  std::optional<govern::Taxonomy> own_taxonomy_;
  SessionStore sessions_;
  std::shared_ptr<asio::ssl::context> tls_;  // null: plain HTTP
  ApiEnv env_;
  ServerShared shared_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<LiveViewAudit> live_audit_;  // outlives ctx_: sessions it destroys report to it
  asio::io_context ctx_{1};
  tcp::acceptor acceptor_;
  std::thread thread_;
};

}  // namespace

Result<std::unique_ptr<ApiServer>> ApiServer::Start(const ApiServerOptions& options, LiveStatusFn live_status,
                                                    const Clock& clock,
                                                    LiveSubscribeFn live_subscribe) {
  auto s = std::make_unique<ServerImpl>(options, clock);
  Status st = s->Init(std::move(live_status), clock, std::move(live_subscribe));
  if (!st.ok()) return Err(st);
  return std::unique_ptr<ApiServer>(std::move(s));
}

}  // namespace custos::api
