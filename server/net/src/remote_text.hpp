#pragma once

#include <string>

#include <boost/asio/ip/tcp.hpp>

namespace traffpunkt::net {

/**
 * A peer as logs, the access log and /metrics access see it: `127.0.0.1:5123` or `[::1]:5123`
 * (brackets, so the port cannot be read as part of an IPv6 address).
 */
inline std::string remote_text(const boost::asio::ip::tcp::endpoint& ep) {
    const auto address = ep.address();
    const std::string host =
        address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    return host + ":" + std::to_string(ep.port());
}

}  // namespace traffpunkt::net
