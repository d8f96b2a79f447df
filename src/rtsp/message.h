// message.h: RTSP 1.0 messages: headers, requests, responses and their serialisation.
//
// RtspHeaders keeps headers in arrival order with names compared case-insensitively
// (cameras answer "Cseq"); values are stored trimmed. Requests are written with the
// canonical header spellings below, since some servers only accept "CSeq" exactly.
// Reading from the wire is RtspStreamParser's job (stream_parser.h); header values with
// structure (Transport, Session, RTP-Info) are parsed in header_values.h.
// Thread-safety: plain values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace custos {

// Canonical header names for what we send.
inline constexpr std::string_view kHeaderCSeq = "CSeq";
inline constexpr std::string_view kHeaderUserAgent = "User-Agent";
inline constexpr std::string_view kHeaderSession = "Session";
inline constexpr std::string_view kHeaderAuthorization = "Authorization";
inline constexpr std::string_view kHeaderTransport = "Transport";
inline constexpr std::string_view kHeaderRange = "Range";
inline constexpr std::string_view kHeaderAccept = "Accept";
inline constexpr std::string_view kHeaderContentLength = "Content-Length";
inline constexpr std::string_view kHeaderContentType = "Content-Type";
inline constexpr std::string_view kDefaultUserAgent = "Custos/0.1";

class RtspHeaders {
 public:
  // Appends a header; the value is trimmed.
  void Add(std::string_view name, std::string_view value);
  // Replaces every header called `name` with one (appended if absent).
  void Set(std::string_view name, std::string_view value);
  // The first value of `name`, case-insensitively; nullptr if absent.
  const std::string* Get(std::string_view name) const;
  // Every value of `name` in order (a 401 may carry several WWW-Authenticate headers).
  std::vector<std::string_view> GetAll(std::string_view name) const;
  // Appends to the last header's value (obsolete line folding).
  void AppendToLast(std::string_view more);

  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

struct RtspRequest {
  std::string method;  // "DESCRIBE"
  std::string uri;     // absolute rtsp:// URL without credentials, or "*"
  RtspHeaders headers;
  std::string body;

  // The CSeq header as a number, if present and numeric.
  std::optional<uint32_t> CSeq() const;
};

struct RtspResponse {
  int status_code = 0;
  std::string reason;  // "OK"
  RtspHeaders headers;
  std::string body;

  std::optional<uint32_t> CSeq() const;
  bool ok() const { return status_code >= 200 && status_code < 300; }
};

// "METHOD uri RTSP/1.0\r\n" + headers + Content-Length (when there is a body) + CRLF + body.
std::string SerializeRequest(const RtspRequest& request);
// "RTSP/1.0 code reason\r\n" + headers + Content-Length (when there is a body) + CRLF + body.
std::string SerializeResponse(const RtspResponse& response);

// The reason phrase we send for the few codes we answer with.
std::string_view RtspReasonPhrase(int status_code);

}  // namespace custos
