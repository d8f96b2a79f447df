#include "api/worker_pool.h"

namespace custos::api {

Result<std::unique_ptr<WorkerPool>> WorkerPool::Start(const CatalogFactory& open_catalog, int threads,
                                                      size_t max_queued) {
  std::unique_ptr<WorkerPool> pool(new WorkerPool(max_queued));
  for (int i = 0; i < threads; ++i) {
    auto c = open_catalog();
    if (!c) return Err(c.error().With("opening the catalog for an API worker"));
    pool->catalogs_.push_back(std::move(*c));
  }
  for (auto& c : pool->catalogs_) {
    Catalog* catalog = c.get();
    pool->threads_.emplace_back([p = pool.get(), catalog] { p->Run(*catalog); });
  }
  return pool;
}

WorkerPool::~WorkerPool() { Stop(); }

bool WorkerPool::TrySubmit(Task task) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= max_queued_) return false;
    queue_.push_back(std::move(task));
  }
  cv_.notify_one();
  return true;
}

size_t WorkerPool::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void WorkerPool::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void WorkerPool::Run(Catalog& catalog) {
  for (;;) {
    Task task;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task(catalog);
  }
}

}  // namespace custos::api
