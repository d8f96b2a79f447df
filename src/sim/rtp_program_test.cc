#include "sim/rtp_program.h"

#include <gtest/gtest.h>

#include "media/rtp.h"

namespace custos::sim {
namespace {

Clip TestClip() {
  Clip clip;
  clip.codec = VideoCodec::kH264;
  clip.sps = {0x67, 0x64, 0x00, 0x1f, 0xac};
  clip.pps = {0x68, 0xee, 0x3c};
  ClipFrame key;
  key.is_key = true;
  key.dts_90k = 0;
  key.pts_90k = 3600;
  key.nals.push_back(Bytes(3001, 0x11));
  key.nals.back()[0] = 0x65;
  ClipFrame delta;
  delta.dts_90k = 3600;
  delta.pts_90k = 7200;
  delta.nals.push_back(Bytes(100, 0x22));
  delta.nals.back()[0] = 0x41;
  clip.frames = {key, delta};
  clip.duration_90k = 7200;
  return clip;
}

RtpPacket Parse(const Bytes& framed, size_t offset) {
  Result<RtpPacket> p = ParseRtp(ByteSpan(framed).subspan(offset + RtpProgram::kFramingBytes,
                                                          LoadBE16(&framed[offset + 2])));
  EXPECT_TRUE(p.has_value());
  return p.value_or(RtpPacket{});
}

TEST(RtpProgramTest, PacketisesFramesWithParameterSetsBeforeKeyFrames) {
  Result<RtpProgram> p = RtpProgram::Build(TestClip());
  ASSERT_TRUE(p) << p.error().ToString();
  // SPS, PPS, the IDR in 3 FU-A fragments (3000 bytes after the header, 1398 per packet),
  // then the P frame.
  ASSERT_EQ(p->packet_count(), 6u);
  EXPECT_EQ(p->framed_packet(0)[RtpProgram::kFramingBytes + 12], 0x67);
  EXPECT_EQ(p->framed_packet(1)[RtpProgram::kFramingBytes + 12], 0x68);
  EXPECT_EQ(p->framed_packet(2)[RtpProgram::kFramingBytes + 12] & 0x1f, 28);  // FU-A
  for (size_t i = 0; i < 6; ++i) {
    const bool marker = (p->framed_packet(i)[RtpProgram::kFramingBytes + 1] & 0x80) != 0;
    EXPECT_EQ(marker, i == 4 || i == 5) << i;
    EXPECT_LE(p->framed_packet(i).size(), RtpProgram::kFramingBytes + 12 + 1400);
  }
  EXPECT_EQ(p->send_90k(4), 0);
  EXPECT_EQ(p->send_90k(5), 3600);
  EXPECT_EQ(p->pts_delay_90k(), 3600);
}

TEST(RtpProgramTest, PatchesHeadersPerSessionAndLoop) {
  Result<RtpProgram> p = RtpProgram::Build(TestClip());
  ASSERT_TRUE(p);
  RtpStreamState st;
  st.ssrc = 0xdeadbeef;
  st.next_sequence = 65534;
  st.timestamp_base = 0xffffff00u;
  st.channel = 2;
  Bytes out;
  p->AppendPackets(4, 6, /*loop=*/0, st, out);
  p->AppendPackets(0, 1, /*loop=*/1, st, out);
  ASSERT_EQ(out.size(), p->framed_bytes(4, 6) + p->framed_bytes(0, 1));
  EXPECT_EQ(st.next_sequence, 1);
  size_t off = 0;
  const uint16_t want_seq[] = {65534, 65535, 0};
  const uint32_t want_ts[] = {0xffffff00u + 3600, 0xffffff00u + 7200, 0xffffff00u + 7200 + 3600};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(out[off], '$');
    EXPECT_EQ(out[off + 1], 2);
    RtpPacket pkt = Parse(out, off);
    EXPECT_EQ(pkt.sequence, want_seq[i]);
    EXPECT_EQ(pkt.timestamp, want_ts[i]);
    EXPECT_EQ(pkt.ssrc, 0xdeadbeefu);
    EXPECT_EQ(pkt.payload_type, 96);
    off += RtpProgram::kFramingBytes + LoadBE16(&out[off + 2]);
  }
}

TEST(RtpProgramTest, FindsDuePacketsAndFrameStarts) {
  Result<RtpProgram> p = RtpProgram::Build(TestClip());
  ASSERT_TRUE(p);
  EXPECT_EQ(p->DueEnd(0, -1), 0u);
  EXPECT_EQ(p->DueEnd(0, 0), 5u);
  EXPECT_EQ(p->DueEnd(2, 3599), 5u);
  EXPECT_EQ(p->DueEnd(5, 3600), 6u);
  EXPECT_EQ(p->FrameStartAt(0), 0u);
  EXPECT_EQ(p->FrameStartAt(1), 5u);
  EXPECT_EQ(p->FrameStartAt(3601), 0u);  // past the last frame: wraps
  EXPECT_EQ(p->FrameStartAt(7200 + 3600), 5u);
}

TEST(RtpProgramTest, RejectsBadInput) {
  Clip empty;
  EXPECT_FALSE(RtpProgram::Build(empty));
  RtpProgramOptions tiny;
  tiny.max_payload_bytes = 10;
  EXPECT_FALSE(RtpProgram::Build(TestClip(), tiny));
  Clip bad = TestClip();
  bad.frames[1].nals[0].clear();  // a NAL unit shorter than its header
  EXPECT_FALSE(RtpProgram::Build(bad));
}

}  // namespace
}  // namespace custos::sim
