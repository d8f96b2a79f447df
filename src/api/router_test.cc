#include "api/router.h"

#include <gtest/gtest.h>

namespace custos::api {
namespace {

Result<Reply> Nop(HandlerContext&) { return Reply{}; }

constexpr RouteSpec kTable[] = {
    {Method::kGet, "/api/v1/cameras", Permission::kViewCameras, Nop, ""},
    {Method::kGet, "/api/v1/cameras/{id}", Permission::kViewCameras, Nop, ""},
    {Method::kGet, "/api/v1/cameras/{id}/export.mp4", Permission::kExportVideo, Nop, ""},
    {Method::kPost, "/api/v1/login", Permission::kPublic, Nop, ""},
};

TEST(MatchPattern, BindsParamsAndMatchesLiterals) {
  auto p = MatchPattern("/a/{id}/b", "/a/gate/b");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->at("id"), "gate");
  EXPECT_FALSE(MatchPattern("/a/{id}/b", "/a//b"));
  EXPECT_FALSE(MatchPattern("/a/{id}/b", "/a/gate/c"));
  EXPECT_FALSE(MatchPattern("/a/{id}/b", "/a/gate/b/"));
  EXPECT_FALSE(MatchPattern("/a/{id}", "/a"));
  EXPECT_FALSE(MatchPattern("/a", "a"));
  EXPECT_TRUE(MatchPattern("/a", "/a"));
}

TEST(MatchRoute, FindsTheRouteWithItsParams) {
  auto m = MatchRoute(kTable, "GET", "/api/v1/cameras/gate/export.mp4");
  ASSERT_EQ(m.kind, RouteMatch::kFound);
  EXPECT_EQ(m.route->pattern, "/api/v1/cameras/{id}/export.mp4");
  EXPECT_EQ(m.params.at("id"), "gate");
  m = MatchRoute(kTable, "GET", "/api/v1/cameras");
  ASSERT_EQ(m.kind, RouteMatch::kFound);
  EXPECT_TRUE(m.params.empty());
}

TEST(MatchRoute, HeadMatchesGetRoutes) {
  auto m = MatchRoute(kTable, "HEAD", "/api/v1/cameras/gate/export.mp4");
  ASSERT_EQ(m.kind, RouteMatch::kFound);
  EXPECT_EQ(m.route->method, Method::kGet);
}

TEST(MatchRoute, WrongMethodIs405WithAllow) {
  auto m = MatchRoute(kTable, "POST", "/api/v1/cameras");
  EXPECT_EQ(m.kind, RouteMatch::kMethodNotAllowed);
  EXPECT_EQ(m.allowed, "GET, HEAD");
  m = MatchRoute(kTable, "GET", "/api/v1/login");
  EXPECT_EQ(m.kind, RouteMatch::kMethodNotAllowed);
  EXPECT_EQ(m.allowed, "POST");
  m = MatchRoute(kTable, "DELETE", "/api/v1/cameras/x");
  EXPECT_EQ(m.kind, RouteMatch::kMethodNotAllowed);
}

TEST(MatchRoute, UnknownPathIsNotFound) {
  EXPECT_EQ(MatchRoute(kTable, "GET", "/api/v1/nothing").kind, RouteMatch::kNotFound);
  EXPECT_EQ(MatchRoute(kTable, "GET", "/").kind, RouteMatch::kNotFound);
  EXPECT_EQ(MatchRoute(kTable, "GET", "/api/v1/cameras/a/b/c").kind, RouteMatch::kNotFound);
}

constexpr RouteSpec kWithCatchAll[] = {
    {Method::kGet, "/api/v1/cameras", Permission::kViewCameras, Nop, ""},
    {Method::kPost, "/api/v1/login", Permission::kPublic, Nop, ""},
    {Method::kGet, "/{path*}", Permission::kPublic, Nop, ""},
};

TEST(MatchPattern, CatchAllBindsTheRestOfThePath) {
  EXPECT_EQ(MatchPattern("/{path*}", "/")->at("path"), "");
  EXPECT_EQ(MatchPattern("/{path*}", "/live")->at("path"), "live");
  EXPECT_EQ(MatchPattern("/{path*}", "/assets/index-1a2b.js")->at("path"), "assets/index-1a2b.js");
  EXPECT_EQ(MatchPattern("/web/{rest*}", "/web/a/b/")->at("rest"), "a/b/");
  EXPECT_FALSE(MatchPattern("/web/{rest*}", "/other/a"));
  EXPECT_FALSE(MatchPattern("/{path*}", ""));
}

TEST(MatchRoute, CatchAllOnlyWhenNoOtherRouteMatchesThePath) {
  auto m = MatchRoute(kWithCatchAll, "GET", "/api/v1/cameras");
  ASSERT_EQ(m.kind, RouteMatch::kFound);
  EXPECT_EQ(m.route->pattern, "/api/v1/cameras");
  m = MatchRoute(kWithCatchAll, "HEAD", "/playback/gate");
  ASSERT_EQ(m.kind, RouteMatch::kFound);
  EXPECT_EQ(m.route->pattern, "/{path*}");
  EXPECT_EQ(m.params.at("path"), "playback/gate");
  // A wrong method on an API path stays a 405 naming only the API route's methods.
  m = MatchRoute(kWithCatchAll, "GET", "/api/v1/login");
  EXPECT_EQ(m.kind, RouteMatch::kMethodNotAllowed);
  EXPECT_EQ(m.allowed, "POST");
  // Another method on a path only the catch-all matches is no route at all.
  EXPECT_EQ(MatchRoute(kWithCatchAll, "POST", "/index.html").kind, RouteMatch::kNotFound);
  EXPECT_EQ(MatchRoute(kWithCatchAll, "POST", "/api/v1/nothing").kind, RouteMatch::kNotFound);
}

TEST(Routes, EveryRouteHasAHandlerAndIsUniqueAndOnlyTheWebUiIsOutsideApiV1) {
  auto routes = Routes();
  ASSERT_FALSE(routes.empty());
  for (size_t i = 0; i < routes.size(); ++i) {
    SCOPED_TRACE(std::string(routes[i].pattern));
    // A WebSocket route is served by the connection itself (live_session.h), others by a handler.
    EXPECT_EQ(routes[i].handler != nullptr, !routes[i].websocket);
    if (routes[i].pattern != "/{path*}") {
      EXPECT_EQ(routes[i].pattern.substr(0, 8), "/api/v1/");
    }
    EXPECT_FALSE(routes[i].summary.empty());
    for (size_t j = 0; j < i; ++j) {
      EXPECT_FALSE(routes[i].pattern == routes[j].pattern && routes[i].method == routes[j].method);
    }
  }
}

}  // namespace
}  // namespace custos::api
