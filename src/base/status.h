// status.h: Status and Result<T>, the error values of all core code.
//
// Core code never throws on ingest, storage or request paths; it returns a Status
// (code + message) or a Result<T> (a T or a Status). Context is added at each hop with
// Status::With("while doing X"). Thread-safety: plain values, safe to copy across threads.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace custos {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kPermissionDenied,
  kUnauthenticated,
  kFailedPrecondition,
  kOutOfRange,
  kUnavailable,
  kResourceExhausted,
  kDataLoss,
  kUnimplemented,
  kInternal,
  kCancelled,
  kDeadlineExceeded,
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  // Lets `return Err(s);` and CUSTOS_RETURN_IF_ERROR serve functions returning Status too.
  Status(tl::unexpected<Status> u) : Status(std::move(u.value())) {}  // NOLINT: implicit by design

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy with `context` prepended: "context: message".
  Status With(std::string_view context) const;
  // "CODE: message", for logs and CLI output.
  std::string ToString() const;

  bool operator==(const Status& other) const = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
inline Status PermissionDenied(std::string m) { return {StatusCode::kPermissionDenied, std::move(m)}; }
inline Status Unauthenticated(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
inline Status FailedPrecondition(std::string m) { return {StatusCode::kFailedPrecondition, std::move(m)}; }
inline Status OutOfRange(std::string m) { return {StatusCode::kOutOfRange, std::move(m)}; }
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status ResourceExhausted(std::string m) { return {StatusCode::kResourceExhausted, std::move(m)}; }
inline Status DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
inline Status Unimplemented(std::string m) { return {StatusCode::kUnimplemented, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Status Cancelled(std::string m) { return {StatusCode::kCancelled, std::move(m)}; }
inline Status DeadlineExceeded(std::string m) { return {StatusCode::kDeadlineExceeded, std::move(m)}; }

// Maps an errno value into a Status, once, at the system-call boundary.
Status ErrnoStatus(int err, std::string_view what);

template <typename T>
using Result = tl::expected<T, Status>;

// Converts a Status into the error branch of a Result: `return Err(status);`
inline tl::unexpected<Status> Err(Status s) { return tl::unexpected<Status>(std::move(s)); }

}  // namespace custos

// Propagates a non-ok Status from an expression returning Status, out of a function that
// returns Status or Result<T>.
#define CUSTOS_RETURN_IF_ERROR(expr)                                  \
  do {                                                                \
    ::custos::Status custos_s_ = (expr);                              \
    if (!custos_s_.ok()) return ::custos::Err(std::move(custos_s_));  \
  } while (0)
