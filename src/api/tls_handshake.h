// tls_handshake.h: the first steps of a connection to a TLS port (internal to
// api_server.cc): detect whether the client speaks TLS, run the server handshake (bounded
// by a timeout), then hand the stream to a Connection<TlsStream>.
//
// A client that sends plain HTTP gets a plain "400: this port speaks HTTPS" reply and is
// closed; a failed handshake (wrong protocol version, no shared cipher, the client refusing
// our certificate) is logged once with the peer's address and closed. Neither affects
// other connections. Thread-safety: lives on the API's event loop.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include "api/connection.h"

namespace custos::api {

// Starts the detect-then-handshake sequence on `socket`; the object keeps itself alive.
void StartTlsConnection(boost::asio::ip::tcp::socket socket, ServerShared& shared);

}  // namespace custos::api
