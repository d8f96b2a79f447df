#include "rtsp/message.h"

#include <gtest/gtest.h>

namespace custos {
namespace {

TEST(RtspMessageTest, SerializesRequestWithCanonicalHeaders) {
  RtspRequest r;
  r.method = "DESCRIBE";
  r.uri = "rtsp://10.0.0.1/stream1";
  r.headers.Add(kHeaderCSeq, "2");
  r.headers.Add(kHeaderUserAgent, kDefaultUserAgent);
  r.headers.Add(kHeaderAccept, "application/sdp");
  EXPECT_EQ(SerializeRequest(r),
            "DESCRIBE rtsp://10.0.0.1/stream1 RTSP/1.0\r\n"
            "CSeq: 2\r\n"
            "User-Agent: Custos/0.1\r\n"
            "Accept: application/sdp\r\n"
            "\r\n");
}

TEST(RtspMessageTest, SerializesBodyWithContentLength) {
  RtspRequest r;
  r.method = "SET_PARAMETER";
  r.uri = "rtsp://h/";
  r.headers.Add("Content-Length", "999");  // replaced by the real length
  r.body = "x: y\r\n";
  EXPECT_EQ(SerializeRequest(r), "SET_PARAMETER rtsp://h/ RTSP/1.0\r\nContent-Length: 6\r\n\r\nx: y\r\n");
}

TEST(RtspMessageTest, SerializesResponse) {
  RtspResponse r;
  r.status_code = 501;
  r.headers.Add("CSeq", "7");
  EXPECT_EQ(SerializeResponse(r), "RTSP/1.0 501 Not Implemented\r\nCSeq: 7\r\n\r\n");
}

TEST(RtspMessageTest, HeadersAreCaseInsensitiveAndTrimmed) {
  RtspHeaders h;
  h.Add("Cseq", " 5 \t");
  h.Add("WWW-Authenticate", "Digest realm=\"a\"");
  h.Add("www-authenticate", "Basic realm=\"a\"");
  ASSERT_NE(h.Get("CSeq"), nullptr);
  EXPECT_EQ(*h.Get("CSEQ"), "5");
  EXPECT_EQ(h.Get("Session"), nullptr);
  EXPECT_EQ(h.GetAll("WWW-AUTHENTICATE").size(), 2u);
  h.Set("cseq", "6");
  EXPECT_EQ(*h.Get("CSeq"), "6");
  EXPECT_EQ(h.size(), 3u);
  RtspResponse r;
  r.headers = h;
  EXPECT_EQ(r.CSeq(), 6u);
  r.headers.Set("CSeq", "abc");
  EXPECT_FALSE(r.CSeq().has_value());
}

}  // namespace
}  // namespace custos
