#include "rtsp/header_values.h"

#include "rtsp/text.h"

namespace custos {
namespace {

using rtsp_text::EqualsIgnoreCase;
using rtsp_text::ParseHex;
using rtsp_text::ParseUint;
using rtsp_text::SplitKeyValue;
using rtsp_text::SplitTrimmed;
using rtsp_text::StartsWithIgnoreCase;
using rtsp_text::Trim;

std::string_view Unquote(std::string_view v) {
  v = Trim(v);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = Trim(v.substr(1, v.size() - 2));
  return v;
}

std::optional<PortPair> ParsePortPair(std::string_view v) {
  size_t dash = v.find('-');
  auto first = ParseUint(v.substr(0, dash));
  if (!first || *first > 65535) return std::nullopt;
  PortPair p{static_cast<int>(*first), static_cast<int>(*first) + 1};
  if (dash != std::string_view::npos) {
    auto second = ParseUint(v.substr(dash + 1));
    if (second && *second <= 65535) p.second = static_cast<int>(*second);
  }
  return p;
}

std::optional<uint32_t> ParseSsrc(std::string_view v) {
  auto x = ParseHex(Unquote(v));
  if (!x || *x > UINT32_MAX) return std::nullopt;
  return static_cast<uint32_t>(*x);
}

void ApplyTransportParam(std::string_view key, std::string_view value, TransportHeader& t) {
  if (EqualsIgnoreCase(key, "interleaved")) {
    t.interleaved = ParsePortPair(value);
    if (t.interleaved) t.tcp = true;
  } else if (EqualsIgnoreCase(key, "client_port")) {
    t.client_port = ParsePortPair(value);
  } else if (EqualsIgnoreCase(key, "server_port")) {
    t.server_port = ParsePortPair(value);
  } else if (EqualsIgnoreCase(key, "ssrc")) {
    t.ssrc = ParseSsrc(value);
  } else if (EqualsIgnoreCase(key, "mode")) {
    t.mode = rtsp_text::ToLower(Unquote(value));
  } else if (EqualsIgnoreCase(key, "source")) {
    t.source = std::string(value);
  } else if (EqualsIgnoreCase(key, "multicast")) {
    t.multicast = true;
  }
}

// Splits RTP-Info at commas that begin a new "url=" entry.
std::vector<std::string_view> SplitRtpInfoEntries(std::string_view value) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] != ',') continue;
    if (!StartsWithIgnoreCase(Trim(value.substr(i + 1)), "url=")) continue;
    out.push_back(value.substr(start, i - start));
    start = i + 1;
  }
  out.push_back(value.substr(start));
  return out;
}

}  // namespace

Result<TransportHeader> ParseTransportHeader(std::string_view value) {
  value = Trim(value);
  // Several transports are comma-separated; the server's reply has one.
  value = Trim(value.substr(0, value.find(',')));
  if (value.empty()) return Err(InvalidArgument("empty Transport header"));
  TransportHeader t;
  bool first = true;
  for (std::string_view param : SplitTrimmed(value, ';')) {
    auto [key, val] = SplitKeyValue(param);
    // The protocol normally comes first, but Luckfox puts ssrc= before it: accept a
    // protocol spec ("RTP/...") wherever it appears.
    if (val.empty() && key.find('/') != std::string_view::npos && (first || t.protocol.empty())) {
      t.protocol = std::string(key);
      if (rtsp_text::ToLower(key).find("/tcp") != std::string::npos) t.tcp = true;
    } else if (EqualsIgnoreCase(key, "multicast") || EqualsIgnoreCase(key, "unicast")) {
      t.multicast = EqualsIgnoreCase(key, "multicast");
    } else {
      ApplyTransportParam(key, val, t);
    }
    first = false;
  }
  return t;
}

Result<SessionHeader> ParseSessionHeader(std::string_view value) {
  std::vector<std::string_view> parts = SplitTrimmed(value, ';');
  if (parts.empty() || parts[0].find('=') != std::string_view::npos) {
    return Err(InvalidArgument("Session header without a session id"));
  }
  SessionHeader s;
  s.id = std::string(parts[0]);
  for (size_t i = 1; i < parts.size(); ++i) {
    auto [key, val] = SplitKeyValue(parts[i]);
    if (!EqualsIgnoreCase(key, "timeout")) continue;
    auto n = ParseUint(Unquote(val));
    if (n && *n > 0 && *n <= 24 * 3600) {
      s.timeout_seconds = static_cast<int>(*n);
      s.timeout_given = true;
    }
  }
  return s;
}

std::vector<RtpInfoEntry> ParseRtpInfoHeader(std::string_view value) {
  std::vector<RtpInfoEntry> out;
  for (std::string_view entry : SplitRtpInfoEntries(value)) {
    RtpInfoEntry e;
    bool any = false;
    for (std::string_view param : SplitTrimmed(entry, ';')) {
      auto [key, val] = SplitKeyValue(param);
      if (EqualsIgnoreCase(key, "url")) {
        e.url = std::string(val);
        any = true;
      } else if (EqualsIgnoreCase(key, "seq")) {
        if (auto n = ParseUint(val); n && *n <= 0xFFFF) e.seq = static_cast<uint16_t>(*n);
        any = true;
      } else if (EqualsIgnoreCase(key, "rtptime")) {
        if (auto n = ParseUint(val); n && *n <= UINT32_MAX) e.rtptime = static_cast<uint32_t>(*n);
        any = true;
      } else if (EqualsIgnoreCase(key, "ssrc")) {
        e.ssrc = ParseSsrc(val);
        any = true;
      }
    }
    if (any) out.push_back(std::move(e));
  }
  return out;
}

bool PublicListsMethod(std::string_view public_value, std::string_view method) {
  for (std::string_view m : SplitTrimmed(public_value, ',')) {
    if (EqualsIgnoreCase(m, method)) return true;
  }
  return false;
}

}  // namespace custos
