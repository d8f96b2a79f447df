#include "privacy/zone.h"

#include <gtest/gtest.h>

namespace custos::privacy {
namespace {

PrivacyZone Square() { return {"window", {{0.1, 0.1}, {0.4, 0.1}, {0.4, 0.4}, {0.1, 0.4}}}; }

TEST(ZoneTest, AcceptsASimplePolygon) { EXPECT_TRUE(ValidateZone(Square()).ok()); }

TEST(ZoneTest, RejectsTooFewPoints) {
  Status s = ValidateZone({"x", {{0.1, 0.1}, {0.2, 0.2}}});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("at least 3"), std::string::npos);
}

TEST(ZoneTest, RejectsPointsOutsideThePicture) {
  PrivacyZone z = Square();
  z.points[2] = {1.2, 0.4};
  EXPECT_NE(ValidateZone(z).message().find("outside the picture"), std::string::npos);
}

TEST(ZoneTest, RejectsSelfIntersectingAndFlat) {
  // A bow tie: corners listed across instead of around.
  PrivacyZone bow{"bow", {{0.1, 0.1}, {0.4, 0.4}, {0.4, 0.1}, {0.1, 0.4}}};
  EXPECT_NE(ValidateZone(bow).message().find("crosses itself"), std::string::npos);
  PrivacyZone flat{"flat", {{0.1, 0.1}, {0.2, 0.2}, {0.3, 0.3}}};
  EXPECT_NE(ValidateZone(flat).message().find("no area"), std::string::npos);
}

TEST(ZoneTest, JsonRoundTrip) {
  std::vector<PrivacyZone> zones{Square(), {"", {{0, 0}, {1, 0}, {0.5, 1}}}};
  auto back = ZonesFromJson(ZonesToJson(zones));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, zones);
}

TEST(ZoneTest, JsonErrorsAreClear) {
  EXPECT_FALSE(ZonesFromJson("{}"));
  EXPECT_FALSE(ZonesFromJson("[{\"points\": [[0.1]]}]"));
  EXPECT_FALSE(ZonesFromJson("[{\"points\": [[0.1, 0.1], [0.2, 0.1], [2, 0.2]]}]"));
}

TEST(ZoneTest, ParsesCliPointLists) {
  auto p = ParsePointList("0.1,0.2  0.3,0.2 0.3,0.4");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->size(), 3u);
  EXPECT_EQ((*p)[1], (NormPoint{0.3, 0.2}));
  EXPECT_FALSE(ParsePointList("0.1;0.2"));
  EXPECT_FALSE(ParsePointList("0.1,abc"));
}

}  // namespace
}  // namespace custos::privacy
