// Judges the files src/mp4 writes with the real FFmpeg tools (label: integration).
//
// Real H.264 and H.265 samples come from a clip that ffmpeg encodes from its test source;
// libavformat demuxes it (packets in MP4 are already length-prefixed, and the extradata
// is the avcC/hvcC record). We write our own fragmented MP4 from those samples, then
// require `ffmpeg -v error -i OUT -f null -` to print nothing and ffprobe to count
// exactly the frames we wrote. FFmpeg is linked into this test only, never the library.
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include <gtest/gtest.h>

extern "C" {
#include <libavformat/avformat.h>
}

#include "media/h264.h"
#include "media/h265.h"
#include "mp4/decoder_config.h"
#include "mp4/export_writer.h"
#include "mp4/init_segment.h"
#include "mp4/scanner.h"
#include "mp4/test_util.h"

namespace custos::mp4 {
namespace {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

CommandResult RunCommand(const std::string& command) {
  CommandResult r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

bool HaveFfmpeg() { return RunCommand("ffmpeg -version && ffprobe -version").exit_code == 0; }

struct Clip {
  VideoParams params;
  std::vector<Bytes> packets;       // decode order
  std::vector<SampleInfo> samples;  // parallel to packets
};

// Demuxes the first video stream of `path` with libavformat.
Clip Demux(const std::string& path) {
  Clip clip;
  AVFormatContext* ctx = nullptr;
  EXPECT_EQ(avformat_open_input(&ctx, path.c_str(), nullptr, nullptr), 0);
  if (ctx == nullptr) return clip;
  EXPECT_GE(avformat_find_stream_info(ctx, nullptr), 0);
  int index = av_find_best_stream(ctx, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  EXPECT_GE(index, 0);
  const AVStream* st = ctx->streams[index];
  const AVCodecParameters* par = st->codecpar;
  clip.params.codec = par->codec_id == AV_CODEC_ID_HEVC ? VideoCodec::kH265 : VideoCodec::kH264;
  clip.params.decoder_config.assign(par->extradata, par->extradata + par->extradata_size);
  clip.params.width = static_cast<uint16_t>(par->width);
  clip.params.height = static_cast<uint16_t>(par->height);
  EXPECT_TRUE(FillFromDecoderConfig(clip.params).ok());  // sps/pps and the codec string
  const AVRational k90k = {1, 90000};
  std::vector<int64_t> dts, pts;
  AVPacket* pkt = av_packet_alloc();
  int64_t last_duration_90k = 3600;
  while (av_read_frame(ctx, pkt) >= 0) {
    if (pkt->stream_index == index) {
      clip.packets.emplace_back(pkt->data, pkt->data + pkt->size);
      dts.push_back(av_rescale_q(pkt->dts, st->time_base, k90k));
      pts.push_back(av_rescale_q(pkt->pts, st->time_base, k90k));
      clip.samples.push_back({0, static_cast<uint32_t>(pkt->size), (pkt->flags & AV_PKT_FLAG_KEY) != 0});
      if (pkt->duration > 0) last_duration_90k = av_rescale_q(pkt->duration, st->time_base, k90k);
    }
    av_packet_unref(pkt);
  }
  av_packet_free(&pkt);
  avformat_close_input(&ctx);
  for (size_t i = 0; i < clip.samples.size(); ++i) {
    int64_t next = i + 1 < dts.size() ? dts[i + 1] : dts[i] + last_duration_90k;
    clip.samples[i].duration_90k = static_cast<uint32_t>(next - dts[i]);
    clip.samples[i].composition_offset_90k = static_cast<int32_t>(pts[i] - dts[i]);
  }
  return clip;
}

// Writes `clip` as a Custos recording: a fragment at each key frame and, when
// max_samples is set, every max_samples samples too.
void WriteRecording(const Clip& clip, const std::string& path, size_t max_samples) {
  Result<Bytes> init = BuildInitSegment(clip.params);
  ASSERT_TRUE(init.has_value()) << init.error().ToString();
  Bytes file = *init;
  int64_t base_90k = 0;
  uint32_t sequence = 1;
  for (size_t start = 0; start < clip.samples.size();) {
    size_t end = start + 1;
    while (end < clip.samples.size() && !clip.samples[end].is_key && end - start < max_samples) ++end;
    std::span<const SampleInfo> samples(clip.samples.data() + start, end - start);
    WallTime90k wall{SecondsTo90k(1.8e9) + base_90k};
    Result<Bytes> header = BuildFragmentHeader(sequence++, base_90k, wall, samples, SumSampleBytes(samples));
    ASSERT_TRUE(header.has_value()) << header.error().ToString();
    file.insert(file.end(), header->begin(), header->end());
    for (size_t i = start; i < end; ++i) {
      file.insert(file.end(), clip.packets[i].begin(), clip.packets[i].end());
      base_90k += clip.samples[i].duration_90k;
    }
    start = end;
  }
  testing::WriteFileOrDie(path, file);
}

// Requires the file to decode without a word from ffmpeg, and returns ffprobe's frame
// count and duration.
void Judge(const std::string& path, size_t expected_frames, double expected_seconds) {
  CommandResult decode = RunCommand("ffmpeg -nostdin -v error -i '" + path + "' -f null -");
  EXPECT_EQ(decode.exit_code, 0);
  EXPECT_EQ(decode.output, "") << path;
  CommandResult count = RunCommand("ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames "
                            "-of csv=p=0 '" + path + "'");
  EXPECT_EQ(count.exit_code, 0);
  EXPECT_EQ(count.output, std::to_string(expected_frames) + "\n") << path;
  CommandResult duration = RunCommand("ffprobe -v error -show_entries format=duration -of csv=p=0 '" + path + "'");
  EXPECT_NEAR(std::atof(duration.output.c_str()), expected_seconds, 0.1) << duration.output;
  CommandResult first = RunCommand("ffprobe -v error -select_streams v:0 -show_entries packet=flags -read_intervals %+#1 "
                            "-of csv=p=0 '" + path + "'");
  EXPECT_EQ(first.output.substr(0, 1), "K") << "first packet is not a key frame: " << first.output;
}

double Seconds(std::span<const SampleInfo> samples) {
  int64_t total_90k = 0;
  for (const SampleInfo& s : samples) total_90k += s.duration_90k;
  return TicksToSeconds(total_90k);
}

// The flat sample index `i` of a scan as a (fragment, sample) position.
std::pair<size_t, size_t> Position(const ScannedFile& scan, size_t i) {
  for (size_t f = 0; f < scan.fragments.size(); ++f) {
    if (i < scan.fragments[f].samples.size()) return {f, i};
    i -= scan.fragments[f].samples.size();
  }
  return {scan.fragments.size(), 0};
}

// Encodes a 4 s, 25 fps clip (GOP 25, B-frames on unless asked, closed GOPs as cameras
// use) and demuxes it; once per codec, as encoding is the slow part.
const Clip& ClipFor(VideoCodec codec, bool bframes = true) {
  static std::map<std::pair<VideoCodec, bool>, Clip> clips;
  auto it = clips.find({codec, bframes});
  if (it != clips.end()) return it->second;
  testing::TempDir dir;
  std::string encoder = codec == VideoCodec::kH264
                            ? std::string("-c:v libx264") + (bframes ? "" : " -bf 0")
                            : std::string("-c:v libx265 -x265-params log-level=error:open-gop=0") +
                                  (bframes ? "" : ":bframes=0");
  std::string clip = dir.File("clip.mp4");
  CommandResult made = RunCommand("ffmpeg -nostdin -v error -f lavfi -i testsrc=size=640x360:rate=25 -t 4 " + encoder +
                                  " -g 25 -pix_fmt yuv420p '" + clip + "'");
  EXPECT_EQ(made.exit_code, 0) << made.output;
  return clips[{codec, bframes}] = Demux(clip);
}

class FfmpegTest : public ::testing::TestWithParam<VideoCodec> {
 protected:
  void SetUp() override {
    if (!HaveFfmpeg()) GTEST_SKIP() << "ffmpeg/ffprobe not installed";
    clip_ = ClipFor(GetParam());
    ASSERT_EQ(clip_.samples.size(), 100u);
  }

  testing::TempDir dir_;
  Clip clip_;
};

TEST_P(FfmpegTest, RecordingDecodesCleanly) {
  std::string path = dir_.File("rec.mp4");
  // H.264 one fragment per GOP; H.265 finer, as a recording closes fragments at 1 s or 256 KiB.
  WriteRecording(clip_, path, GetParam() == VideoCodec::kH264 ? 1000 : 8);
  Judge(path, clip_.samples.size(), Seconds(clip_.samples));
  Result<ScannedFile> scan = ScanFile(path);
  ASSERT_TRUE(scan.has_value()) << scan.error().ToString();
  EXPECT_EQ(scan->tail_problem, "");
  EXPECT_EQ(scan->params, clip_.params);
}

TEST_P(FfmpegTest, TruncatedRecordingDecodesUpToItsLastFragment) {
  std::string path = dir_.File("rec.mp4");
  WriteRecording(clip_, path, 1000);
  Result<ScannedFile> full = ScanFile(path);
  ASSERT_TRUE(full.has_value());
  ASSERT_GE(full->fragments.size(), 3u);
  // Cut in the middle of the third fragment's samples, as a crash would.
  uint64_t cut = full->fragments[2].data_offset + 100;
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(cut)), 0);
  Result<ScannedFile> torn = ScanFile(path);
  ASSERT_TRUE(torn.has_value());
  EXPECT_EQ(torn->fragments.size(), 2u);
  EXPECT_NE(torn->tail_problem, "");
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(torn->valid_bytes)), 0);  // what recovery does
  size_t frames = torn->fragments[0].samples.size() + torn->fragments[1].samples.size();
  Judge(path, frames, Seconds(std::span(clip_.samples).first(frames)));
}

TEST_P(FfmpegTest, ExportOfSubRangesDecodesCleanly) {
  std::string a = dir_.File("a.mp4"), b = dir_.File("b.mp4");
  WriteRecording(clip_, a, 1000);
  WriteRecording(clip_, b, 10);
  Result<ScannedFile> scan_a = ScanFile(a), scan_b = ScanFile(b);
  ASSERT_TRUE(scan_a.has_value() && scan_b.has_value());
  size_t second_key = 1;
  while (second_key < clip_.samples.size() && !clip_.samples[second_key].is_key) ++second_key;
  ASSERT_LT(second_key + 37, clip_.samples.size());
  // From a's second key frame for 37 samples (cutting a fragment), then b's first 33.
  auto [a0f, a0s] = Position(*scan_a, second_key);
  auto [a1f, a1s] = Position(*scan_a, second_key + 37);
  auto [b1f, b1s] = Position(*scan_b, 33);
  int64_t a_duration_90k = 0;
  for (size_t i = second_key; i < second_key + 37; ++i) a_duration_90k += clip_.samples[i].duration_90k;
  std::vector<ExportPiece> pieces = {
      {.path = a, .scan = &*scan_a, .first_fragment = a0f, .first_sample = a0s, .end_fragment = a1f,
       .end_sample = a1s, .media_start_90k = 0},
      {.path = b, .scan = &*scan_b, .first_fragment = 0, .first_sample = 0, .end_fragment = b1f,
       .end_sample = b1s, .media_start_90k = a_duration_90k},
  };
  Result<ExportPlan> plan = PlanExport(pieces);
  ASSERT_TRUE(plan.has_value()) << plan.error().ToString();
  ASSERT_EQ(plan->sample_count, 70u);
  std::string out = dir_.File("export.mp4");
  int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  Status s = WriteExport(*plan, fd);
  ::close(fd);
  ASSERT_TRUE(s.ok()) << s.ToString();
  Judge(out, 70, TicksToSeconds(plan->duration_90k));
}

// One MD5 per frame presented at time 0 or later, in presentation order (ffmpeg's
// framemd5 muxer, with the file's own timestamps).
std::vector<std::string> FrameHashes(const std::string& path) {
  CommandResult r = RunCommand("ffmpeg -nostdin -v error -copyts -i '" + path +
                               "' -an -vf 'select=gte(t\\,0)' -fps_mode passthrough -f framemd5 -");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::vector<std::string> out;
  size_t at = 0;
  while (at < r.output.size()) {
    size_t end = r.output.find('\n', at);
    if (end == std::string::npos) end = r.output.size();
    std::string line = r.output.substr(at, end - at);
    if (!line.empty() && line[0] != '#') out.push_back(line.substr(line.rfind(',') + 1));
    at = end + 1;
  }
  return out;
}

// An export cut at a key frame with an edit list to 10 frames later: ffmpeg shows the
// 11th frame first, at time 0, and the samples themselves are untouched. Cameras send
// no B-frames (ingest cuts a recording at each reordered frame), so neither does the clip.
TEST_P(FfmpegTest, EditListStartsPlaybackAtTheAskedFrame) {
  clip_ = ClipFor(GetParam(), false);
  std::string rec = dir_.File("rec.mp4");
  WriteRecording(clip_, rec, 1000);
  Result<ScannedFile> scan = ScanFile(rec);
  ASSERT_TRUE(scan.has_value());
  size_t second_key = 1;
  while (second_key < clip_.samples.size() && !clip_.samples[second_key].is_key) ++second_key;
  ASSERT_EQ(second_key, 25u);
  auto [f0, s0] = Position(*scan, second_key);
  std::vector<ExportPiece> pieces = {{.path = rec, .scan = &*scan, .first_fragment = f0, .first_sample = s0,
                                      .end_fragment = scan->fragments.size(), .end_sample = 0}};
  int64_t ten_frames_90k = 0;
  for (size_t i = second_key; i < second_key + 10; ++i) ten_frames_90k += clip_.samples[i].duration_90k;
  Result<ExportPlan> plan = PlanExport(pieces, {.play_start_90k = ten_frames_90k + 100});
  ASSERT_TRUE(plan.has_value()) << plan.error().ToString();
  EXPECT_EQ(plan->lead_in_90k, ten_frames_90k);
  EXPECT_EQ(plan->edit_media_time_90k, 10);
  std::string out = dir_.File("edit.mp4");
  int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(WriteExport(*plan, fd).ok());
  ::close(fd);

  CommandResult decode = RunCommand("ffmpeg -nostdin -v error -i '" + out + "' -f null -");
  EXPECT_EQ(decode.output, "");
  CommandResult start = RunCommand("ffprobe -v error -select_streams v:0 -show_entries stream=start_time -of csv=p=0 '" +
                                   out + "'");
  // FFmpeg 5.1 shifts times by the edit in a fragmented file but does not hide the
  // frames before 0: squeezed to one tick each, they last 10 ticks (0.1 ms) together.
  EXPECT_NEAR(std::atof(start.output.c_str()), 0.0, 0.001) << start.output;
  CommandResult duration = RunCommand("ffprobe -v error -show_entries format=duration -of csv=p=0 '" + out + "'");
  EXPECT_NEAR(std::atof(duration.output.c_str()), TicksToSeconds(plan->duration_90k - plan->edit_media_time_90k), 0.01);
  // The frames presented from time 0 on: exactly the recording's from 35 on.
  const std::vector<std::string> all = FrameHashes(rec), shown = FrameHashes(out);
  ASSERT_EQ(all.size(), 100u);
  ASSERT_EQ(shown.size(), 65u);
  EXPECT_TRUE(std::equal(shown.begin(), shown.end(), all.begin() + 35));
}

// What ingest writes is VideoParams made by src/media from the camera's parameter sets;
// what recovery and export compare is VideoParams scanned back from the file. They must
// be equal, field for field, and the media-built avcC/hvcC must decode.
TEST_P(FfmpegTest, LiveParamsSurviveTheFile) {
  const VideoParams& p = clip_.params;
  Result<VideoParams> live =
      GetParam() == VideoCodec::kH264 ? MakeH264Params(p.sps, p.pps) : MakeH265Params(p.vps, p.sps, p.pps);
  ASSERT_TRUE(live.has_value()) << live.error().ToString();
  Clip clip = clip_;
  clip.params = *live;
  std::string path = dir_.File("live.mp4");
  WriteRecording(clip, path, 1000);
  Result<ScannedFile> scan = ScanFile(path);
  ASSERT_TRUE(scan.has_value()) << scan.error().ToString();
  EXPECT_EQ(scan->params, *live);
  EXPECT_EQ(scan->params.rfc6381_codec, clip_.params.rfc6381_codec);
  Judge(path, clip.samples.size(), Seconds(clip.samples));
}

INSTANTIATE_TEST_SUITE_P(Codecs, FfmpegTest, ::testing::Values(VideoCodec::kH264, VideoCodec::kH265),
                         [](const auto& info) { return std::string(VideoCodecName(info.param)); });

}  // namespace
}  // namespace custos::mp4
