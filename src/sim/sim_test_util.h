// sim_test_util.h: helpers for the simulator's tests (not part of custos_sim).
//
// Provides TempDir, RunCommand (a shell command with its output and exit code), MakeClip
// (an H.264 or H.265 test clip made by the ffmpeg CLI), ServerThread (a SimServer on an
// io_context run by its own thread) and RawRtspClient (a blocking TCP client with
// deadlines, for speaking RTSP byte by byte).
// Thread-safety: each helper belongs to the test that made it.
#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "base/bytes.h"
#include "base/status.h"
#include "sim/server.h"
#include "sim/sim_options.h"

namespace custos::sim::testing {

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
  std::string output;  // stdout (and stderr if the command redirects it)
};
CommandResult RunCommand(const std::string& command);

struct ClipSpec {
  bool h265 = false;
  int seconds = 3;
  int gop_frames = 25;
  bool b_frames = true;
};
// Makes `dir`/name with ffmpeg (testsrc2 640x360 at 25 fps); returns its path or the
// ffmpeg error.
Result<std::string> MakeClip(const std::string& dir, const std::string& name, const ClipSpec& spec);

// Runs a SimServer on its own io_context and thread; stops and joins on destruction.
class ServerThread {
 public:
  ~ServerThread();
  static Result<std::unique_ptr<ServerThread>> Start(const SimOptions& options);
  SimServer& server() { return *server_; }

 private:
  ServerThread() = default;
  boost::asio::io_context io_;
  std::unique_ptr<SimServer> server_;
  std::thread thread_;
};

// Polls `pred` until it holds or `timeout` passes.
template <typename Pred>
bool WaitFor(Pred pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

class RawRtspClient {
 public:
  RawRtspClient() = default;
  ~RawRtspClient();
  // Connects to 127.0.0.1:port; a non-zero `receive_buffer_bytes` shrinks the socket's
  // receive buffer first (a slow client in few bytes).
  Status Connect(uint16_t port, int receive_buffer_bytes = 0);
  Status Send(std::string_view bytes);
  // Sends a request with CSeq and `headers` (each ending in CRLF); returns the response
  // head (status line and headers) and leaves anything after it buffered.
  Result<std::string> Request(const std::string& method, const std::string& uri, const std::string& headers = "");
  // Reads until the peer closes or `timeout`; returns everything read (buffered first).
  std::string ReadUntilClose(std::chrono::milliseconds timeout);
  // Reads the next interleaved frame ('$' channel length payload). NotFound at EOF.
  Result<Bytes> ReadInterleaved(uint8_t& channel, std::chrono::milliseconds timeout);

 private:
  // Reads more bytes into buffer_; false on EOF, error or timeout.
  bool Fill(std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  int cseq_ = 0;
  std::string buffer_;
};

}  // namespace custos::sim::testing
