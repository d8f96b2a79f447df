#include "sim/sim_test_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "sim/sim_main.h"

namespace custos::sim::testing {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "custos-sim-XXXXXX").string();
  if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

CommandResult RunCommand(const std::string& command) {
  CommandResult r;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) r.output.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

Result<std::string> MakeClip(const std::string& dir, const std::string& name, const ClipSpec& spec) {
  const std::string path = dir + "/" + name;
  std::string codec = spec.h265 ? "-c:v libx265 -x265-params log-level=error" : "-c:v libx264";
  if (!spec.b_frames) codec += " -bf 0";
  const std::string cmd = "ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=640x360:rate=25 -t " +
                          std::to_string(spec.seconds) + " " + codec + " -preset ultrafast -g " +
                          std::to_string(spec.gop_frames) + " -pix_fmt yuv420p -y " + path + " 2>&1";
  CommandResult r = RunCommand(cmd);
  if (r.exit_code != 0) return Err(Internal("ffmpeg failed making a test clip: " + r.output));
  return path;
}

ServerThread::~ServerThread() {
  io_.stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();  // after the loop stopped, as SimServer requires
}

Result<std::unique_ptr<ServerThread>> ServerThread::Start(const SimOptions& options) {
  std::unique_ptr<ServerThread> t(new ServerThread());
  Result<std::unique_ptr<SimServer>> server = StartSim(t->io_, options);
  if (!server) return Err(server.error());
  t->server_ = std::move(*server);
  t->thread_ = std::thread([io = &t->io_] { io->run(); });
  return t;
}

RawRtspClient::~RawRtspClient() {
  if (fd_ >= 0) close(fd_);
}

Status RawRtspClient::Connect(uint16_t port, int receive_buffer_bytes) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return ErrnoStatus(errno, "socket");
  if (receive_buffer_bytes > 0 &&
      setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer_bytes, sizeof(receive_buffer_bytes)) != 0) {
    return ErrnoStatus(errno, "setsockopt SO_RCVBUF");
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) return ErrnoStatus(errno, "connect");
  return Status::Ok();
}

Status RawRtspClient::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus(errno, "send");
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

bool RawRtspClient::Fill(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) return false;
  pollfd pfd{fd_, POLLIN, 0};
  if (poll(&pfd, 1, static_cast<int>(left.count())) <= 0) return false;
  char buf[65536];
  const ssize_t n = recv(fd_, buf, sizeof(buf), 0);
  if (n <= 0) return false;
  buffer_.append(buf, static_cast<size_t>(n));
  return true;
}

Result<std::string> RawRtspClient::Request(const std::string& method, const std::string& uri,
                                           const std::string& headers) {
  const std::string req =
      method + " " + uri + " RTSP/1.0\r\nCSeq: " + std::to_string(++cseq_) + "\r\n" + headers + "\r\n";
  if (Status st = Send(req); !st.ok()) return Err(st);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  for (;;) {
    const size_t end = buffer_.find("\r\n\r\n");
    if (end != std::string::npos) {
      std::string head = buffer_.substr(0, end + 4);
      buffer_.erase(0, end + 4);
      return head;
    }
    if (!Fill(deadline)) return Err(DeadlineExceeded("no response to " + method + "; got: " + buffer_));
  }
}

std::string RawRtspClient::ReadUntilClose(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (Fill(deadline)) {
  }
  return std::move(buffer_);
}

Result<Bytes> RawRtspClient::ReadInterleaved(uint8_t& channel, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (buffer_.size() >= 4) {
      if (buffer_[0] != '$') return Err(DataLoss("expected '$', got: " + buffer_.substr(0, 40)));
      const size_t n = (static_cast<uint8_t>(buffer_[2]) << 8) | static_cast<uint8_t>(buffer_[3]);
      if (buffer_.size() >= 4 + n) {
        channel = static_cast<uint8_t>(buffer_[1]);
        Bytes payload(buffer_.begin() + 4, buffer_.begin() + 4 + static_cast<ptrdiff_t>(n));
        buffer_.erase(0, 4 + n);
        return payload;
      }
    }
    if (!Fill(deadline)) return Err(NotFound("no more interleaved data"));
  }
}

}  // namespace custos::sim::testing
