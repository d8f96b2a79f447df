#include "base/status.h"

#include <cerrno>

#include <gtest/gtest.h>

namespace custos {
namespace {

TEST(StatusTest, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, WithAddsContext) {
  Status s = NotFound("no such camera 'gate'").With("camera remove");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.ToString(), "NOT_FOUND: camera remove: no such camera 'gate'");
}

TEST(StatusTest, ErrnoMapping) {
  EXPECT_EQ(ErrnoStatus(ENOSPC, "write").code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(ErrnoStatus(ENOENT, "open").code(), StatusCode::kNotFound);
}

Result<int> Half(int x) {
  if (x % 2) return Err(InvalidArgument("odd"));
  return x / 2;
}

TEST(StatusTest, ResultCarriesValueOrError) {
  EXPECT_EQ(*Half(4), 2);
  EXPECT_FALSE(Half(3).has_value());
  EXPECT_EQ(Half(3).error().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace custos
