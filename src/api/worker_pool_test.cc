#include "api/worker_pool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <future>

namespace custos::api {
namespace {

class WorkerPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("custos_pool_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  WorkerPool::CatalogFactory Factory() {
    std::string path = (dir_ / "custos.db").string();
    return [path] { return Catalog::Open(path); };
  }
  std::filesystem::path dir_;
};

TEST_F(WorkerPoolTest, EachWorkerHasItsOwnCatalog) {
  auto pool = WorkerPool::Start(Factory(), 2, 8);
  ASSERT_TRUE(pool) << pool.error().ToString();
  std::promise<Catalog*> a, b;
  std::atomic<int> arrived{0};
  std::promise<void> both;
  // Two tasks that wait for each other: they can only finish on two different workers.
  std::shared_future<void> both_f = both.get_future().share();
  auto wait_task = [&](std::promise<Catalog*>& out) {
    return [&, both_f](Catalog& c) {
      if (++arrived == 2) both.set_value();
      both_f.wait();
      out.set_value(&c);
    };
  };
  ASSERT_TRUE((*pool)->TrySubmit(wait_task(a)));
  ASSERT_TRUE((*pool)->TrySubmit(wait_task(b)));
  EXPECT_NE(a.get_future().get(), b.get_future().get());
}

TEST_F(WorkerPoolTest, AFullQueueRefusesAtOnce) {
  auto pool = WorkerPool::Start(Factory(), 1, 2);
  ASSERT_TRUE(pool);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE((*pool)->TrySubmit([&, released](Catalog&) {
    started.set_value();
    released.wait();
  }));
  started.get_future().wait();  // the worker is busy; the queue is empty
  EXPECT_TRUE((*pool)->TrySubmit([released](Catalog&) {}));
  EXPECT_TRUE((*pool)->TrySubmit([released](Catalog&) {}));
  EXPECT_EQ((*pool)->queued(), 2u);
  EXPECT_FALSE((*pool)->TrySubmit([](Catalog&) {}));
  release.set_value();
  (*pool)->Stop();
  EXPECT_FALSE((*pool)->TrySubmit([](Catalog&) {}));
}

}  // namespace
}  // namespace custos::api
