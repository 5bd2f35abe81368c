// Compiles Boost.Asio once for the whole program (BOOST_ASIO_SEPARATE_COMPILATION), with its
// OpenSSL layer (TLS on the server's port, see server/net/src/tls_context.cpp).
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
