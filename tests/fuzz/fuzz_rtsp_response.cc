// fuzz_rtsp_response: libFuzzer target for the RTSP/TCP reader and header parsers
// (src/rtsp/stream_parser.h, header_values.h, auth.h, url.h, session_state.h).
//
// The input is what a camera could send on the RTSP connection. It is fed to
// RtspStreamParser in chunks of fuzzer-chosen sizes, as reads would deliver it; every
// header of every message is parsed, every response is handed to a session state
// machine, and every server request is answered.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "rtsp/auth.h"
#include "rtsp/header_values.h"
#include "rtsp/session_state.h"
#include "rtsp/stream_parser.h"
#include "rtsp/url.h"

namespace {

void ParseHeaders(const custos::RtspHeaders& headers) {
  for (const auto& [name, value] : headers.entries()) {
    (void)custos::ParseTransportHeader(value);
    (void)custos::ParseSessionHeader(value);
    (void)custos::ParseRtpInfoHeader(value);
    (void)custos::PublicListsMethod(value, "GET_PARAMETER");
    (void)custos::ParseAuthChallenges(value);
    (void)custos::RepairBaseUrl(value);
    (void)custos::ResolveControlUrl(custos::ChooseBaseUrl(value, "", "rtsp://h/a?b=1"), value);
    (void)custos::ResolveControlUrlRfc3986("rtsp://h/a/b?c", value);
  }
  custos::RtspAuthenticator auth("user", "pass");
  if (auth.OnChallenge(headers.GetAll("WWW-Authenticate")).ok()) {
    (void)auth.Authorize("DESCRIBE", "rtsp://h/a");
  }
}

// Checks that a frame's payload lies inside the parser's buffer span it came from.
void CheckFrame(const custos::InterleavedFrame& f) {
  if (f.payload.size() > 65535) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  custos::RtspParserLimits limits;
  limits.max_header_bytes = fdp.ConsumeIntegralInRange<size_t>(64, 64 * 1024);
  limits.max_body_bytes = fdp.ConsumeIntegralInRange<size_t>(0, 64 * 1024);
  limits.max_junk_bytes = fdp.ConsumeIntegralInRange<size_t>(1, 8 * 1024);
  custos::RtspStreamParser parser(limits);

  custos::RtspSessionConfig config;
  config.url = *custos::ParseRtspUrl("rtsp://10.0.0.1/live?x=1");
  config.user = "user";
  config.password = "pass";
  custos::RtspSessionState session(config);
  (void)session.Begin();

  while (fdp.remaining_bytes() > 0) {
    size_t chunk = fdp.ConsumeIntegralInRange<size_t>(1, 4096);
    std::string bytes = fdp.ConsumeBytesAsString(chunk);
    parser.Append({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
    while (true) {
      auto item = parser.Next();
      if (!item) return 0;  // an error ends the stream, as it ends the connection
      if (std::holds_alternative<custos::RtspNeedMore>(*item)) break;
      if (const auto* f = std::get_if<custos::InterleavedFrame>(&*item)) {
        CheckFrame(*f);
      } else if (const auto* r = std::get_if<custos::RtspResponse>(&*item)) {
        ParseHeaders(r->headers);
        (void)r->CSeq();
        auto step = session.OnResponse(*r);
        if (step.kind == custos::RtspSessionState::Step::Kind::kPlaying) (void)session.Keepalive();
        if (!session.request_pending()) (void)session.Keepalive();
      } else if (const auto* q = std::get_if<custos::RtspRequest>(&*item)) {
        ParseHeaders(q->headers);
        (void)session.AnswerServerRequest(*q);
      }
    }
  }
  (void)session.Teardown();
  return 0;
}
