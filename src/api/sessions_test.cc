#include "api/sessions.h"

#include <gtest/gtest.h>

#include <set>

namespace custos::api {
namespace {

constexpr int64_t kSecond90k = kTicksPerSecond90k;

TEST(SessionStore, CreateThenLookup) {
  FakeClock clock;
  SessionStore store(clock);
  auto s = store.Create("admin");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->id.size(), 64u);  // 256 bits in hex
  EXPECT_EQ(s->csrf_token.size(), 64u);
  EXPECT_NE(s->id, s->csrf_token);
  auto p = store.Lookup(s->id);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->authenticated);
  EXPECT_TRUE(p->roles.empty()) << "roles come from the catalog per request, not from the session";
  EXPECT_EQ(p->user, "admin");
  EXPECT_EQ(p->csrf_token, s->csrf_token);
  EXPECT_EQ(p->session_id, s->id);
  EXPECT_FALSE(store.Lookup(""));
  EXPECT_FALSE(store.Lookup(s->csrf_token));
  EXPECT_FALSE(store.Lookup(s->id.substr(1)));
}

TEST(SessionStore, IdsAreUnique) {
  FakeClock clock;
  SessionStore store(clock);
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) ids.insert(store.Create("admin")->id);
  EXPECT_EQ(ids.size(), 100u);
}

TEST(SessionStore, IdleSessionsExpireAndUseRefreshes) {
  FakeClock clock;
  SessionStore store(clock, SessionOptions{std::chrono::seconds(60), std::chrono::seconds(3600), 10});
  auto s = store.Create("admin");
  clock.Advance(50 * kSecond90k);
  EXPECT_TRUE(store.Lookup(s->id));  // refreshes the idle timer
  clock.Advance(50 * kSecond90k);
  EXPECT_TRUE(store.Lookup(s->id));
  clock.Advance(61 * kSecond90k);
  EXPECT_FALSE(store.Lookup(s->id));
  EXPECT_EQ(store.size(), 0u);
}

TEST(SessionStore, MaxAgeEndsEvenAnActiveSession) {
  FakeClock clock;
  SessionStore store(clock, SessionOptions{std::chrono::seconds(60), std::chrono::seconds(120), 10});
  auto s = store.Create("admin");
  for (int i = 0; i < 3; ++i) {
    clock.Advance(40 * kSecond90k);
    EXPECT_EQ(store.Lookup(s->id).has_value(), i < 2) << i;
  }
}

TEST(SessionStore, LogoutRemoves) {
  FakeClock clock;
  SessionStore store(clock);
  auto s = store.Create("admin");
  store.Remove(s->id);
  EXPECT_FALSE(store.Lookup(s->id));
}

TEST(SessionStore, FullStoreEvictsTheLeastRecentlyUsed) {
  FakeClock clock;
  SessionStore store(clock, SessionOptions{std::chrono::seconds(600), std::chrono::seconds(3600), 2});
  auto a = store.Create("admin");
  clock.Advance(kSecond90k);
  auto b = store.Create("admin");
  clock.Advance(kSecond90k);
  EXPECT_TRUE(store.Lookup(a->id));  // a is now the more recent
  auto c = store.Create("admin");
  EXPECT_EQ(store.size(), 2u);
  EXPECT_TRUE(store.Lookup(a->id));
  EXPECT_FALSE(store.Lookup(b->id));
  EXPECT_TRUE(store.Lookup(c->id));
}

TEST(CookieValue, FindsTheNamedCookie) {
  EXPECT_EQ(CookieValue("custos_session=abc", "custos_session"), "abc");
  EXPECT_EQ(CookieValue("a=1; custos_session=abc; b=2", "custos_session"), "abc");
  EXPECT_EQ(CookieValue("a=1;custos_session=\"abc\"", "custos_session"), "abc");
  EXPECT_EQ(CookieValue("xcustos_session=abc", "custos_session"), "");
  EXPECT_EQ(CookieValue("", "custos_session"), "");
  EXPECT_EQ(CookieValue("custos_session", "custos_session"), "");
}

}  // namespace
}  // namespace custos::api
