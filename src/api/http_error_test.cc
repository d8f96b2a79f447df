#include "api/http_error.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace custos::api {
namespace {

TEST(HttpError, MapsEveryStatusCode) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(StatusCode::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kResourceExhausted), 503);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(StatusCode::kOutOfRange), 416);
  for (StatusCode c : {StatusCode::kDataLoss, StatusCode::kInternal, StatusCode::kUnimplemented,
                       StatusCode::kCancelled, StatusCode::kDeadlineExceeded}) {
    EXPECT_EQ(HttpStatusFor(c), 500) << StatusCodeName(c);
  }
}

TEST(HttpError, BodyHasCodeAndMessage) {
  auto j = nlohmann::json::parse(ErrorBody(NotFound("no camera 'x'")));
  EXPECT_EQ(j["error"]["code"], "not_found");
  EXPECT_EQ(j["error"]["message"], "no camera 'x'");
  j = nlohmann::json::parse(ErrorBody(InvalidArgument("bad \"quote\" \xff")));  // escaped, bad UTF-8 replaced
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
  j = nlohmann::json::parse(ErrorBody(ResourceExhausted("busy")));
  EXPECT_EQ(j["error"]["code"], "overloaded");
}

TEST(HttpError, InternalDetailsStayInTheLog) {
  auto j = nlohmann::json::parse(ErrorBody(DataLoss("/data/recordings/x.mp4 is short")));
  EXPECT_EQ(j["error"]["code"], "internal");
  EXPECT_EQ(j["error"]["message"].get<std::string>().find("/data"), std::string::npos);
}

}  // namespace
}  // namespace custos::api
