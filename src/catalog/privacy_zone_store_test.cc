// Tests of the privacy-zone storage: default, replace, unknown camera, schema upgrade from 2.
#include "catalog/catalog_test_util.h"
#include "catalog/schema.h"

namespace custos::testing {
namespace {

class PrivacyZoneStoreTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    ASSERT_TRUE(catalog_->AddCamera(TestCamera("gate")).ok());
  }
};

TEST_F(PrivacyZoneStoreTest, EmptyByDefaultThenReplaced) {
  Result<std::string> zones = catalog_->GetPrivacyZonesJson("gate");
  ASSERT_TRUE(zones) << zones.error().ToString();
  EXPECT_EQ(*zones, "[]");
  ASSERT_TRUE(catalog_->SetPrivacyZonesJson("gate", R"([{"name":"a","points":[[0,0],[1,0],[0,1]]}])").ok());
  ASSERT_TRUE(catalog_->SetPrivacyZonesJson("gate", R"([{"name":"b","points":[[0,0],[1,0],[0,1]]}])").ok());
  zones = catalog_->GetPrivacyZonesJson("gate");
  ASSERT_TRUE(zones);
  EXPECT_EQ(*zones, R"([{"name":"b","points":[[0,0],[1,0],[0,1]]}])");
}

TEST_F(PrivacyZoneStoreTest, UnknownCameraIsNotFound) {
  EXPECT_EQ(catalog_->GetPrivacyZonesJson("nope").error().code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->SetPrivacyZonesJson("nope", "[]").code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace custos::testing
