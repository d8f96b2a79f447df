// ExportJobs without a camera: the table, failures, audit, expiry and the DATA/exports
// folder. Jobs that really export are in tests/integration/export_jobs_test.cc.
#include "jobs/export_jobs.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace custos::jobs {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kT0 = int64_t{1795422600} * kTicksPerSecond90k;

class ExportJobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "custos_jobs_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    options_.data_dir = dir_;
    options_.catalog_path = dir_ + "/custos.db";
    options_.sweep_every_ms = 50;
  }
  void TearDown() override {
    jobs_.reset();
    fs::remove_all(dir_);
  }
  void StartJobs() {
    auto j = ExportJobs::Start(options_, nullptr, clock_, &audit_);
    ASSERT_TRUE(j) << j.error().ToString();
    jobs_ = std::move(*j);
  }
  ExportJobRequest Request(const std::string& owner, ExportKind kind = ExportKind::kEvidencePackage) {
    ExportJobRequest r;
    r.owner = owner;
    r.kind = kind;
    r.camera_id = "nowhere";
    r.from_wall_90k = WallTime90k{kT0};
    r.to_wall_90k = WallTime90k{kT0 + 60 * kTicksPerSecond90k};
    r.grant_request_id = 7;
    r.purpose = "case 1";
    return r;
  }
  // Polls until the job is finished (or 20 s pass).
  ExportJobView WaitFinished(const std::string& id) {
    for (int i = 0; i < 2000; ++i) {
      auto v = jobs_->Get(id);
      if (!v || IsTerminal(v->state)) return v.value_or(ExportJobView{});
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "job " << id << " did not finish";
    return {};
  }

  std::string dir_;
  ExportJobsOptions options_;
  FakeClock clock_{WallTime90k{kT0 + 3600 * kTicksPerSecond90k}};
  MemoryAuditSink audit_;
  std::unique_ptr<ExportJobs> jobs_;
};

TEST_F(ExportJobsTest, StartEmptiesTheExportsFolder) {
  fs::create_directories(ExportsDir(dir_) + "/old");
  std::ofstream(ExportsDir(dir_) + "/old/result.tar") << "stale";
  StartJobs();
  EXPECT_TRUE(fs::is_directory(ExportsDir(dir_)));
  EXPECT_TRUE(fs::is_empty(ExportsDir(dir_)));
}

TEST_F(ExportJobsTest, AFailedJobSaysWhyIsAuditedAndLeavesNoFiles) {
  StartJobs();
  auto v = jobs_->Submit(Request("ines"));
  ASSERT_TRUE(v) << v.error().ToString();
  EXPECT_EQ(v->id.size(), 32u);
  EXPECT_EQ(v->state, JobState::kQueued);
  const ExportJobView done = WaitFinished(v->id);
  EXPECT_EQ(done.state, JobState::kFailed);
  EXPECT_FALSE(done.error.empty());
  EXPECT_EQ(done.phase, "finished");
  ASSERT_TRUE(done.expires_wall_90k.has_value());
  EXPECT_EQ(done.expires_wall_90k->ticks_90k - done.finished_wall_90k->ticks_90k, options_.result_ttl_90k);
  EXPECT_FALSE(fs::exists(ExportsDir(dir_) + "/" + v->id));
  auto path = jobs_->ResultPath(v->id);
  ASSERT_FALSE(path);
  EXPECT_EQ(path.error().code(), StatusCode::kFailedPrecondition);
  auto events = audit_.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "export_job_finished");
  EXPECT_EQ(events[0].outcome, "error");
  EXPECT_EQ(events[0].actor, "ines");
  EXPECT_EQ(events[0].request_id, "7");
  EXPECT_EQ(events[0].purpose, "case 1");
  EXPECT_NE(events[0].detail.find(v->id), std::string::npos) << events[0].detail;
  // Cancelling a failed job changes nothing.
  auto c = jobs_->Cancel(v->id);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->state, JobState::kFailed);
}

TEST_F(ExportJobsTest, JobsExpireAfterTheirTime) {
  options_.result_ttl_90k = 600 * kTicksPerSecond90k;
  StartJobs();
  auto v = jobs_->Submit(Request("ines"));
  ASSERT_TRUE(v);
  WaitFinished(v->id);
  clock_.Advance(599 * kTicksPerSecond90k);
  jobs_->SweepExpired();
  EXPECT_TRUE(jobs_->Get(v->id).has_value());
  clock_.Advance(1 * kTicksPerSecond90k);
  jobs_->SweepExpired();
  EXPECT_FALSE(jobs_->Get(v->id).has_value());
  EXPECT_EQ(jobs_->Cancel(v->id).error().code(), StatusCode::kNotFound);
}

TEST_F(ExportJobsTest, ListsOnlyTheOwnersJobs) {
  StartJobs();
  auto a = jobs_->Submit(Request("ines"));
  auto b = jobs_->Submit(Request("otto", ExportKind::kMasked));
  ASSERT_TRUE(a && b);
  auto mine = jobs_->ListOf("ines");
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].id, a->id);
  EXPECT_TRUE(jobs_->ListOf("nobody").empty());
  WaitFinished(a->id);
  WaitFinished(b->id);
}

TEST_F(ExportJobsTest, KindsAndLimitsAreChecked) {
  EXPECT_EQ(*ParseExportKind("masked"), ExportKind::kMasked);
  EXPECT_EQ(*ParseExportKind("evidence_package"), ExportKind::kEvidencePackage);
  auto bad = ParseExportKind("zip");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("evidence_package"), std::string::npos);
  options_.threads = 0;
  EXPECT_FALSE(ExportJobs::Start(options_, nullptr, clock_, &audit_));
}

}  // namespace
}  // namespace custos::jobs
