#include "custos_fixture.h"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdlib>

namespace custos::testing {

void CustosTest::TearDown() {
  if (serve_ && serve_->running()) StopServe();
  if (HasFailure() && serve_) std::cerr << "---- custos serve output ----\n" << serve_->Output() << "\n";
}

void CustosTest::StartServe(const std::vector<std::string>& extra) {
  std::vector<std::string> argv{CustosBinary(), "serve", "--data", data_.path(), "--listen", "127.0.0.1:0",
                                "--recording-seconds", "4", "--stall-timeout-ms", "3000", "--log-level", "debug"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  serve_ = Process::Spawn(argv);
  ASSERT_TRUE(serve_);
  ASSERT_TRUE(serve_->WaitForOutput("Custos is recording", std::chrono::seconds(30))) << serve_->Output();
}

void CustosTest::StopServe() {
  serve_->Signal(SIGTERM);
  EXPECT_EQ(serve_->Wait(std::chrono::seconds(30)), 0) << serve_->Output();
}

int CustosTest::HttpPort() const {
  const std::string out = ServeOutput();
  std::string marker = "Listening on http://127.0.0.1:";
  auto at = out.find(marker);
  if (at == std::string::npos) {
    marker = "Listening on https://127.0.0.1:";
    at = out.find(marker);
  }
  if (at == std::string::npos) return 0;
  return std::atoi(out.c_str() + at + marker.size());
}

std::string CustosTest::AdminPassword() {
  // The daemon prints it at its first start only; kept for the restarts that follow.
  if (!admin_password_.empty()) return admin_password_;
  const std::string out = ServeOutput();
  const std::string marker = "Administrator: admin, password: ";
  auto at = out.find(marker);
  if (at == std::string::npos) return "";
  at += marker.size();
  admin_password_ = out.substr(at, out.find_first_of("\r\n", at) - at);
  return admin_password_;
}

CustosTest::ApiSession CustosTest::Login(int port) { return LoginAs(port, "admin", AdminPassword()); }

std::string CustosTest::AddUser(const std::string& name, const std::vector<std::string>& roles,
                                const std::vector<std::string>& cameras) {
  std::vector<std::string> args = {"user", "add", name};
  for (const std::string& role : roles) args.insert(args.end(), {"--role", role});
  for (const std::string& c : cameras) args.insert(args.end(), {"--camera", c});
  CommandResult r = Custos(args);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  const std::string marker = "password: ";
  auto at = r.out.find(marker);
  if (at == std::string::npos) return name + ":";
  at += marker.size();
  return name + ":" + r.out.substr(at, r.out.find_first_of(" \r\n", at) - at);
}

CustosTest::ApiSession CustosTest::AddUserAndLogIn(int port, const std::string& name, const std::string& role,
                                                   const std::vector<std::string>& cameras) {
  const std::string credentials = AddUser(name, {role}, cameras);
  const std::string password = credentials.substr(name.size() + 1);
  if (password.empty()) return {};
  return LoginAs(port, name, password);
}

std::string CustosTest::GrantExport(int port, const ApiSession& inv, const std::string& camera, WallTime90k from,
                                    WallTime90k to) {
  const std::string body = "{\"kind\":\"export\",\"cameras\":[\"" + camera + "\"],\"from\":\"" + FormatIso8601(from) +
                           "\",\"to\":\"" + FormatIso8601(to) +
                           "\",\"purpose\":\"integration test\",\"case_ref\":\"T-1\",\"approval_doc_ref\":\"D-1\","
                           "\"destination\":\"test runner\",\"persons\":[{\"name\":\"Tester\",\"id_number\":\"1\","
                           "\"work_permit\":\"W-1\"}]}";
  HttpResponse filed = HttpRequest(port, "POST", "/api/v1/requests",
                                   {{"Cookie", inv.cookie}, {"X-Custos-CSRF", inv.csrf}}, body);
  if (filed.status != 201) return "filing: " + std::to_string(filed.status) + " " + filed.body;
  const std::string key = "\"id\":";
  auto at = filed.body.find(key);
  if (at == std::string::npos) return "no id in " + filed.body;
  const std::string id = std::to_string(std::atoll(filed.body.c_str() + at + key.size()));
  for (const char* approver : {"approver_a", "approver_b"}) {
    ApiSession a = AddUserAndLogIn(port, approver, "approver");
    HttpResponse r = HttpRequest(port, "POST", "/api/v1/requests/" + id + "/approve",
                                 {{"Cookie", a.cookie}, {"X-Custos-CSRF", a.csrf}}, "{}");
    if (r.status != 200) return std::string("approval by ") + approver + ": " + r.body;
  }
  return "";
}

CustosTest::ApiSession CustosTest::LoginAs(int port, const std::string& user, const std::string& password) {
  const std::string body = "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}";
  HttpResponse r = HttpRequest(port, "POST", "/api/v1/login", {{"Content-Type", "application/json"}}, body);
  ApiSession s;
  if (r.status != 200) return s;
  const std::string set_cookie = r.Header("set-cookie");
  s.cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string key = "\"csrf_token\":\"";
  auto at = r.body.find(key);
  if (at != std::string::npos) {
    at += key.size();
    s.csrf = r.body.substr(at, r.body.find('"', at) - at);
  }
  return s;
}

CommandResult CustosTest::Custos(std::vector<std::string> args) { return RunCustos(data_.path(), std::move(args)); }

std::unique_ptr<Catalog> CustosTest::OpenCatalog() {
  auto c = Catalog::Open(data_.path() + "/custos.db");
  EXPECT_TRUE(c) << c.error().ToString();
  return c ? std::move(*c) : nullptr;
}

std::vector<Recording> CustosTest::Recordings(const std::string& camera) {
  auto c = OpenCatalog();
  if (!c) return {};
  auto r = c->ListRecordings(camera, WallTime90k{0}, WallTime90k{INT64_MAX / 2});
  return r ? *r : std::vector<Recording>{};
}

std::vector<Recording> CustosTest::FinishedRecordings(const std::string& camera) {
  std::vector<Recording> out;
  for (auto& r : Recordings(camera)) {
    if (r.state != RecordingState::kWriting) out.push_back(r);
  }
  return out;
}

bool CustosTest::WaitForFinished(const std::string& camera, size_t n, std::chrono::seconds timeout) {
  return WaitUntil([&] { return FinishedRecordings(camera).size() >= n; }, timeout);
}

std::string FfmpegErrors(const std::string& path) {
  auto r = Run({"ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "null", "-"});
  if (r.exit_code != 0 && r.out.empty()) return "ffmpeg exited with " + std::to_string(r.exit_code);
  return r.out;
}

int64_t FfprobeFrames(const std::string& path) {
  auto r = Run({"ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                "stream=nb_read_frames", "-of", "csv=p=0", path});
  try {
    return std::stoll(r.out);
  } catch (...) {
    return -1;
  }
}

double FfprobeDurationSeconds(const std::string& path) {
  auto r = Run({"ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path});
  try {
    return std::stod(r.out);
  } catch (...) {
    return -1;
  }
}

std::vector<std::string> GreyFrames(const std::string& path, int width, int height) {
  CommandResult r = Run({"ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "gray", "-"});
  std::vector<std::string> frames;
  const size_t size = static_cast<size_t>(width) * height;
  if (r.exit_code != 0 || r.out.empty() || r.out.size() % size != 0) return frames;
  for (size_t at = 0; at < r.out.size(); at += size) frames.push_back(r.out.substr(at, size));
  return frames;
}

std::string Luma::ToString() const { return "mean " + std::to_string(mean) + ", stddev " + std::to_string(stddev); }

Luma ColumnsLuma(const std::string& frame, int width, int x0, int x1) {
  double sum = 0, sum2 = 0;
  int n = 0;
  const int height = static_cast<int>(frame.size() / static_cast<size_t>(width));
  for (int y = 0; y < height; ++y) {
    for (int x = x0; x < x1; ++x) {
      const double v = static_cast<uint8_t>(frame[static_cast<size_t>(y) * width + x]);
      sum += v;
      sum2 += v * v;
      ++n;
    }
  }
  if (n == 0) return {};
  const double mean = sum / n;
  return {mean, std::sqrt(std::max(0.0, sum2 / n - mean * mean))};
}

double FfprobeStartSeconds(const std::string& path) {
  auto r = Run({"ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=start_time", "-of",
                "csv=p=0", path});
  try {
    return std::stod(r.out);
  } catch (...) {
    return -1;
  }
}

}  // namespace custos::testing
