#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "connection_limiter.hpp"
#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/net/connection_limits.hpp"
#include "traffpunkt/net/io_pool.hpp"
#include "traffpunkt/service/application.hpp"

namespace boost::asio::ssl {
class context;
}

namespace traffpunkt::net {

class session_registry;

/**
 * Accepts connections (on the pool's main context) and starts an http_session for each on the
 * pool's next context: a TLS one when
 * given a TLS context, a plain one otherwise. Counts connections per source address and in all
 * (over a limit: a short 503); when the process runs out of descriptors anyway (EMFILE, ENFILE),
 * it stops accepting for a moment instead of spinning, and says so at most once per 10 s.
 */
class listener : public std::enable_shared_from_this<listener> {
  public:
    listener(io_pool& pool, boost::asio::ip::tcp::endpoint endpoint,
             const config::settings& settings, service::application& app,
             session_registry& registry, connection_limits limits,
             std::shared_ptr<boost::asio::ssl::context> tls);

    void run();
    void stop();
    boost::asio::ip::tcp::endpoint local_endpoint() const;

  private:
    void do_accept();
    void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
    /** Accept failed for lack of descriptors or memory: wait a little, then accept again. */
    void pause_accepting(boost::system::error_code ec);
    void refuse(boost::asio::ip::tcp::socket socket);

    io_pool& pool_;
    boost::asio::ip::tcp::acceptor acceptor_;
    const config::settings& settings_;
    service::application& app_;
    session_registry& registry_;
    std::shared_ptr<connection_limiter> limiter_;
    std::shared_ptr<boost::asio::ssl::context> tls_;  ///< null: plain TCP

    boost::asio::steady_timer pause_timer_;
    // Accept failures since the last line about them, and when that line was written.
    std::size_t failures_unlogged_ = 0;
    std::chrono::steady_clock::time_point last_failure_log_{};
};

/**
 * The key connections are counted under: the address itself for IPv4, the /64 network for
 * IPv6 (one machine can use any number of addresses of its /64; v4-mapped addresses count as
 * IPv4).
 */
std::string address_key(const boost::asio::ip::address& address);

}  // namespace traffpunkt::net
