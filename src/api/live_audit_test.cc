#include "api/live_audit.h"

#include <gtest/gtest.h>

namespace custos::api {
namespace {

TEST(LiveViewAuditTest, EachViewEndsOnceWithItsReasonAndDuration) {
  MemoryAuditSink sink;
  FakeClock clock(WallTime90k{90000 * 1000});
  LiveViewAudit audit(sink, clock);
  const uint64_t a = audit.Begin({"op", "10.0.0.7", "gate"});
  clock.Advance(90000 * 42);
  audit.End(a, "closed by the client");
  audit.End(a, "the connection ended");  // the second end of a view is not reported
  audit.Shutdown();
  const auto events = sink.events();
  ASSERT_EQ(events.size(), 1u);
  const AuditEvent& e = events[0];
  EXPECT_EQ(e.actor, "op");
  EXPECT_EQ(e.action, "live_stop");
  EXPECT_EQ(e.outcome, "ok");
  EXPECT_EQ(e.camera_ids, std::vector<std::string>{"gate"});
  EXPECT_EQ(e.client, "10.0.0.7");
  ASSERT_TRUE(e.from_wall_90k && e.to_wall_90k);
  EXPECT_EQ(e.to_wall_90k->ticks_90k - e.from_wall_90k->ticks_90k, 90000 * 42);
  EXPECT_NE(e.detail.find("closed by the client"), std::string::npos) << e.detail;
  EXPECT_NE(e.detail.find("lasted 42.0 s"), std::string::npos) << e.detail;
}

TEST(LiveViewAuditTest, ShutdownEndsEveryOpenViewAndLaterEndsAreIgnored) {
  MemoryAuditSink sink;
  FakeClock clock(WallTime90k{90000});
  LiveViewAudit audit(sink, clock);
  const uint64_t a = audit.Begin({"op", "", "gate"});
  const uint64_t b = audit.Begin({"inv", "", "yard"});
  audit.End(a, "write failed");
  audit.Shutdown();
  audit.End(b, "the connection ended");  // as a session destroyed after the loop stopped
  audit.Shutdown();
  const auto events = sink.events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].actor, "op");
  EXPECT_NE(events[0].detail.find("write failed"), std::string::npos);
  EXPECT_EQ(events[1].actor, "inv");
  EXPECT_NE(events[1].detail.find("server shutdown"), std::string::npos) << events[1].detail;
}

}  // namespace
}  // namespace custos::api
