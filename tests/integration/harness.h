// harness.h: what the end-to-end tests need to run real programs: subprocesses with their
// output, free ports, temporary folders, commands whose output is captured, and polling
// with a deadline (never a bare sleep as synchronisation). Thread-safety: Process reads
// its output on a thread of its own; its methods are thread-safe.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace custos::testing {

std::string CustosBinary();
std::string CameraScript();  // ../shared/peers/rtsp-camera
int FreePort();

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};
// Runs argv to completion (killed after `timeout`) and captures its output.
CommandResult Run(const std::vector<std::string>& argv, std::chrono::seconds timeout = std::chrono::seconds(120));
// `custos ARGS --data DATA_DIR`.
CommandResult RunCustos(const std::string& data_dir, std::vector<std::string> args);

class Process {
 public:
  // Starts argv with stdout+stderr captured. Empty on failure to start.
  static std::unique_ptr<Process> Spawn(const std::vector<std::string>& argv);
  ~Process();

  pid_t pid() const { return pid_; }
  // Waits until the output contains `text`; false at the deadline or if the process ended.
  bool WaitForOutput(const std::string& text, std::chrono::milliseconds timeout);
  std::string Output() const;
  void Signal(int sig);
  // Waits for exit (after a signal); returns the exit code, or 128+signal.
  int Wait(std::chrono::milliseconds timeout = std::chrono::milliseconds(20000));
  bool running();

 private:
  Process() = default;
  pid_t pid_ = -1;
  int out_fd_ = -1;
  bool exited_ = false;
  int status_ = 0;
  std::thread reader_;
  mutable std::mutex mu_;
  std::string output_;
};

// A plain HTTP/1.1 GET to 127.0.0.1:port; the whole response (status line, headers, body).
std::string HttpGet(int port, const std::string& target);

// One HTTP/1.1 exchange with 127.0.0.1:port over a fresh connection (Connection: close).
struct HttpResponse {
  int status = 0;  // 0 when no response came
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case, in order
  std::string body;
  // The first header named `name` (lower case), "" if absent.
  std::string Header(const std::string& name) const;
};
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;
HttpResponse HttpRequest(int port, const std::string& method, const std::string& target,
                         const HttpHeaders& headers = {}, const std::string& body = "");

// Polls `ready` every 100 ms until it returns true or `timeout` passes.
bool WaitUntil(const std::function<bool()>& ready, std::chrono::milliseconds timeout);

// A GStreamer RTSP camera (../shared/peers/rtsp-camera) on a free port.
struct Camera {
  int port = 0;
  std::vector<std::string> args;
  std::unique_ptr<Process> process;
  std::string Url(int n = 1) const { return "rtsp://127.0.0.1:" + std::to_string(port) + "/cam" + std::to_string(n); }
};
// Starts a camera with `extra` options (e.g. {"--codec","h265"}); on the same port if given.
std::unique_ptr<Camera> StartCamera(const std::vector<std::string>& extra, int port = 0);

}  // namespace custos::testing
