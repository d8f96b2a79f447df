// worker_pool.h: the API's blocking work (SQLite queries, password hashing, file reads for
// exports) off the event loop.
//
// A fixed number of threads, each owning its own Catalog connection for its whole life
// (a Catalog is used by one thread at a time), take tasks from one bounded FIFO queue.
// TrySubmit never blocks: when the queue is full it returns false and the caller answers
// 503 with Retry-After. Thread-safety: TrySubmit and queued() from any thread; Stop() once,
// from the owner, after which queued tasks are dropped unrun.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "base/status.h"
#include "catalog/catalog.h"

namespace custos::api {

class WorkerPool {
 public:
  using Task = std::function<void(Catalog&)>;
  using CatalogFactory = std::function<Result<std::unique_ptr<Catalog>>()>;

  // Opens one catalog per thread (any failure is returned, nothing started).
  static Result<std::unique_ptr<WorkerPool>> Start(const CatalogFactory& open_catalog, int threads,
                                                   size_t max_queued);
  ~WorkerPool();

  bool TrySubmit(Task task);
  size_t queued() const;
  void Stop();

 private:
  explicit WorkerPool(size_t max_queued) : max_queued_(max_queued) {}
  void Run(Catalog& catalog);

  const size_t max_queued_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Task> queue_;  // GUARDED_BY(mu_)
  bool stopping_ = false;   // GUARDED_BY(mu_)
  std::vector<std::unique_ptr<Catalog>> catalogs_;
  std::vector<std::thread> threads_;
};

}  // namespace custos::api
