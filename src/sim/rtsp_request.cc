#include "sim/rtsp_request.h"

#include <algorithm>
#include <charconv>

namespace custos::sim {

namespace {

constexpr size_t kMaxMethodBytes = 32;

bool IsMethodChar(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-'; }

bool IsHeaderNameChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 32 && u < 127 && c != ':';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

RtspInput Malformed(std::string why) {
  RtspInput in;
  in.kind = RtspInput::Kind::kMalformed;
  in.error = std::move(why);
  return in;
}

RtspInput Skip(size_t n) {
  RtspInput in;
  in.kind = RtspInput::Kind::kSkip;
  in.consumed_bytes = n;
  return in;
}

// Rejects early what cannot become a request line, so garbage is answered at once
// rather than after the header limit fills.
bool PrefixCanBeMethod(std::string_view input) {
  const size_t n = std::min(input.size(), kMaxMethodBytes + 1);
  for (size_t i = 0; i < n; ++i) {
    if (input[i] == ' ') return i > 0;
    if (!IsMethodChar(input[i])) return false;
  }
  return n <= kMaxMethodBytes;
}

bool ParseRequestLine(std::string_view line, RtspRequest& req) {
  const size_t sp1 = line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || sp2 == sp1 + 1) return false;
  std::string_view version = line.substr(sp2 + 1);
  if (version.substr(0, 7) != "RTSP/1.") return false;
  req.method.assign(line.substr(0, sp1));
  req.uri.assign(line.substr(sp1 + 1, sp2 - sp1 - 1));
  return true;
}

bool ParseHeaderLine(std::string_view line, RtspRequest& req) {
  const size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  std::string_view name = line.substr(0, colon);
  if (!std::all_of(name.begin(), name.end(), IsHeaderNameChar)) return false;
  req.headers.emplace_back(std::string(name), std::string(Trim(line.substr(colon + 1))));
  return true;
}

// Splits the head (request line and headers, before the blank line) into `req`.
bool ParseHead(std::string_view head, RtspRequest& req, std::string& error) {
  bool first = true;
  while (!head.empty()) {
    const size_t nl = head.find('\n');
    std::string_view line = Trim(head.substr(0, nl));
    head = nl == std::string_view::npos ? std::string_view() : head.substr(nl + 1);
    if (first) {
      if (!ParseRequestLine(line, req)) {
        error = "bad request line";
        return false;
      }
      first = false;
    } else if (!ParseHeaderLine(line, req)) {
      error = "bad header line";
      return false;
    }
  }
  return true;
}

bool ParseSize(std::string_view s, size_t& v) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size();
}

// Where the head ends: the offset of the blank line's end, or npos. Accepts CRLF or LF.
size_t FindHeadEnd(std::string_view input, size_t& head_bytes) {
  for (size_t nl = input.find('\n'); nl != std::string_view::npos; nl = input.find('\n', nl + 1)) {
    const size_t next = nl + 1;
    size_t blank_bytes = 0;
    if (next < input.size() && input[next] == '\n') {
      blank_bytes = 1;
    } else if (next + 1 < input.size() && input[next] == '\r' && input[next + 1] == '\n') {
      blank_bytes = 2;
    }
    if (blank_bytes > 0) {
      head_bytes = nl;
      return next + blank_bytes;
    }
  }
  return std::string_view::npos;
}

RtspInput ParseRequest(std::string_view input, const RtspLimits& limits) {
  if (!PrefixCanBeMethod(input)) return Malformed("not an RTSP request");
  size_t head_bytes = 0;
  const size_t body_start = FindHeadEnd(input.substr(0, limits.max_header_bytes), head_bytes);
  if (body_start == std::string_view::npos) {
    if (input.size() >= limits.max_header_bytes) return Malformed("request header too large");
    return RtspInput();
  }
  RtspInput in;
  if (!ParseHead(input.substr(0, head_bytes), in.request, in.error)) return Malformed(in.error);
  in.request.cseq.assign(in.request.Header("CSeq"));
  if (in.request.cseq.empty()) return Malformed("missing CSeq");
  size_t body_bytes = 0;
  std::string_view length = in.request.Header("Content-Length");
  if (!length.empty() && !ParseSize(length, body_bytes)) return Malformed("bad Content-Length");
  if (body_bytes > limits.max_body_bytes) return Malformed("request body too large");
  if (input.size() - body_start < body_bytes) return RtspInput();
  in.request.body.assign(input.substr(body_start, body_bytes));
  in.kind = RtspInput::Kind::kRequest;
  in.consumed_bytes = body_start + body_bytes;
  return in;
}

// The numbers of "name=A-B" (or "name=A", B then A + 1) in a Transport header.
bool ParsePortPair(std::string_view transport, std::string_view name, int& a, int& b) {
  const size_t at = transport.find(name);
  if (at == std::string_view::npos) return false;
  std::string_view v = transport.substr(at + name.size());
  v = v.substr(0, v.find(';'));
  const size_t dash = v.find('-');
  std::string_view first = v.substr(0, dash);
  auto r1 = std::from_chars(first.data(), first.data() + first.size(), a);
  if (r1.ec != std::errc() || r1.ptr != first.data() + first.size()) return false;
  if (dash == std::string_view::npos) {
    b = a + 1;
    return true;
  }
  std::string_view second = v.substr(dash + 1);
  auto r2 = std::from_chars(second.data(), second.data() + second.size(), b);
  return r2.ec == std::errc() && r2.ptr == second.data() + second.size();
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

std::string_view RtspRequest::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (EqualsIgnoreCase(k, name)) return v;
  }
  return {};
}

CameraUri ParseCameraUri(std::string_view uri) {
  const size_t scheme = uri.find("://");
  if (scheme != std::string_view::npos) {
    const size_t slash = uri.find('/', scheme + 3);
    uri = slash == std::string_view::npos ? std::string_view() : uri.substr(slash);
  }
  uri = uri.substr(0, uri.find('?'));
  if (uri.substr(0, 4) != "/cam") return {};
  uri.remove_prefix(4);
  const size_t digits = std::min(uri.find('/'), uri.size());
  int n = 0;
  auto [end, ec] = std::from_chars(uri.data(), uri.data() + digits, n);
  if (ec != std::errc() || end != uri.data() + digits || n <= 0 || n >= 1000000 || uri[0] == '0') return {};
  std::string_view rest = uri.substr(digits);
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  CameraUri out;
  out.camera = n;
  if (rest.empty()) return out;
  if (rest.substr(0, 1) == "/" && rest.substr(1) == kTrackControl) {
    out.track = true;
    return out;
  }
  return {};
}

TransportRequest ParseTransport(std::string_view transport) {
  transport = transport.substr(0, transport.find(','));
  TransportRequest t;
  const bool tcp = transport.find("RTP/AVP/TCP") != std::string_view::npos;
  const bool udp = !tcp && (transport.substr(0, 8) == "RTP/AVP;" || transport == "RTP/AVP" ||
                            transport.substr(0, 11) == "RTP/AVP/UDP");
  if (transport.find("multicast") != std::string_view::npos) return t;
  int a = 0, b = 0;
  if (tcp) {
    if (transport.find("interleaved=") == std::string_view::npos) {
      t.kind = TransportRequest::Kind::kTcp;
    } else if (ParsePortPair(transport, "interleaved=", a, b) && a >= 0 && a <= 254) {
      t.kind = TransportRequest::Kind::kTcp;
      t.channel = a;
    }
  } else if (udp && ParsePortPair(transport, "client_port=", a, b) && a > 0 && a <= 65535 && b > 0 && b <= 65535) {
    t.kind = TransportRequest::Kind::kUdp;
    t.client_rtp_port = static_cast<uint16_t>(a);
    t.client_rtcp_port = static_cast<uint16_t>(b);
  }
  return t;
}

RtspInput ParseRtspInput(std::string_view input, const RtspLimits& limits) {
  if (input.empty()) return RtspInput();
  if (input[0] == '$') {
    if (input.size() < 4) return RtspInput();
    const size_t length = (static_cast<uint8_t>(input[2]) << 8) | static_cast<uint8_t>(input[3]);
    return Skip(4 + length);
  }
  if (input[0] == '\r' || input[0] == '\n') {
    const size_t n = input.find_first_not_of("\r\n");
    return Skip(n == std::string_view::npos ? input.size() : n);
  }
  return ParseRequest(input, limits);
}

}  // namespace custos::sim
