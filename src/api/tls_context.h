// tls_context.h: the server's TLS settings, loaded once at start from PEM files.
//
// `custos serve --tls-cert FILE --tls-key FILE` turns the API port (API, live WebSocket,
// static files) into HTTPS/WSS. The context allows TLS 1.2 and 1.3 only. Every mistake a
// person can make with the two files (missing, unreadable, not PEM, a key that is not the
// certificate's) is a FailedPrecondition/InvalidArgument that names the file and says what
// to do, so `custos serve` stops at start instead of failing each handshake later.
// Thread-safety: the returned context is read-only after loading; share it between loops.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

#include "base/status.h"

namespace custos::api {

struct TlsFiles {
  std::string cert_path;  // PEM: the server certificate, then any intermediates
  std::string key_path;   // PEM: its private key, unencrypted
  bool enabled() const { return !cert_path.empty() || !key_path.empty(); }
};

// Loads and checks the certificate chain and the key. InvalidArgument when only one of the
// two is given; FailedPrecondition naming the file otherwise.
Result<std::shared_ptr<boost::asio::ssl::context>> LoadTlsContext(const TlsFiles& files);

}  // namespace custos::api
