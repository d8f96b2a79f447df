#include "rtsp/stream_parser.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

#include "rtsp/text.h"

namespace custos {
namespace {

using rtsp_text::ParseUint;
using rtsp_text::StartsWithIgnoreCase;
using rtsp_text::Trim;

constexpr size_t kFrameHeaderBytes = 4;
constexpr size_t kMinReadBytes = 16 * 1024;
constexpr size_t kMaxStartLineBytes = 4096;
constexpr size_t kMaxMethodBytes = 32;
constexpr std::string_view kResponsePrefix = "RTSP/";
constexpr std::string_view kResyncResponse = "RTSP/1.0 ";
constexpr std::array<std::string_view, 12> kMethods = {
    "OPTIONS ", "ANNOUNCE ", "GET_PARAMETER ", "SET_PARAMETER ", "REDIRECT ", "PLAY_NOTIFY ",
    "DESCRIBE ", "SETUP ", "PLAY ", "PAUSE ", "TEARDOWN ", "RECORD "};

std::string_view AsText(ByteSpan s) { return {reinterpret_cast<const char*>(s.data()), s.size()}; }

bool IsMethodChar(uint8_t c) { return (c >= 'A' && c <= 'Z') || c == '_' || c == '-'; }

bool IsRtpVersion2(uint8_t first_byte) { return (first_byte & 0xC0) == 0x80; }

// kYes if `s` starts with `prefix`, kMaybe if `s` is a proper prefix of it.
int PrefixMatch(std::string_view s, std::string_view prefix) {
  size_t n = std::min(s.size(), prefix.size());
  if (s.substr(0, n) != prefix.substr(0, n)) return 0;
  return n == prefix.size() ? 2 : 1;
}

bool ParseStatusLine(std::string_view line, RtspResponse& r) {
  size_t sp = line.find(' ');
  if (sp == std::string_view::npos || !StartsWithIgnoreCase(line, kResponsePrefix)) return false;
  std::string_view rest = Trim(line.substr(sp));
  size_t code_end = rest.find_first_of(" \t");
  auto code = ParseUint(rest.substr(0, code_end));
  if (!code || *code < 100 || *code > 999) return false;
  r.status_code = static_cast<int>(*code);
  r.reason = code_end == std::string_view::npos ? "" : std::string(Trim(rest.substr(code_end)));
  return true;
}

bool ParseRequestLine(std::string_view line, RtspRequest& r) {
  size_t first = line.find(' ');
  size_t last = line.rfind(' ');
  if (first == std::string_view::npos || first == last) return false;
  if (!StartsWithIgnoreCase(Trim(line.substr(last)), kResponsePrefix)) return false;
  std::string_view uri = Trim(line.substr(first, last - first));
  if (uri.empty()) return false;
  r.method = std::string(line.substr(0, first));
  r.uri = std::string(uri);
  return true;
}

// The offset just past the blank line ending the headers, searching from `from` (a
// '\n' position or later); 0 if not buffered yet, with `scanned` set to where the next
// search may resume.
size_t FindHeaderEnd(std::string_view text, size_t from, size_t& scanned) {
  for (size_t i = from; i < text.size(); ++i) {
    if (text[i] != '\n') continue;
    if (i + 1 >= text.size() || (text[i + 1] == '\r' && i + 2 >= text.size())) {
      scanned = i;  // cannot tell yet
      return 0;
    }
    if (text[i + 1] == '\n') return i + 2;
    if (text[i + 1] == '\r' && text[i + 2] == '\n') return i + 3;
  }
  scanned = text.size();
  return 0;
}

bool StartLineValid(std::string_view line, bool is_response) {
  if (is_response) {
    RtspResponse r;
    return ParseStatusLine(line, r);
  }
  RtspRequest r;
  return ParseRequestLine(line, r);
}

// Parses header lines (bare LF or CRLF) into `headers`; returns malformed lines.
uint64_t ParseHeaderLines(std::string_view block, RtspHeaders& headers) {
  uint64_t malformed = 0;
  size_t pos = 0;
  while (pos < block.size()) {
    size_t nl = block.find('\n', pos);
    std::string_view line = block.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? block.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty()) continue;
    if (line.front() == ' ' || line.front() == '\t') {
      headers.AppendToLast(line);  // obsolete folding
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || Trim(line.substr(0, colon)).empty()) {
      ++malformed;
      continue;
    }
    headers.Add(line.substr(0, colon), line.substr(colon + 1));
  }
  return malformed;
}

}  // namespace

struct RtspStreamParser::Step {
  enum class Kind { kItem, kNeedMore, kJunk, kError };
  Kind kind = Kind::kNeedMore;
  RtspItem item;
  Status status;

  static Step NeedMore() { return {}; }
  static Step Junk() { return {Kind::kJunk, {}, {}}; }
  static Step Error(Status s) { return {Kind::kError, {}, std::move(s)}; }
};

RtspStreamParser::RtspStreamParser(RtspParserLimits limits) : limits_(limits) {
  limits_.initial_buffer_bytes = std::max(limits_.initial_buffer_bytes, kFrameHeaderBytes + 65535 + kMinReadBytes);
  Reallocate(limits_.initial_buffer_bytes);
}

void RtspStreamParser::Reallocate(size_t new_capacity) {
  size_t buffered = end_ - begin_;
  auto fresh = std::make_unique_for_overwrite<uint8_t[]>(new_capacity);
  if (buffered > 0) std::memcpy(fresh.get(), buf_.get() + begin_, buffered);
  buf_ = std::move(fresh);
  capacity_ = new_capacity;
  begin_ = 0;
  end_ = buffered;
}

std::span<uint8_t> RtspStreamParser::PrepareWrite() {
  size_t buffered = end_ - begin_;
  if (buffered == 0) {
    begin_ = end_ = 0;
    if (capacity_ > limits_.initial_buffer_bytes) Reallocate(limits_.initial_buffer_bytes);
  }
  size_t required = std::max(need_, buffered + kMinReadBytes);
  if (begin_ + required > capacity_) {
    if (required > capacity_) {
      Reallocate(std::max(required, capacity_ * 2));
    } else {
      std::memmove(buf_.get(), buf_.get() + begin_, buffered);
      begin_ = 0;
      end_ = buffered;
    }
  }
  return {buf_.get() + end_, capacity_ - end_};
}

void RtspStreamParser::CommitWrite(size_t n) { end_ = std::min(capacity_, end_ + n); }

void RtspStreamParser::Append(ByteSpan data) {
  while (!data.empty()) {
    std::span<uint8_t> dst = PrepareWrite();
    size_t n = std::min(dst.size(), data.size());
    std::memcpy(dst.data(), data.data(), n);
    CommitWrite(n);
    data = data.subspan(n);
  }
}

void RtspStreamParser::Consume(size_t n) {
  begin_ += n;
  need_ = 0;
  header_scan_ = 0;
}

Result<RtspItem> RtspStreamParser::Next() {
  if (failed_) return Err(FailedPrecondition("RTSP stream parser already failed"));
  while (true) {
    ByteSpan avail(buf_.get() + begin_, end_ - begin_);
    if (avail.empty() || (need_ > 0 && avail.size() < need_)) return RtspItem{};
    uint8_t c = avail[0];
    if (c == '\r' || c == '\n') {
      ++stray_newlines_;
      Consume(1);
      continue;
    }
    Step step = c == '$' ? TryFrame(avail) : TryMessage(avail);
    switch (step.kind) {
      case Step::Kind::kItem:
        junk_run_ = 0;
        in_junk_ = false;
        return std::move(step.item);
      case Step::Kind::kNeedMore:
        return RtspItem{};
      case Step::Kind::kError:
        failed_ = true;
        return Err(std::move(step.status));
      case Step::Kind::kJunk:
        if (Status s = Resync(avail); !s.ok()) {
          failed_ = true;
          return Err(std::move(s));
        }
        break;
    }
  }
}

RtspStreamParser::Step RtspStreamParser::TryFrame(ByteSpan avail) {
  if (avail.size() < kFrameHeaderBytes) return Step::NeedMore();
  size_t len = LoadBE16(avail.data() + 2);
  if (len > 0) {
    if (avail.size() < kFrameHeaderBytes + 1) return Step::NeedMore();
    // Both RTP and RTCP are version 2: anything else means we lost the framing.
    if (!IsRtpVersion2(avail[kFrameHeaderBytes])) return Step::Junk();
  }
  if (avail.size() < kFrameHeaderBytes + len) {
    need_ = kFrameHeaderBytes + len;
    return Step::NeedMore();
  }
  Step step;
  step.kind = Step::Kind::kItem;
  step.item = InterleavedFrame{avail[1], avail.subspan(kFrameHeaderBytes, len)};
  Consume(kFrameHeaderBytes + len);
  return step;
}

RtspStreamParser::Step RtspStreamParser::TryMessage(ByteSpan avail) {
  std::string_view text = AsText(avail);
  bool is_response = false;
  if (int m = PrefixMatch(text, kResponsePrefix); m == 1) {
    return Step::NeedMore();
  } else if (m == 2) {
    is_response = true;
  } else {
    size_t n = 0;
    while (n < text.size() && n <= kMaxMethodBytes && IsMethodChar(avail[n])) ++n;
    if (n == text.size() && n <= kMaxMethodBytes) return Step::NeedMore();
    if (n == 0 || n > kMaxMethodBytes || text[n] != ' ') return Step::Junk();
  }
  size_t line_end = text.find('\n');
  if (line_end == std::string_view::npos || line_end > kMaxStartLineBytes) {
    return text.size() > kMaxStartLineBytes ? Step::Junk() : Step::NeedMore();
  }
  if (header_scan_ == 0 && !StartLineValid(Trim(text.substr(0, line_end)), is_response)) {
    return Step::Junk();
  }
  // Find the blank line; resume where the previous call stopped.
  size_t scanned = 0;
  size_t header_end = FindHeaderEnd(text, std::max(header_scan_, line_end), scanned);
  if (header_end == 0) {
    header_scan_ = scanned;
    if (text.size() > limits_.max_header_bytes) {
      return Step::Error(ResourceExhausted("RTSP message headers exceed " +
                                           std::to_string(limits_.max_header_bytes) + " bytes"));
    }
    return Step::NeedMore();
  }
  if (header_end > limits_.max_header_bytes) {
    return Step::Error(ResourceExhausted("RTSP message headers exceed " +
                                         std::to_string(limits_.max_header_bytes) + " bytes"));
  }
  return FinishMessage(avail, line_end, header_end, is_response);
}

RtspStreamParser::Step RtspStreamParser::FinishMessage(ByteSpan avail, size_t line_end,
                                                       size_t header_end, bool is_response) {
  std::string_view text = AsText(avail);
  std::string_view start_line = Trim(text.substr(0, line_end));
  RtspHeaders headers;
  uint64_t malformed = ParseHeaderLines(text.substr(line_end + 1, header_end - line_end - 1), headers);
  size_t body_bytes = 0;
  if (const std::string* cl = headers.Get(kHeaderContentLength)) {
    auto n = ParseUint(*cl);
    if (!n) return Step::Error(DataLoss("unparsable Content-Length '" + cl->substr(0, 32) + "'"));
    if (*n > limits_.max_body_bytes) {
      return Step::Error(ResourceExhausted("RTSP message body of " + std::to_string(*n) +
                                           " bytes exceeds " + std::to_string(limits_.max_body_bytes)));
    }
    body_bytes = static_cast<size_t>(*n);
  }
  size_t total = header_end + body_bytes;
  if (avail.size() < total) {
    need_ = total;
    return Step::NeedMore();
  }
  Step step;
  step.kind = Step::Kind::kItem;
  if (is_response) {
    RtspResponse r;
    if (!ParseStatusLine(start_line, r)) return Step::Junk();
    r.headers = std::move(headers);
    r.body.assign(text.substr(header_end, body_bytes));
    step.item = std::move(r);
  } else {
    RtspRequest r;
    if (!ParseRequestLine(start_line, r)) return Step::Junk();
    r.headers = std::move(headers);
    r.body.assign(text.substr(header_end, body_bytes));
    step.item = std::move(r);
  }
  malformed_header_lines_ += malformed;
  Consume(total);
  return step;
}

RtspStreamParser::Probe RtspStreamParser::ProbeCandidate(ByteSpan s) const {
  // Cheap first-byte filter: '$', "RTSP/1.0 " and the methods' initials.
  if (std::string_view("$RTOAGSPD").find(static_cast<char>(s[0])) == std::string_view::npos) return Probe::kNo;
  if (s[0] == '$') {
    if (s.size() < kFrameHeaderBytes + 1) return Probe::kMaybe;
    bool plausible = s[1] <= limits_.max_resync_channel && LoadBE16(s.data() + 2) >= 4 &&
                     IsRtpVersion2(s[kFrameHeaderBytes]);
    return plausible ? Probe::kYes : Probe::kNo;
  }
  std::string_view text = AsText(s);
  if (int m = PrefixMatch(text, kResyncResponse)) return m == 2 ? Probe::kYes : Probe::kMaybe;
  for (std::string_view method : kMethods) {
    if (int m = PrefixMatch(text, method)) return m == 2 ? Probe::kYes : Probe::kMaybe;
  }
  return Probe::kNo;
}

Status RtspStreamParser::Resync(ByteSpan avail) {
  if (!in_junk_) {
    in_junk_ = true;
    ++resync_events_;
  }
  size_t skip = 1;
  while (skip < avail.size() && ProbeCandidate(avail.subspan(skip)) == Probe::kNo) ++skip;
  junk_bytes_ += skip;
  junk_run_ += skip;
  Consume(skip);
  if (junk_run_ > limits_.max_junk_bytes) {
    return DataLoss("lost RTSP framing: " + std::to_string(junk_run_) +
                    " bytes that are neither RTSP messages nor interleaved frames");
  }
  return Status::Ok();
}

}  // namespace custos
