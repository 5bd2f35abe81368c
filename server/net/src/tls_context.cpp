#include "tls_context.hpp"

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>

#include <stdexcept>
#include <string>

namespace traffpunkt::net {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> make_tls_context(const config::tls_settings& tls) {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
    // SSLv2/3 and TLS 1.0/1.1 are broken or deprecated (RFC 8996); compression leaks (CRIME).
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                     ssl::context::no_compression | ssl::context::single_dh_use);
    boost::system::error_code ec;
    ctx->use_certificate_chain_file(tls.cert_file, ec);
    if (ec) {
        throw std::runtime_error("tls.cert_file: cannot use " + tls.cert_file + ": " +
                                 ec.message());
    }
    ctx->use_private_key_file(tls.key_file, ssl::context::pem, ec);
    if (ec) {
        throw std::runtime_error("tls.key_file: cannot use " + tls.key_file + ": " + ec.message());
    }
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
        throw std::runtime_error("tls.key_file: " + tls.key_file +
                                 " is not the key of the certificate in " + tls.cert_file);
    }
    return ctx;
}

}  // namespace traffpunkt::net
