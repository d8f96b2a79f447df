// test_loop.h: test-only helper: an io_context running on its own thread, as the
// recorder runs its event loops. Run() executes a function on the loop and waits for it.
// Thread-safety: Run() may be called from any thread but the loop's own.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <future>
#include <thread>

namespace custos {

class TestLoop {
 public:
  TestLoop() : guard_(boost::asio::make_work_guard(io_)), thread_([this] { io_.run(); }) {}
  ~TestLoop() {
    guard_.reset();
    io_.stop();
    thread_.join();
  }
  template <typename F>
  void Run(F&& f) {
    std::promise<void> done;
    boost::asio::post(io_, [&] {
      f();
      done.set_value();
    });
    done.get_future().wait();
  }
  boost::asio::any_io_executor executor() { return io_.get_executor(); }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread thread_;
};

}  // namespace custos
