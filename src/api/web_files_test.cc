// The web UI's files: index.html for client routes, MIME types, cache policy, and no way
// out of the folder (.., symbolic links).
#include "api/web_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace custos::api {
namespace {

namespace fs = std::filesystem;

class WebFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("custos_web_" + std::to_string(::getpid()) + "_" +
                                          ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(base_ / "dist" / "assets");
    Write("dist/index.html", "<!doctype html>");
    Write("dist/assets/index-1a2b3c.js", "export {}");
    Write("dist/favicon.svg", "<svg/>");
    Write("secret.txt", "outside");
    root_ = (base_ / "dist").string();
  }
  void TearDown() override { fs::remove_all(base_); }
  void Write(const std::string& rel, const std::string& text) { std::ofstream(base_ / rel) << text; }

  fs::path base_;
  std::string root_;
};

TEST_F(WebFilesTest, RootAndClientRoutesGetTheIndexNeverCached) {
  for (const char* path : {"/", "/index.html", "/live", "/playback/gate"}) {
    SCOPED_TRACE(path);
    auto f = ResolveWebFile(root_, path);
    ASSERT_TRUE(f) << f.error().ToString();
    EXPECT_TRUE(f->is_index);
    EXPECT_EQ(fs::path(f->path).filename(), "index.html");
    EXPECT_EQ(f->content_type, "text/html; charset=utf-8");
    EXPECT_EQ(f->cache_control, "no-cache");
  }
}

TEST_F(WebFilesTest, HashedAssetsAreImmutableOtherFilesRevalidated) {
  auto js = ResolveWebFile(root_, "/assets/index-1a2b3c.js");
  ASSERT_TRUE(js) << js.error().ToString();
  EXPECT_FALSE(js->is_index);
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(js->cache_control, "public, max-age=31536000, immutable");
  auto svg = ResolveWebFile(root_, "/favicon.svg");
  ASSERT_TRUE(svg);
  EXPECT_EQ(svg->content_type, "image/svg+xml");
  EXPECT_EQ(svg->cache_control, "public, max-age=0, must-revalidate");
}

TEST_F(WebFilesTest, AMissingFileWithAnExtensionIsNotFound) {
  auto f = ResolveWebFile(root_, "/assets/gone-123.js");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code(), StatusCode::kNotFound);
}

TEST_F(WebFilesTest, NoPathLeadsOutOfTheFolder) {
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/./index.html", "//etc/passwd",
                           "/assets//x.js", "/a\\..\\secret.txt"}) {
    SCOPED_TRACE(path);
    auto f = ResolveWebFile(root_, path);
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().code(), StatusCode::kInvalidArgument);
  }
  fs::create_symlink(base_ / "secret.txt", base_ / "dist" / "link.txt");
  auto f = ResolveWebFile(root_, "/link.txt");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code(), StatusCode::kInvalidArgument);
}

TEST_F(WebFilesTest, WithoutABuiltUiTheErrorSaysHowToBuildIt) {
  fs::remove(base_ / "dist" / "index.html");
  auto f = ResolveWebFile(root_, "/");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(f.error().message().find("make build"), std::string::npos);
  EXPECT_FALSE(ResolveWebFile((base_ / "nowhere").string(), "/"));
}

TEST(ContentTypeFor, KnownAndUnknownExtensions) {
  EXPECT_EQ(ContentTypeFor("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("a.bin"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("html"), "application/octet-stream");
}

}  // namespace
}  // namespace custos::api
