// custos_fixture.h: a real `custos serve` on a temporary data folder, and the ffmpeg
// judges of what it writes. Thread-safety: test thread only.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "harness.h"

namespace custos::testing {

class CustosTest : public ::testing::Test {
 protected:
  void TearDown() override;

  // Starts `custos serve` with short recordings (4 s) and a short stall timeout, and `extra`
  // options (e.g. --tls-cert/--tls-key).
  void StartServe(const std::vector<std::string>& extra = {});
  // SIGTERM and wait: every recording is closed.
  void StopServe();
  CommandResult Custos(std::vector<std::string> args);  // `custos ARGS --data DIR`
  std::unique_ptr<Catalog> OpenCatalog();
  std::vector<Recording> Recordings(const std::string& camera);
  std::vector<Recording> FinishedRecordings(const std::string& camera);
  std::string PathOf(const Recording& r) const { return data_.path() + "/" + r.file_path; }
  // Waits until the camera has `n` finished recordings.
  bool WaitForFinished(const std::string& camera, size_t n, std::chrono::seconds timeout);
  std::string ServeOutput() const { return serve_ ? serve_->Output() : ""; }
  // The HTTP port `serve` printed ("Listening on http[s]://127.0.0.1:PORT/").
  int HttpPort() const;
  // The admin password `serve` printed at first start ("Administrator: admin, password: X").
  // The bootstrap administrator's password, from the first start's output.
  std::string AdminPassword();
  // Logs in as admin through the API; empty cookie on failure.
  struct ApiSession {
    std::string cookie;  // "custos_session=…", for a Cookie header
    std::string csrf;    // for the X-Custos-CSRF header
  };
  ApiSession Login(int port);
  ApiSession LoginAs(int port, const std::string& user, const std::string& password);
  // `custos user add NAME --role R... --camera C...` with a generated password; returns
  // "NAME:PASSWORD" ("NAME:" if no password was printed).
  std::string AddUser(const std::string& name, const std::vector<std::string>& roles,
                      const std::vector<std::string>& cameras = {});
  // Adds a user with `custos user add` (a generated password) and logs in as them.
  ApiSession AddUserAndLogIn(int port, const std::string& name, const std::string& role,
                             const std::vector<std::string>& cameras = {});
  // Gives `investigator` (a session of an investigator) an approved export grant for
  // `camera` over [from, to): files the request and has two new approvers approve it.
  // Empty on success, else what failed.
  std::string GrantExport(int port, const ApiSession& investigator, const std::string& camera, WallTime90k from,
                          WallTime90k to);

  TempDir data_;
  std::unique_ptr<Process> serve_;
  std::string admin_password_;  // AdminPassword(), once read
};

// `ffmpeg -v error -i FILE -f null -`: empty when the file decodes cleanly.
std::string FfmpegErrors(const std::string& path);
int64_t FfprobeFrames(const std::string& path);
double FfprobeDurationSeconds(const std::string& path);
// The video stream's start_time (negative when an edit list puts frames before 0).
double FfprobeStartSeconds(const std::string& path);

// Every picture of a JPEG or video file as 8-bit grey frames of width x height (ffmpeg);
// empty when it does not decode to that size.
std::vector<std::string> GreyFrames(const std::string& path, int width, int height);
struct Luma {
  double mean = 0;
  double stddev = 0;
  // A filled privacy zone: dark and flat (luma 16 before JPEG / H.264 coding).
  bool Masked() const { return mean < 40 && stddev < 5; }
  std::string ToString() const;
};
// Columns [x0, x1) of a grey frame `width` wide, all rows.
Luma ColumnsLuma(const std::string& frame, int width, int x0, int x1);

}  // namespace custos::testing
