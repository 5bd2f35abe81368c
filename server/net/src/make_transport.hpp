#pragma once

#include <boost/asio/ip/tcp.hpp>

#include "transport.hpp"

namespace boost::asio::ssl {
class context;
}

namespace traffpunkt::net {

/** A plain TCP connection (loopback, or behind a TLS-terminating proxy). */
transport make_plain_transport(boost::asio::ip::tcp::socket socket);

/** A TLS connection over `socket`, served with `context` (the handshake is still to come). */
transport make_tls_transport(boost::asio::ip::tcp::socket socket,
                             boost::asio::ssl::context& context);

}  // namespace traffpunkt::net
