#include "harness.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>

extern char** environ;

namespace custos::testing {

std::string CustosBinary() { return CUSTOS_BINARY; }
std::string CameraScript() { return CUSTOS_CAMERA_SCRIPT; }

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "custos_it_XXXXXX").string();
  path_ = ::mkdtemp(tmpl.data());
}

TempDir::~TempDir() {
  if (std::getenv("CUSTOS_KEEP_TEST_DATA") == nullptr) std::filesystem::remove_all(path_);
}

std::unique_ptr<Process> Process::Spawn(const std::vector<std::string>& argv) {
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) != 0) return nullptr;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::unique_ptr<Process> p(new Process());
  int rc = posix_spawnp(&p->pid_, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(pipefd[1]);
  if (rc != 0) {
    ::close(pipefd[0]);
    return nullptr;
  }
  p->out_fd_ = pipefd[0];
  p->reader_ = std::thread([raw = p.get()] {
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(raw->out_fd_, buf, sizeof buf);
      if (n <= 0) break;
      std::lock_guard lock(raw->mu_);
      raw->output_.append(buf, static_cast<size_t>(n));
    }
  });
  return p;
}

Process::~Process() {
  if (running()) {
    Signal(SIGKILL);
    Wait();
  }
  if (reader_.joinable()) reader_.join();
  if (out_fd_ >= 0) ::close(out_fd_);
}

bool Process::running() {
  if (exited_ || pid_ <= 0) return false;
  int st = 0;
  if (::waitpid(pid_, &st, WNOHANG) == pid_) {
    exited_ = true;
    status_ = st;
    return false;
  }
  return true;
}

bool Process::WaitForOutput(const std::string& text, std::chrono::milliseconds timeout) {
  return WaitUntil(
      [&] {
        {
          std::lock_guard lock(mu_);
          if (output_.find(text) != std::string::npos) return true;
        }
        return false;
      },
      timeout);
}

std::string Process::Output() const {
  std::lock_guard lock(mu_);
  return output_;
}

void Process::Signal(int sig) {
  if (pid_ > 0 && !exited_) ::kill(pid_, sig);
}

int Process::Wait(std::chrono::milliseconds timeout) {
  WaitUntil([&] { return !running(); }, timeout);
  if (!exited_) return -1;
  if (reader_.joinable()) reader_.join();
  if (WIFEXITED(status_)) return WEXITSTATUS(status_);
  return 128 + WTERMSIG(status_);
}

CommandResult Run(const std::vector<std::string>& argv, std::chrono::seconds timeout) {
  CommandResult r;
  auto p = Process::Spawn(argv);
  if (!p) {
    r.out = "cannot start " + argv[0];
    return r;
  }
  if (!WaitUntil([&] { return !p->running(); }, timeout)) p->Signal(SIGKILL);
  r.exit_code = p->Wait();
  r.out = p->Output();
  return r;
}

CommandResult RunCustos(const std::string& data_dir, std::vector<std::string> args) {
  args.insert(args.begin(), CustosBinary());
  args.push_back("--data");
  args.push_back(data_dir);
  return Run(args);
}

std::string HttpGet(int port, const std::string& target) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (::write(fd, req.data(), req.size()) == static_cast<ssize_t>(req.size())) {
      char buf[4096];
      for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 5000) <= 0) break;
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
      }
    }
  }
  ::close(fd);
  return out;
}

std::string HttpResponse::Header(const std::string& name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return v;
  }
  return "";
}

HttpResponse HttpRequest(int port, const std::string& method, const std::string& target, const HttpHeaders& headers,
                         const std::string& body) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& [n, v] : headers) req += n + ": " + v + "\r\n";
  if (!body.empty() || method == "POST") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  HttpResponse res;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string raw;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::write(fd, req.data(), req.size()) == static_cast<ssize_t>(req.size())) {
    std::vector<char> buf(1 << 16);
    for (;;) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 20000) <= 0) break;
      ssize_t n = ::read(fd, buf.data(), buf.size());
      if (n <= 0) break;
      raw.append(buf.data(), static_cast<size_t>(n));
    }
  }
  ::close(fd);
  const size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos || raw.compare(0, 9, "HTTP/1.1 ") != 0) return res;
  res.status = std::atoi(raw.c_str() + 9);
  size_t at = raw.find("\r\n") + 2;
  while (at < head_end) {
    const size_t eol = raw.find("\r\n", at);
    const std::string line = raw.substr(at, eol - at);
    const size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t v = colon + 1;
      while (v < line.size() && line[v] == ' ') ++v;
      res.headers.emplace_back(name, line.substr(v));
    }
    at = eol + 2;
  }
  res.body = raw.substr(head_end + 4);
  return res;
}

bool WaitUntil(const std::function<bool()>& ready, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (ready()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    ::poll(nullptr, 0, 100);
  }
}

std::unique_ptr<Camera> StartCamera(const std::vector<std::string>& extra, int port) {
  auto cam = std::make_unique<Camera>();
  cam->port = port ? port : FreePort();
  cam->args = {CameraScript(), "--port", std::to_string(cam->port), "--size", "640x360", "--kbps", "800",
               "--gop", "25"};
  cam->args.insert(cam->args.end(), extra.begin(), extra.end());
  cam->process = Process::Spawn(cam->args);
  if (!cam->process || !cam->process->WaitForOutput("ready", std::chrono::seconds(20))) return nullptr;
  return cam;
}

}  // namespace custos::testing
