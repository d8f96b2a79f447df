// Tests of gaps: opening, closing, the one-open-gap rule and range listing.
#include "catalog/catalog_test_util.h"

namespace custos::testing {
namespace {

class GapStoreTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    ASSERT_TRUE(catalog_->AddCamera(TestCamera("gate")).ok());
  }
};

TEST_F(GapStoreTest, OpenThenClose) {
  Result<int64_t> id = catalog_->OpenGap("gate", WallTime90k{kT0}, GapReason::kAuthFailed, "401 Unauthorized");
  ASSERT_TRUE(id) << id.error().ToString();
  Result<std::optional<Gap>> open = catalog_->GetOpenGap("gate");
  ASSERT_TRUE(open && *open);
  EXPECT_EQ((*open)->id, *id);
  EXPECT_EQ((*open)->reason, GapReason::kAuthFailed);
  EXPECT_EQ((*open)->detail, "401 Unauthorized");
  EXPECT_FALSE((*open)->end_wall_90k);

  Result<int64_t> second = catalog_->OpenGap("gate", WallTime90k{kT0 + 1}, GapReason::kRestart, "");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code(), StatusCode::kFailedPrecondition);

  EXPECT_EQ(catalog_->CloseGap(*id, WallTime90k{kT0 - 1}).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(catalog_->CloseGap(*id, WallTime90k{kT0 + 10 * kSecond}).ok());
  EXPECT_EQ(catalog_->CloseGap(*id, WallTime90k{kT0 + 20 * kSecond}).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(catalog_->CloseGap(*id + 100, WallTime90k{kT0}).code(), StatusCode::kNotFound);
  EXPECT_FALSE(*catalog_->GetOpenGap("gate"));

  EXPECT_TRUE(catalog_->OpenGap("gate", WallTime90k{kT0 + 20 * kSecond}, GapReason::kRestart, ""));
  EXPECT_EQ(catalog_->OpenGap("nope", WallTime90k{kT0}, GapReason::kRestart, "").error().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(GapStoreTest, ListsOverlappingGapsIncludingTheOpenOne) {
  const int64_t a = *catalog_->OpenGap("gate", WallTime90k{kT0}, GapReason::kCameraOffline, "");
  ASSERT_TRUE(catalog_->CloseGap(a, WallTime90k{kT0 + 10 * kSecond}).ok());
  const int64_t b = *catalog_->OpenGap("gate", WallTime90k{kT0 + 20 * kSecond}, GapReason::kDiskFull, "");
  auto ids = [&](int64_t from, int64_t to) {
    Result<std::vector<Gap>> gaps = catalog_->ListGaps("gate", WallTime90k{kT0 + from}, WallTime90k{kT0 + to});
    std::vector<int64_t> out;
    for (const Gap& g : gaps.value()) out.push_back(g.id);
    return out;
  };
  using V = std::vector<int64_t>;
  EXPECT_EQ(ids(0, 3600 * kSecond), (V{a, b}));
  EXPECT_EQ(ids(10 * kSecond, 20 * kSecond), V{});  // half-open at both edges
  EXPECT_EQ(ids(5 * kSecond, 6 * kSecond), (V{a}));
  EXPECT_EQ(ids(1000 * kSecond, 2000 * kSecond), (V{b}));  // open: reaches now
  EXPECT_TRUE(catalog_->ListGaps("door", WallTime90k{kT0}, WallTime90k{kT0 + kSecond})->empty());
}

TEST_F(GapStoreTest, UnknownStoredReasonIsDataLoss) {
  ASSERT_TRUE(catalog_->OpenGap("gate", WallTime90k{kT0}, GapReason::kOverload, ""));
  std::unique_ptr<SqliteDb> raw = OpenRaw();
  ASSERT_TRUE(raw->Exec("UPDATE gap SET reason = 'gremlins'", "test").ok());
  Result<std::optional<Gap>> open = catalog_->GetOpenGap("gate");
  ASSERT_FALSE(open);
  EXPECT_EQ(open.error().code(), StatusCode::kDataLoss);
}

TEST(GapReasonTest, TextRoundTrips) {
  for (GapReason r : {GapReason::kCameraOffline, GapReason::kAuthFailed, GapReason::kPacketLoss, GapReason::kRestart,
                      GapReason::kDiscontinuity, GapReason::kDiskFull, GapReason::kStorageError, GapReason::kOverload,
                      GapReason::kDisabled}) {
    EXPECT_EQ(ParseGapReason(ToString(r)), r) << ToString(r);
  }
  EXPECT_FALSE(ParseGapReason("gremlins"));
}

}  // namespace
}  // namespace custos::testing
