#include "sim/server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <random>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/log.h"
#include "sim/session.h"

namespace custos::sim {

namespace {

using boost::asio::ip::tcp;

Status ValidateOptions(const SimOptions& o) {
  if (o.cameras < 1 || o.cameras > 100000) return InvalidArgument("--cameras must be 1..100000");
  if (o.tick_ms < 1 || o.tick_ms > 1000) return InvalidArgument("tick must be 1..1000 ms");
  if (o.max_pending_bytes < 64 * 1024) return InvalidArgument("max pending bytes must be at least 64 KiB");
  if (o.session_timeout_s < 1) return InvalidArgument("session timeout must be at least 1 s");
  if (!o.user.empty() && o.user.find(':') != std::string::npos) return InvalidArgument("--user must not contain ':'");
  return Status::Ok();
}

}  // namespace

// The acceptor, the one timer and the list of sessions to tick. Handlers hold it weakly,
// so it dies with its SimServer; sessions do not know it.
class SimServer::Core : public std::enable_shared_from_this<SimServer::Core> {
 public:
  Core(boost::asio::io_context& io, std::shared_ptr<SimShared> shared)
      : shared_(std::move(shared)), acceptor_(io), timer_(io), rng_(std::random_device{}()) {}
  ~Core() { Stop(); }

  Status Listen(const tcp::endpoint& endpoint);
  uint16_t port() const;
  void Run();
  void Stop();

 private:
  void Accept();
  void OnAccept(const boost::system::error_code& ec, tcp::socket socket);
  void ScheduleTick();
  void OnTick();
  SessionSeed NextSeed();

  std::shared_ptr<SimShared> shared_;
  tcp::acceptor acceptor_;
  boost::asio::steady_timer timer_;
  std::chrono::steady_clock::time_point next_tick_;
  std::vector<std::weak_ptr<SimSession>> sessions_;
  std::mt19937_64 rng_;
  bool accepting_ = false;
  bool stopped_ = false;
};

Status SimServer::Core::Listen(const tcp::endpoint& endpoint) {
  boost::system::error_code ec;
  const std::string where = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  if (acceptor_.open(endpoint.protocol(), ec); ec) return Unavailable("cannot open a socket: " + ec.message());
  acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (acceptor_.bind(endpoint, ec); ec) {
    return Unavailable("cannot listen on " + where + ": " + ec.message() +
                       " (choose another --port, or 0 for any free port)");
  }
  if (acceptor_.listen(tcp::socket::max_listen_connections, ec); ec) {
    return Unavailable("cannot listen on " + where + ": " + ec.message());
  }
  return Status::Ok();
}

uint16_t SimServer::Core::port() const {
  boost::system::error_code ec;
  const tcp::endpoint local = acceptor_.local_endpoint(ec);
  return ec ? 0 : local.port();
}

void SimServer::Core::Run() {
  Accept();
  next_tick_ = std::chrono::steady_clock::now();
  ScheduleTick();
}

void SimServer::Core::Stop() {
  if (stopped_) return;
  stopped_ = true;
  boost::system::error_code ec;
  acceptor_.close(ec);
  timer_.cancel();
  for (const std::weak_ptr<SimSession>& weak : sessions_) {
    if (std::shared_ptr<SimSession> s = weak.lock()) s->Close();
  }
  sessions_.clear();
}

void SimServer::Core::Accept() {
  if (stopped_ || accepting_) return;
  accepting_ = true;
  acceptor_.async_accept([weak = weak_from_this()](const boost::system::error_code& ec, tcp::socket socket) {
    if (std::shared_ptr<Core> core = weak.lock()) core->OnAccept(ec, std::move(socket));
  });
}

void SimServer::Core::OnAccept(const boost::system::error_code& ec, tcp::socket socket) {
  accepting_ = false;
  if (stopped_) return;
  if (ec) {
    // Out of descriptors and the like: try again on the next tick rather than spin.
    spdlog::warn("sim: accept failed: {}", ec.message());
    return;
  }
  auto session = std::make_shared<SimSession>(std::move(socket), shared_, NextSeed());
  session->Start(RealClock::Get().MonotonicNanos());
  sessions_.push_back(session);
  Accept();
}

SessionSeed SimServer::Core::NextSeed() {
  SessionSeed seed;
  seed.session_id = rng_();
  seed.ssrc = static_cast<uint32_t>(rng_());
  seed.first_sequence = static_cast<uint16_t>(rng_());
  seed.timestamp_base = static_cast<uint32_t>(rng_());
  return seed;
}

void SimServer::Core::ScheduleTick() {
  const auto period = std::chrono::milliseconds(shared_->options.tick_ms);
  const auto now = std::chrono::steady_clock::now();
  next_tick_ += period;
  if (next_tick_ < now) next_tick_ = now + period;  // fell behind: skip, do not burst
  timer_.expires_at(next_tick_);
  timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    std::shared_ptr<Core> core = weak.lock();
    if (!ec && core) core->OnTick();
  });
}

void SimServer::Core::OnTick() {
  if (stopped_) return;
  const int64_t now_ns = RealClock::Get().MonotonicNanos();
  for (size_t i = 0; i < sessions_.size();) {
    std::shared_ptr<SimSession> s = sessions_[i].lock();
    if (!s || s->closed()) {
      sessions_[i] = std::move(sessions_.back());
      sessions_.pop_back();
      continue;
    }
    s->Tick(now_ns);
    ++i;
  }
  Accept();  // resumes after a failed accept
  ScheduleTick();
}

Result<std::unique_ptr<SimServer>> SimServer::Start(boost::asio::io_context& io, const SimOptions& options,
                                                    std::shared_ptr<const RtpProgram> program) {
  if (Status st = ValidateOptions(options); !st.ok()) return Err(st);
  if (!program || program->packet_count() == 0) return Err(InvalidArgument("empty RTP program"));
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(options.listen_address, ec);
  if (ec) return Err(InvalidArgument("bad listen address '" + options.listen_address + "': " + ec.message()));
  auto shared = std::make_shared<SimShared>();
  shared->options = options;
  shared->program = std::move(program);
  std::mt19937_64 nonce_rng(std::random_device{}());
  shared->auth = RtspAuth(options.user, options.password, Md5Hex(std::to_string(nonce_rng())));
  auto core = std::make_shared<Core>(io, shared);
  if (Status st = core->Listen(tcp::endpoint(address, options.port)); !st.ok()) return Err(st);
  core->Run();
  const uint16_t port = core->port();
  return std::unique_ptr<SimServer>(new SimServer(std::move(core), std::move(shared), port, options.listen_address));
}

SimServer::SimServer(std::shared_ptr<Core> core, std::shared_ptr<const SimShared> shared, uint16_t port,
                     std::string address)
    : core_(std::move(core)), shared_(std::move(shared)), port_(port), address_(std::move(address)) {}

SimServer::~SimServer() { Stop(); }

void SimServer::Stop() { core_->Stop(); }

std::string SimServer::Url(int camera) const {
  // A wildcard listener is reached on loopback from this machine.
  const std::string address = address_ == "0.0.0.0" ? "127.0.0.1" : address_ == "::" ? "::1" : address_;
  const bool v6 = address.find(':') != std::string::npos;
  const std::string host = v6 ? "[" + address + "]" : address;
  return "rtsp://" + host + ":" + std::to_string(port_) + "/cam" + std::to_string(camera);
}

SimStats SimServer::stats() const {
  const SimCounters& c = shared_->counters;
  SimStats s;
  s.sessions_accepted = c.sessions_accepted.load(std::memory_order_relaxed);
  s.sessions_open = c.sessions_open.load(std::memory_order_relaxed);
  s.sessions_playing = c.sessions_playing.load(std::memory_order_relaxed);
  s.bytes_sent = c.bytes_sent.load(std::memory_order_relaxed);
  s.packets_sent = c.packets_sent.load(std::memory_order_relaxed);
  s.packets_dropped = c.packets_dropped.load(std::memory_order_relaxed);
  s.bad_requests = c.bad_requests.load(std::memory_order_relaxed);
  return s;
}

}  // namespace custos::sim
