#pragma once

#include <memory>

#include "traffpunkt/config/settings.hpp"

namespace boost::asio::ssl {
class context;
}

namespace traffpunkt::net {

/**
 * The server's TLS context from tls.cert_file and tls.key_file: TLS 1.2 and 1.3 only, no
 * compression, the key checked against the certificate. Throws std::runtime_error naming the
 * setting and OpenSSL's reason, so a wrong path or a mismatched key stops the server at start
 * instead of failing every handshake later.
 */
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const config::tls_settings& tls);

}  // namespace traffpunkt::net
