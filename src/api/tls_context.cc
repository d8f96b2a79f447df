#include "api/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <filesystem>
#include <fstream>

namespace custos::api {

namespace {

namespace ssl = boost::asio::ssl;

// The reason of OpenSSL's most recent error, emptying its queue ("" if none).
std::string OpenSslReason() {
  std::string reason;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    reason = buf;  // keep the last: the most specific
  }
  return reason;
}

// A readable regular file, or an error that names it and says what is wrong.
Status CheckReadable(const std::string& path, const char* what, const char* option) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return FailedPrecondition(std::string(what) + " file '" + path + "' does not exist or is not a file (" + option +
                              " wants a PEM file)");
  }
  std::ifstream in(path);
  if (!in) {
    return FailedPrecondition("cannot read the " + std::string(what) + " file '" + path +
                              "': check that the user running custos may read it");
  }
  return Status::Ok();
}

Status KeyMismatch(const TlsFiles& files) {
  return FailedPrecondition("the private key in '" + files.key_path + "' does not belong to the certificate in '" +
                            files.cert_path + "': give --tls-key the key the certificate was issued for");
}

}  // namespace

Result<std::shared_ptr<ssl::context>> LoadTlsContext(const TlsFiles& files) {
  if (files.cert_path.empty() || files.key_path.empty()) {
    return Err(InvalidArgument("TLS needs both --tls-cert FILE and --tls-key FILE (PEM)"));
  }
  CUSTOS_RETURN_IF_ERROR(CheckReadable(files.cert_path, "certificate", "--tls-cert"));
  CUSTOS_RETURN_IF_ERROR(CheckReadable(files.key_path, "private key", "--tls-key"));
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  ERR_clear_error();
  // TLS 1.2 and later only; no renegotiation; the server picks the cipher.
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1) {
    return Err(Internal("cannot restrict TLS to 1.2 and later: " + OpenSslReason()));
  }
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION);
  if (SSL_CTX_use_certificate_chain_file(native, files.cert_path.c_str()) != 1) {
    return Err(FailedPrecondition("'" + files.cert_path + "' is not a PEM certificate (" + OpenSslReason() +
                                  "): --tls-cert wants the server certificate, then any intermediates, "
                                  "as '-----BEGIN CERTIFICATE-----' blocks"));
  }
  if (SSL_CTX_use_PrivateKey_file(native, files.key_path.c_str(), SSL_FILETYPE_PEM) != 1) {
    const std::string reason = OpenSslReason();
    // OpenSSL compares the key with the certificate already loaded ("key values mismatch").
    if (reason.find("mismatch") != std::string::npos) return Err(KeyMismatch(files));
    return Err(FailedPrecondition("'" + files.key_path + "' is not an unencrypted PEM private key (" + reason +
                                  "): --tls-key wants a '-----BEGIN PRIVATE KEY-----' block without a passphrase"));
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    OpenSslReason();
    return Err(KeyMismatch(files));
  }
  return ctx;
}

}  // namespace custos::api
