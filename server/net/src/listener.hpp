#pragma once

#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "connection_limiter.hpp"
#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/service/application.hpp"

namespace boost::asio::ssl {
class context;
}

namespace traffpunkt::net {

class session_registry;

/**
 * Accepts connections and starts an http_session on a fresh strand for each: a TLS one when
 * given a TLS context, a plain one otherwise.
 */
class listener : public std::enable_shared_from_this<listener> {
  public:
    listener(boost::asio::io_context& ioc, boost::asio::ip::tcp::endpoint endpoint,
             const config::settings& settings, service::application& app,
             session_registry& registry, std::shared_ptr<boost::asio::ssl::context> tls);

    void run();
    void stop();
    boost::asio::ip::tcp::endpoint local_endpoint() const;

  private:
    void do_accept();
    void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
    void refuse(boost::asio::ip::tcp::socket socket);

    boost::asio::io_context& ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    const config::settings& settings_;
    service::application& app_;
    session_registry& registry_;
    std::shared_ptr<connection_limiter> limiter_;
    std::shared_ptr<boost::asio::ssl::context> tls_;  ///< null: plain TCP
};

}  // namespace traffpunkt::net
