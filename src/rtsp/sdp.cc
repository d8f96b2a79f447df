#include "rtsp/sdp.h"

#include "rtsp/text.h"

namespace custos {
namespace {

using rtsp_text::EqualsIgnoreCase;
using rtsp_text::ParseUint;
using rtsp_text::SplitKeyValue;
using rtsp_text::SplitTrimmed;
using rtsp_text::Trim;

// Splits "96 H264/90000" into the payload type and the rest; -1 if not numeric.
std::pair<int, std::string_view> SplitPayloadType(std::string_view v) {
  v = Trim(v);
  size_t sp = v.find_first_of(" \t");
  auto pt = ParseUint(v.substr(0, sp));
  if (!pt || *pt > 127) return {-1, {}};
  return {static_cast<int>(*pt), sp == std::string_view::npos ? std::string_view() : Trim(v.substr(sp))};
}

bool ParseMediaLine(std::string_view v, SdpMedia& m) {
  std::vector<std::string_view> tok;
  for (std::string_view t : SplitTrimmed(v, ' ')) {
    for (std::string_view u : SplitTrimmed(t, '\t')) tok.push_back(u);
  }
  if (tok.size() < 3) return false;
  auto port = ParseUint(tok[1].substr(0, tok[1].find('/')));  // "5000/2": port/count
  if (!port || *port > 65535) return false;
  m.media = rtsp_text::ToLower(tok[0]);
  m.port = static_cast<uint16_t>(*port);
  m.proto = std::string(tok[2]);
  for (size_t i = 3; i < tok.size(); ++i) m.formats.emplace_back(tok[i]);
  return true;
}

void ParseRtpMap(std::string_view v, SdpMedia& m) {
  auto [pt, rest] = SplitPayloadType(v);
  if (pt < 0 || rest.empty()) return;
  std::vector<std::string_view> parts = SplitTrimmed(rest, '/');
  if (parts.empty()) return;
  SdpRtpMap map;
  map.encoding = std::string(parts[0]);
  if (parts.size() > 1) {
    auto rate = ParseUint(parts[1]);
    if (rate && *rate <= UINT32_MAX) map.clock_rate_hz = static_cast<uint32_t>(*rate);
  }
  if (parts.size() > 2) map.encoding_params = std::string(parts[2]);
  m.rtpmap[pt] = std::move(map);
}

void ParseFmtp(std::string_view v, SdpMedia& m) {
  auto [pt, rest] = SplitPayloadType(v);
  if (pt < 0) return;
  auto& params = m.fmtp[pt];  // an empty "a=fmtp:96" (Ubiquiti) still creates the entry
  for (std::string_view p : SplitTrimmed(rest, ';')) {
    auto [key, val] = SplitKeyValue(p);
    if (!key.empty()) params[rtsp_text::ToLower(key)] = std::string(val);
  }
}

void ParseMediaAttribute(std::string_view name, std::string_view value, SdpMedia& m) {
  if (EqualsIgnoreCase(name, "rtpmap")) {
    ParseRtpMap(value, m);
  } else if (EqualsIgnoreCase(name, "fmtp")) {
    ParseFmtp(value, m);
  } else if (EqualsIgnoreCase(name, "control")) {
    m.control = std::string(value);
  } else if (EqualsIgnoreCase(name, "sendonly")) {
    m.direction = SdpDirection::kSendOnly;
  } else if (EqualsIgnoreCase(name, "recvonly")) {
    m.direction = SdpDirection::kRecvOnly;
  } else if (EqualsIgnoreCase(name, "inactive")) {
    m.direction = SdpDirection::kInactive;
  } else if (EqualsIgnoreCase(name, "sendrecv")) {
    m.direction = SdpDirection::kSendRecv;
  }
}

void ParseSessionAttribute(std::string_view name, std::string_view value, SdpSession& s) {
  if (EqualsIgnoreCase(name, "control")) {
    s.control = std::string(value);
  } else if (EqualsIgnoreCase(name, "range")) {
    s.range = std::string(value);
  } else if (EqualsIgnoreCase(name, "tool")) {
    s.tool = std::string(value);
  }
}

// What the parser does with the lines after an m= line.
enum class Section { kSession, kMedia, kSkippedMedia };

}  // namespace

int SdpMedia::FirstPayloadType() const {
  for (const std::string& f : formats) {
    auto pt = ParseUint(f);
    if (pt && *pt <= 127) return static_cast<int>(*pt);
  }
  return -1;
}

Result<SdpSession> ParseSdp(std::string_view text) {
  SdpSession s;
  Section section = Section::kSession;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = Trim(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    if (line.empty()) continue;
    if (line.size() < 2 || line[1] != '=') {
      ++s.skipped_lines;
      continue;
    }
    std::string_view value = Trim(line.substr(2));
    if (line[0] == 'm') {
      SdpMedia m;
      if (ParseMediaLine(value, m)) {
        s.media.push_back(std::move(m));
        section = Section::kMedia;
      } else {
        ++s.skipped_media_sections;
        section = Section::kSkippedMedia;
      }
      continue;
    }
    if (line[0] != 'a' || section == Section::kSkippedMedia) continue;
    size_t colon = value.find(':');
    std::string_view name = Trim(value.substr(0, colon));
    std::string_view attr = colon == std::string_view::npos ? std::string_view() : Trim(value.substr(colon + 1));
    if (section == Section::kMedia) {
      ParseMediaAttribute(name, attr, s.media.back());
    } else {
      ParseSessionAttribute(name, attr, s);
    }
  }
  if (s.media.empty()) return Err(InvalidArgument("SDP has no usable media section"));
  return s;
}

bool IsLive555WithStaleSessionBug(std::string_view tool) {
  constexpr std::string_view kPrefix = "LIVE555 Streaming Media v";
  tool = Trim(tool);
  if (!rtsp_text::StartsWithIgnoreCase(tool, kPrefix)) return false;
  std::vector<std::string_view> parts = SplitTrimmed(tool.substr(kPrefix.size()), '.');
  if (parts.size() < 3) return false;
  auto y = ParseUint(parts[0]);
  auto m = ParseUint(parts[1]);
  auto d = ParseUint(parts[2].substr(0, 2));
  if (!y || !m || !d) return false;
  return *y * 10000 + *m * 100 + *d < 20170604;
}

}  // namespace custos
