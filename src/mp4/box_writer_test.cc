#include "mp4/box_writer.h"

#include <limits>

#include <gtest/gtest.h>

#include "mp4/box.h"
#include "mp4/box_reader.h"

namespace custos::mp4 {
namespace {

TEST(FourCCTest, PacksBigEndianAndPrints) {
  EXPECT_EQ(FourCC("moov"), 0x6d6f6f76u);
  EXPECT_EQ(FourCCToString(FourCC("url ")), "url ");
  EXPECT_EQ(FourCCToString(0), "0x00000000");
  EXPECT_EQ(FourCCToString(0x6d6f6f01), "0x6d6f6f01");
}

TEST(BoxWriterTest, PatchesSizeAtEnd) {
  Bytes out;
  ByteWriter w(out);
  size_t start = BeginBox(w, FourCC("free"));
  w.Append(std::string_view("ab"));
  EndBox(w, start);
  EXPECT_EQ(out, (Bytes{0, 0, 0, 10, 'f', 'r', 'e', 'e', 'a', 'b'}));
}

TEST(BoxWriterTest, FullBoxHasVersionAndFlags) {
  Bytes out;
  ByteWriter w(out);
  { ScopedBox box(w, FourCC("tfhd"), 1, 0x020304); }
  EXPECT_EQ(out, (Bytes{0, 0, 0, 12, 't', 'f', 'h', 'd', 1, 0x02, 0x03, 0x04}));
}

TEST(BoxWriterTest, NestedScopesPatchEachLevel) {
  Bytes out = {0xaa};  // boxes need not start at offset 0
  ByteWriter w(out);
  {
    ScopedBox outer(w, FourCC("moof"));
    { ScopedBox inner(w, FourCC("mfhd"), 0, 0); w.U32(7); }
    { ScopedBox empty(w, FourCC("traf")); }
  }
  EXPECT_EQ(out, (Bytes{0xaa, 0, 0, 0, 32, 'm', 'o', 'o', 'f', 0, 0, 0, 16, 'm', 'f', 'h', 'd', 0, 0, 0, 0, 0, 0,
                        0, 7, 0, 0, 0, 8, 't', 'r', 'a', 'f'}));
}

TEST(BoxWriterTest, MdatHeaderIsSmallUntilFourGiB) {
  constexpr uint64_t kMax32 = std::numeric_limits<uint32_t>::max();
  EXPECT_EQ(MdatHeaderBytes(0), 8u);
  EXPECT_EQ(MdatHeaderBytes(kMax32 - 8), 8u);
  EXPECT_EQ(MdatHeaderBytes(kMax32 - 7), 16u);
  Bytes small, large;
  ByteWriter ws(small), wl(large);
  WriteMdatHeader(ws, 100);
  WriteMdatHeader(wl, kMax32);
  EXPECT_EQ(small, (Bytes{0, 0, 0, 108, 'm', 'd', 'a', 't'}));
  EXPECT_EQ(large, (Bytes{0, 0, 0, 1, 'm', 'd', 'a', 't', 0, 0, 0, 1, 0, 0, 0, 15}));
}

TEST(BoxReaderTest, ParsesPlainAndLargeHeaders) {
  BoxHeader h;
  Status error;
  Bytes plain = {0, 0, 0, 10, 'f', 'r', 'e', 'e'};
  ASSERT_TRUE(ParseBoxHeader(plain, h, error));
  EXPECT_TRUE(error.ok());
  EXPECT_EQ(h.type, FourCC("free"));
  EXPECT_EQ(h.size_bytes, 10u);
  EXPECT_EQ(h.header_bytes, 8u);
  Bytes large = {0, 0, 0, 1, 'm', 'd', 'a', 't', 0, 0, 0, 1, 0, 0, 0, 15};
  ASSERT_TRUE(ParseBoxHeader(large, h, error));
  EXPECT_EQ(h.size_bytes, 0x10000000fu);
  EXPECT_EQ(h.header_bytes, 16u);
  EXPECT_FALSE(ParseBoxHeader(ByteSpan(large).first(12), h, error));  // largesize cut short
  Bytes tiny = {0, 0, 0, 7, 'f', 'r', 'e', 'e'};
  ASSERT_TRUE(ParseBoxHeader(tiny, h, error));
  EXPECT_EQ(error.code(), StatusCode::kDataLoss);
}

TEST(BoxReaderTest, ChildBoxesStopAtOverrun) {
  Bytes data = {0, 0, 0, 8, 'f', 'r', 'e', 'e', 0, 0, 0, 9, 's', 'k', 'i', 'p'};
  ChildBoxes it(data);
  Box box;
  ASSERT_TRUE(it.Next(box));
  EXPECT_EQ(box.type, FourCC("free"));
  EXPECT_TRUE(box.payload.empty());
  EXPECT_FALSE(it.Next(box));
  EXPECT_EQ(it.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(FindChild(data, FourCC("skip")).error().code(), StatusCode::kDataLoss);
}

TEST(BoxReaderTest, SizeZeroExtendsToContainerEnd) {
  Bytes data = {0, 0, 0, 0, 'm', 'd', 'a', 't', 1, 2, 3};
  Result<ByteSpan> payload = FindChild(data, FourCC("mdat"));
  ASSERT_TRUE(payload.has_value());
  EXPECT_EQ(payload->size(), 3u);
}

}  // namespace
}  // namespace custos::mp4
