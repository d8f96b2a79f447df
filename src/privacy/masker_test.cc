#include "privacy/masker.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace custos::privacy {
namespace {

I420Frame Noise(int w, int h) {
  I420Frame f;
  f.Allocate(w, h);
  std::mt19937 rng(7);
  for (auto& b : f.y) b = static_cast<uint8_t>(rng());
  for (auto& b : f.u) b = static_cast<uint8_t>(rng());
  for (auto& b : f.v) b = static_cast<uint8_t>(rng());
  return f;
}

// Mean absolute difference between horizontal neighbours: high for detail, ~0 when smooth.
double Detail(const I420Frame& f, PixelBox b) {
  double sum = 0;
  int n = 0;
  for (int y = b.y; y < b.y + b.height; ++y) {
    for (int x = b.x + 1; x < b.x + b.width; ++x) {
      sum += std::abs(f.y[y * f.width + x] - f.y[y * f.width + x - 1]);
      ++n;
    }
  }
  return sum / n;
}

TEST(MaskerTest, ZonesAreFilledOpaquelyAndNothingElse) {
  I420Frame f = Noise(320, 240);
  const I420Frame before = f;
  Masker m({{"left half", {{0, 0}, {0.5, 0}, {0.5, 1}, {0, 1}}}});
  m.Apply(f, {});
  for (int y = 0; y < 240; ++y) {
    EXPECT_EQ(f.y[y * 320 + 10], 16);
    EXPECT_EQ(f.y[y * 320 + 150], 16);
    EXPECT_EQ(f.y[y * 320 + 200], before.y[y * 320 + 200]);
  }
  EXPECT_EQ(f.u[50 * 160 + 20], 128);
  EXPECT_EQ(f.v[50 * 160 + 100], before.v[50 * 160 + 100]);
}

TEST(MaskerTest, RegionsLoseTheirDetailAndTheRestKeepsIt) {
  I420Frame f = Noise(320, 240);
  const I420Frame before = f;
  const PixelBox face{100, 60, 80, 96};
  Masker(std::vector<PrivacyZone>{}).Apply(f, {face});
  EXPECT_GT(Detail(before, face), 60);
  EXPECT_LT(Detail(f, face), 10);
  EXPECT_EQ(Detail(f, {0, 0, 90, 50}), Detail(before, {0, 0, 90, 50}));
}

TEST(MaskerTest, RegionsPartlyOutsideThePictureAreClipped) {
  I420Frame f = Noise(64, 48);
  Masker(std::vector<PrivacyZone>{}).Apply(f, {{-30, -30, 60, 60}, {50, 40, 100, 100}, {200, 200, 10, 10}});
  EXPECT_LT(Detail(f, {0, 0, 28, 28}), 20);
  EXPECT_EQ(ClipBox({-5, 10, 20, 100}, 64, 48), (PixelBox{0, 10, 15, 38}));
}

}  // namespace
}  // namespace custos::privacy
