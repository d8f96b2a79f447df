#include "rtsp/stream_parser.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace custos {
namespace {

ByteSpan AsBytes(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

std::string Frame(uint8_t channel, size_t len, uint8_t fill = 0x11) {
  std::string f = {'$', static_cast<char>(channel), static_cast<char>(len >> 8), static_cast<char>(len & 0xFF)};
  std::string payload(len, static_cast<char>(fill));
  if (len > 0) payload[0] = static_cast<char>(0x80);  // RTP version 2
  return f + payload;
}

// Renders each item as a line, so that different feedings can be compared.
std::string Describe(const RtspItem& item) {
  if (const auto* f = std::get_if<InterleavedFrame>(&item)) {
    unsigned sum = 0;
    for (uint8_t b : f->payload) sum = sum * 31 + b;
    return "frame ch=" + std::to_string(f->channel) + " len=" + std::to_string(f->payload.size()) +
           " sum=" + std::to_string(sum);
  }
  if (const auto* r = std::get_if<RtspResponse>(&item)) {
    std::string s = "response " + std::to_string(r->status_code) + " '" + r->reason + "'";
    for (const auto& [k, v] : r->headers.entries()) s += " [" + k + "=" + v + "]";
    return s + " body=" + r->body;
  }
  if (const auto* q = std::get_if<RtspRequest>(&item)) {
    std::string s = "request " + q->method + " " + q->uri;
    for (const auto& [k, v] : q->headers.entries()) s += " [" + k + "=" + v + "]";
    return s + " body=" + q->body;
  }
  return "need-more";
}

// Feeds `chunks` one by one and drains the parser after each; stops at an error.
std::vector<std::string> Feed(RtspStreamParser& p, const std::vector<std::string>& chunks, Status* error = nullptr) {
  std::vector<std::string> out;
  for (const std::string& c : chunks) {
    p.Append(AsBytes(c));
    while (true) {
      auto item = p.Next();
      if (!item) {
        if (error) *error = item.error();
        return out;
      }
      if (std::holds_alternative<RtspNeedMore>(*item)) break;
      out.push_back(Describe(*item));
    }
  }
  return out;
}

const std::string kDescribeResponse =
    "RTSP/1.0 200 OK\r\n"
    "Cseq: 2 \r\n"  // Longse: trailing space; HiSilicon: odd casing
    "Content-Base: rtsp://10.0.0.1/live/\r\n"
    "Content-Type:application/sdp\r\n"
    "Content-Length: 10\r\n"
    "\r\n"
    "v=0\r\ns=x\r\n";

std::string MixedStream() {
  return kDescribeResponse + Frame(0, 1400) + "\r\n" + Frame(1, 28) +
         "OPTIONS rtsp://10.0.0.1/live/ RTSP/1.0\r\nCSeq: 9\r\nSession: 42\r\n\r\n" +
         "RTSP/1.0 200 OK\nCSeq: 3\nSession:   42;timeout=60  \n\n" + Frame(0, 65535, 0x42) + Frame(0, 0);
}

TEST(RtspStreamParserTest, ParsesAllThreeKinds) {
  RtspStreamParser p;
  auto items = Feed(p, {MixedStream()});
  ASSERT_EQ(items.size(), 7u);
  EXPECT_EQ(items[0],
            "response 200 'OK' [Cseq=2] [Content-Base=rtsp://10.0.0.1/live/] [Content-Type=application/sdp] "
            "[Content-Length=10] body=v=0\r\ns=x\r\n");
  EXPECT_EQ(items[1].substr(0, 22), "frame ch=0 len=1400 su");
  EXPECT_EQ(items[2].substr(0, 19), "frame ch=1 len=28 s");
  EXPECT_EQ(items[3], "request OPTIONS rtsp://10.0.0.1/live/ [CSeq=9] [Session=42] body=");
  EXPECT_EQ(items[4], "response 200 'OK' [CSeq=3] [Session=42;timeout=60] body=");
  EXPECT_EQ(items[5].substr(0, 21), "frame ch=0 len=65535 ");
  EXPECT_EQ(items[6], "frame ch=0 len=0 sum=0");
  EXPECT_EQ(p.stray_newlines(), 2u);
  EXPECT_EQ(p.resync_events(), 0u);
}

TEST(RtspStreamParserTest, SameItemsWhateverTheReadBoundaries) {
  const std::string stream = MixedStream();
  RtspStreamParser whole;
  const auto expected = Feed(whole, {stream});
  // Every split into two reads.
  for (size_t i = 0; i <= stream.size(); i += (i < 2000 || i > stream.size() - 2000) ? 1 : 97) {
    RtspStreamParser p;
    EXPECT_EQ(Feed(p, {stream.substr(0, i), stream.substr(i)}), expected) << "split at " << i;
  }
  // One byte per read.
  std::vector<std::string> bytes;
  for (char c : stream) bytes.emplace_back(1, c);
  RtspStreamParser p;
  EXPECT_EQ(Feed(p, bytes), expected);
}

TEST(RtspStreamParserTest, FramePayloadIsASpanIntoTheBuffer) {
  RtspStreamParser p;
  std::span<uint8_t> dst = p.PrepareWrite();
  std::string f = Frame(2, 100);
  ASSERT_GE(dst.size(), f.size());
  std::copy(f.begin(), f.end(), dst.begin());
  p.CommitWrite(f.size());
  auto item = p.Next();
  ASSERT_TRUE(item.has_value());
  const auto* frame = std::get_if<InterleavedFrame>(&*item);
  ASSERT_NE(frame, nullptr);
  EXPECT_EQ(frame->channel, 2);
  EXPECT_EQ(frame->payload.data(), dst.data() + 4);  // no copy
  EXPECT_EQ(frame->payload.size(), 100u);
}

TEST(RtspStreamParserTest, ResyncsOverJunkAndCountsIt) {
  RtspStreamParser p;
  std::string junk = "\x01\x02garbage here\r\n";
  junk += std::string("$\x07\x00\x05\x00\x00\x00\x00\x00", 9);  // '$' whose payload is not RTP v2
  auto items = Feed(p, {Frame(0, 20) + junk + Frame(0, 30) + "xyz" + "RTSP/1.0 200 OK\r\nCSeq: 4\r\n\r\n"});
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].substr(0, 17), "frame ch=0 len=20");
  EXPECT_EQ(items[1].substr(0, 17), "frame ch=0 len=30");
  EXPECT_EQ(items[2], "response 200 'OK' [CSeq=4] body=");
  EXPECT_EQ(p.resync_events(), 2u);
  EXPECT_EQ(p.junk_bytes(), junk.size() + 3);  // CR/LF inside junk is junk too
}

TEST(RtspStreamParserTest, ResyncFindsServerRequest) {
  RtspStreamParser p;
  auto items = Feed(p, {"@@@@ANNOUNCE rtsp://h/ RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 3\r\n\r\nabc"});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0], "request ANNOUNCE rtsp://h/ [CSeq=1] [Content-Length=3] body=abc");
  EXPECT_EQ(p.resync_events(), 1u);
  EXPECT_EQ(p.junk_bytes(), 4u);
}

TEST(RtspStreamParserTest, TextThatIsNotAMessageIsJunk) {
  RtspStreamParser p;
  auto items = Feed(p, {"HELLO world\r\n\r\n" + Frame(0, 12)});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(p.resync_events(), 1u);
}

TEST(RtspStreamParserTest, WhitespaceQuirksInHeaders) {
  RtspStreamParser p;
  auto items = Feed(p, {"RTSP/1.0  200   OK  \r\n"
                        "CSeq :3\t\r\n"
                        "Public: OPTIONS, DESCRIBE,\r\n"
                        "  SETUP, GET_PARAMETER\r\n"  // obsolete line folding
                        "no colon here\r\n"
                        "\r\n"});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0], "response 200 'OK' [CSeq=3] [Public=OPTIONS, DESCRIBE, SETUP, GET_PARAMETER] body=");
  EXPECT_EQ(p.malformed_header_lines(), 1u);
}

TEST(RtspStreamParserTest, ResponseWithoutReason) {
  RtspStreamParser p;
  auto items = Feed(p, {"RTSP/1.0 454\r\nCSeq: 1\r\n\r\n"});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0], "response 454 '' [CSeq=1] body=");
}

TEST(RtspStreamParserTest, OversizedHeadersAreAnError) {
  RtspStreamParser p;
  Status error;
  std::string big = "RTSP/1.0 200 OK\r\n";
  while (big.size() <= 70 * 1024) big += "X-Filler: " + std::string(100, 'a') + "\r\n";
  auto items = Feed(p, {big}, &error);
  EXPECT_TRUE(items.empty());
  EXPECT_EQ(error.code(), StatusCode::kResourceExhausted) << error.ToString();
  // The parser is spent afterwards.
  EXPECT_FALSE(p.Next().has_value());
}

TEST(RtspStreamParserTest, OversizedBodyIsAnError) {
  RtspStreamParser p;
  Status error;
  Feed(p, {"RTSP/1.0 200 OK\r\nContent-Length: 2000000\r\n\r\n"}, &error);
  EXPECT_EQ(error.code(), StatusCode::kResourceExhausted);
}

TEST(RtspStreamParserTest, LargeBodyWithinLimitGrowsTheBuffer) {
  RtspStreamParser p;
  std::string body(900 * 1024, 'v');
  auto items = Feed(p, {"RTSP/1.0 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n",
                        body.substr(0, 500000), body.substr(500000)});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].size(), std::string("response 200 'OK' [Content-Length=921600] body=").size() + body.size());
  // Back to the normal buffer once the big message is consumed.
  p.PrepareWrite();
  EXPECT_LE(p.capacity_bytes(), 256u * 1024);
}

TEST(RtspStreamParserTest, BadContentLengthIsAnError) {
  RtspStreamParser p;
  Status error;
  Feed(p, {"RTSP/1.0 200 OK\r\nContent-Length: ten\r\n\r\n"}, &error);
  EXPECT_EQ(error.code(), StatusCode::kDataLoss);
}

TEST(RtspStreamParserTest, EndlessJunkIsAnError) {
  RtspStreamParser p;
  Status error;
  std::vector<std::string> chunks(40, std::string(4096, 'z'));
  Feed(p, chunks, &error);
  EXPECT_EQ(error.code(), StatusCode::kDataLoss);
  EXPECT_EQ(p.resync_events(), 1u);
}

}  // namespace
}  // namespace custos
