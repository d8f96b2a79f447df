#include "rtsp/message.h"

#include "rtsp/text.h"

namespace custos {
namespace {

using rtsp_text::EqualsIgnoreCase;
using rtsp_text::ParseUint;
using rtsp_text::Trim;

std::optional<uint32_t> ParseCSeq(const RtspHeaders& headers) {
  const std::string* v = headers.Get(kHeaderCSeq);
  if (v == nullptr) return std::nullopt;
  auto n = ParseUint(*v);
  if (!n || *n > UINT32_MAX) return std::nullopt;
  return static_cast<uint32_t>(*n);
}

void AppendHeadersAndBody(const RtspHeaders& headers, const std::string& body, std::string& out) {
  for (const auto& [name, value] : headers.entries()) {
    if (!body.empty() && EqualsIgnoreCase(name, kHeaderContentLength)) continue;
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (!body.empty()) {
    out += kHeaderContentLength;
    out += ": ";
    out += std::to_string(body.size());
    out += "\r\n";
  }
  out += "\r\n";
  out += body;
}

}  // namespace

void RtspHeaders::Add(std::string_view name, std::string_view value) {
  entries_.emplace_back(std::string(Trim(name)), std::string(Trim(value)));
}

void RtspHeaders::Set(std::string_view name, std::string_view value) {
  std::erase_if(entries_, [&](const auto& e) { return EqualsIgnoreCase(e.first, name); });
  Add(name, value);
}

const std::string* RtspHeaders::Get(std::string_view name) const {
  for (const auto& e : entries_) {
    if (EqualsIgnoreCase(e.first, name)) return &e.second;
  }
  return nullptr;
}

std::vector<std::string_view> RtspHeaders::GetAll(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& e : entries_) {
    if (EqualsIgnoreCase(e.first, name)) out.push_back(e.second);
  }
  return out;
}

void RtspHeaders::AppendToLast(std::string_view more) {
  if (entries_.empty()) return;
  more = Trim(more);
  if (more.empty()) return;
  std::string& v = entries_.back().second;
  if (!v.empty()) v += ' ';
  v += more;
}

std::optional<uint32_t> RtspRequest::CSeq() const { return ParseCSeq(headers); }
std::optional<uint32_t> RtspResponse::CSeq() const { return ParseCSeq(headers); }

std::string SerializeRequest(const RtspRequest& request) {
  std::string out;
  out.reserve(256 + request.body.size());
  out += request.method;
  out += ' ';
  out += request.uri;
  out += " RTSP/1.0\r\n";
  AppendHeadersAndBody(request.headers, request.body, out);
  return out;
}

std::string SerializeResponse(const RtspResponse& response) {
  std::string out = "RTSP/1.0 " + std::to_string(response.status_code) + " ";
  out += response.reason.empty() ? std::string(RtspReasonPhrase(response.status_code)) : response.reason;
  out += "\r\n";
  AppendHeadersAndBody(response.headers, response.body, out);
  return out;
}

std::string_view RtspReasonPhrase(int status_code) {
  switch (status_code) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 454: return "Session Not Found";
    case 501: return "Not Implemented";
    default: return "Unknown";
  }
}

}  // namespace custos
