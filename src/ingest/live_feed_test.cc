#include "ingest/live_feed.h"

#include <gtest/gtest.h>

#include "ingest/ingest_test_util.h"

#include <optional>

#include "mp4/fragment_parser.h"

namespace custos {
namespace {

using Kind = LiveMessage::Kind;
using testing::kFrame90k;

VideoParams Params(uint8_t tag = 0) { return testing::H264Params(tag); }

Frame MakeFrame(int n, bool key, size_t size = 1000, uint32_t generation = 0) {
  Frame f;
  f.timestamp_90k = 1000000 + n * kFrame90k;
  f.is_key = key;
  f.params_generation = generation;
  f.data.assign(size, 0);
  f.data[3] = static_cast<uint8_t>(size - 4);  // a plausible length prefix
  f.data[4] = key ? 0x65 : 0x41;
  return f;
}

// A media message read back: its prft (if any) and moof; the mdat must end the message.
struct ParsedFragment {
  bool has_wall_time = false;
  mp4::ParsedMoof moof;
};
std::optional<ParsedFragment> ParseFragment(const Bytes& b) {
  ParsedFragment out;
  bool have_moof = false;
  size_t pos = 0;
  while (pos + 8 <= b.size()) {
    const uint32_t size = LoadBE32(&b[pos]);
    const std::string type(b.begin() + pos + 4, b.begin() + pos + 8);
    if (size < 8 || pos + size > b.size()) return std::nullopt;
    const ByteSpan payload(b.data() + pos + 8, size - 8);
    if (type == "prft") out.has_wall_time = mp4::ParsePrft(payload).has_value();
    if (type == "moof") {
      mp4::TrackDefaults defaults;
      defaults.track_id = 1;
      auto m = mp4::ParseMoof(payload, pos, defaults);
      if (!m) return std::nullopt;
      out.moof = *m;
      have_moof = true;
    }
    pos += size;
  }
  if (pos != b.size() || !have_moof) return std::nullopt;
  return out;
}

struct Viewer {
  explicit Viewer(LiveQueueLimits limits = {})
      : queue(std::make_shared<LiveQueue>(limits, [this] { ++wakes; })) {}
  std::vector<LiveMessage> Drain() {
    std::vector<LiveMessage> out;
    while (auto m = queue->Pop()) out.push_back(std::move(*m));
    return out;
  }
  int wakes = 0;
  std::shared_ptr<LiveQueue> queue;
};

std::vector<Kind> Kinds(const std::vector<LiveMessage>& ms) {
  std::vector<Kind> out;
  for (const auto& m : ms) out.push_back(m.kind);
  return out;
}

class LiveFeedTest : public ::testing::Test {
 protected:
  void Feed(int from, int to, int gop = 25, uint32_t generation = 0, const VideoParams& p = Params()) {
    for (int n = from; n < to; ++n) feed.AddFrame(MakeFrame(n, n % gop == 0, 1000, generation), p);
  }
  FakeClock clock;
  LiveFeed feed{"gate", clock};
};

TEST_F(LiveFeedTest, NoSubscriberNoWork) {
  EXPECT_FALSE(feed.has_subscribers());
  Feed(0, 50);
  EXPECT_EQ(feed.stats().frames, 0u);
  EXPECT_EQ(feed.stats().inits, 0u);
}

TEST_F(LiveFeedTest, FirstSubscriberStartsAtTheNextKeyFrameWithHeaderAndInit) {
  Viewer v;
  feed.Add(v.queue);
  Feed(3, 30);  // key frame at 25
  auto ms = v.Drain();
  ASSERT_EQ(ms.size(), 2u + 5u);
  EXPECT_EQ(Kinds(ms)[0], Kind::kHeader);
  EXPECT_EQ(Kinds(ms)[1], Kind::kInit);
  EXPECT_TRUE(ms[2].is_key);
  const std::string header(ms[0].data->begin(), ms[0].data->end());
  EXPECT_NE(header.find("\"codec\":\"avc1.42c01f\""), std::string::npos) << header;
  EXPECT_NE(header.find("\"width\":1280"), std::string::npos) << header;
  EXPECT_NE(header.find("\"masked\":false"), std::string::npos) << header;
  EXPECT_EQ(v.queue->stats().frames_skipped, 22u);
  EXPECT_EQ(v.wakes, 1);  // one wake for the whole batch nobody popped
}

TEST_F(LiveFeedTest, EachMediaMessageIsOneParsableFragmentWithWallTime) {
  Viewer v;
  feed.Add(v.queue);
  Feed(0, 3);
  auto ms = v.Drain();
  ASSERT_EQ(ms.size(), 5u);
  int64_t prev_decode = -1;
  for (size_t i = 2; i < ms.size(); ++i) {
    auto frag = ParseFragment(*ms[i].data);
    ASSERT_TRUE(frag);
    ASSERT_EQ(frag->moof.samples.size(), 1u);
    EXPECT_EQ(frag->moof.samples[0].size_bytes, 1000u);
    EXPECT_EQ(frag->moof.samples[0].is_key, i == 2);
    EXPECT_TRUE(frag->has_wall_time);
    EXPECT_GT(frag->moof.base_media_decode_time_90k, prev_decode);
    prev_decode = frag->moof.base_media_decode_time_90k;
  }
}

TEST_F(LiveFeedTest, NewSubscriberGetsTheCurrentGopAtOnce) {
  Viewer first;
  feed.Add(first.queue);
  Feed(0, 35);  // key frames at 0 and 25; 10 frames since the last
  Viewer second;
  feed.Add(second.queue);
  auto ms = second.Drain();
  ASSERT_EQ(ms.size(), 2u + 10u);
  EXPECT_EQ(ms[0].kind, Kind::kHeader);
  EXPECT_EQ(ms[1].kind, Kind::kInit);
  EXPECT_TRUE(ms[2].is_key);
  // Shared, not copied: the same bytes as the first viewer's.
  auto firsts = first.Drain();
  EXPECT_EQ(ms.back().data.get(), firsts.back().data.get());
  Feed(35, 36);
  EXPECT_EQ(second.Drain().size(), 1u);
}

TEST_F(LiveFeedTest, SlowSubscriberSkipsToTheNextKeyFrame) {
  LiveQueueLimits limits;
  limits.max_bytes = 20 * 1200;  // about 20 frames
  Viewer slow(limits), fast;
  feed.Add(slow.queue);
  feed.Add(fast.queue);
  Feed(0, 40);  // nobody pops the slow one: it overflows after ~20 frames, waits for 25
  EXPECT_EQ(slow.queue->stats().skips, 1u);
  auto ms = slow.Drain();
  ASSERT_FALSE(ms.empty());
  EXPECT_EQ(ms[0].kind, Kind::kMedia);  // the init was sent before and stays valid
  EXPECT_TRUE(ms[0].is_key);
  EXPECT_EQ(ms.size(), 15u);  // frames 25..39
  EXPECT_EQ(fast.Drain().size(), 2u + 40u);
  EXPECT_EQ(fast.queue->stats().skips, 0u);
}

TEST_F(LiveFeedTest, DurationBoundAlsoSkips) {
  LiveQueueLimits limits;
  limits.max_90k = 10 * kFrame90k;
  Viewer slow(limits);
  feed.Add(slow.queue);
  Feed(0, 30);
  EXPECT_EQ(slow.queue->stats().skips, 1u);
}

TEST_F(LiveFeedTest, ParameterChangeSendsANewHeaderAndInit) {
  Viewer v;
  feed.Add(v.queue);
  Feed(0, 5, 25, 0, Params(0));
  Feed(5, 10, 5, 1, Params(1));  // generation 1 from frame 5, a key frame
  auto ms = v.Drain();
  ASSERT_EQ(ms.size(), 2u + 5u + 2u + 5u);
  EXPECT_EQ(ms[7].kind, Kind::kHeader);
  EXPECT_EQ(ms[8].kind, Kind::kInit);
  EXPECT_NE(*ms[1].data, *ms[8].data);
  EXPECT_TRUE(ms[9].is_key);
  EXPECT_EQ(feed.stats().inits, 2u);
}

TEST_F(LiveFeedTest, UnsubscribeAndEnd) {
  Viewer a, b;
  feed.Add(a.queue);
  feed.Add(b.queue);
  feed.Remove(a.queue.get());
  Feed(0, 2);
  EXPECT_TRUE(a.Drain().empty());
  EXPECT_EQ(b.Drain().size(), 4u);
  feed.EndAll();
  EXPECT_FALSE(feed.has_subscribers());
  auto ms = b.Drain();
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].kind, Kind::kEnd);
}

TEST_F(LiveFeedTest, ClosedQueueIsNotWoken) {
  Viewer v;
  feed.Add(v.queue);
  v.queue->Close();
  Feed(0, 5);
  EXPECT_EQ(v.wakes, 0);
  EXPECT_TRUE(v.Drain().empty());
}

TEST_F(LiveFeedTest, SplitPictureMakesViewersWaitForTheNextKeyFrame) {
  Viewer v;
  feed.Add(v.queue);
  Feed(0, 3);
  feed.AddFrame(MakeFrame(2, false), Params());  // a second piece of picture 2
  Feed(3, 30);
  EXPECT_EQ(feed.stats().split_pictures, 1u);
  auto ms = v.Drain();
  ASSERT_EQ(ms.size(), 2u + 3u + 5u);  // frames 0-2, then 25-29
  EXPECT_TRUE(ms[5].is_key);
}

TEST_F(LiveFeedTest, LastViewerLeavingDropsEverything) {
  Viewer v;
  feed.Add(v.queue);
  Feed(0, 10);
  feed.Remove(v.queue.get());
  Viewer late;
  feed.Add(late.queue);
  EXPECT_TRUE(late.Drain().empty()) << "no GOP is kept without viewers";
  Feed(10, 26);
  auto ms = late.Drain();
  ASSERT_EQ(ms.size(), 2u + 1u);
  EXPECT_EQ(ms[0].kind, Kind::kHeader);
}

TEST_F(LiveFeedTest, ReconnectKeepsTheTimelineGoingForward) {
  Viewer v;
  feed.Add(v.queue);
  Feed(0, 5);
  feed.Reset();
  for (int n = 0; n < 3; ++n) feed.AddFrame(MakeFrame(n - 1000, n == 0), Params());  // timestamps jump back
  auto ms = v.Drain();
  ASSERT_EQ(ms.size(), 2u + 5u + 2u + 3u);
  int64_t prev = -1;
  for (const auto& m : ms) {
    if (m.kind != Kind::kMedia) continue;
    auto frag = ParseFragment(*m.data);
    ASSERT_TRUE(frag);
    EXPECT_GT(frag->moof.base_media_decode_time_90k, prev);
    prev = frag->moof.base_media_decode_time_90k;
  }
}

// A masking transcoder's feed says so in the header (the live tile's "masked" badge); the
// change reaches viewers with the next header, after a Reset.
TEST_F(LiveFeedTest, TheHeaderSaysWhetherThePicturesAreMasked) {
  auto header_of = [](const std::vector<LiveMessage>& ms) {
    for (const auto& m : ms) {
      if (m.kind == Kind::kHeader) return std::string(m.data->begin(), m.data->end());
    }
    return std::string();
  };
  Viewer v;
  feed.Add(v.queue);
  feed.set_masked(true);
  Feed(0, 5);
  std::string header = header_of(v.Drain());
  EXPECT_NE(header.find("\"masked\":true"), std::string::npos) << header;
  feed.set_masked(false);
  feed.Reset();
  Feed(0, 3);
  header = header_of(v.Drain());
  EXPECT_NE(header.find("\"masked\":false"), std::string::npos) << header;
}

}  // namespace
}  // namespace custos
