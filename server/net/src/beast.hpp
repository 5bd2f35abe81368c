#pragma once

// Namespace aliases and stream types of the transport layer, in one place.

#include <type_traits>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

namespace traffpunkt::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

/** A connection without TLS (loopback, or behind a TLS-terminating proxy). */
using plain_stream = beast::tcp_stream;
/** A connection with TLS (tls.cert_file and tls.key_file set). */
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

/** The sessions are templates over these two; this tells them apart where TLS differs. */
template <class Stream>
inline constexpr bool is_tls = std::is_same_v<Stream, tls_stream>;
}  // namespace traffpunkt::net
