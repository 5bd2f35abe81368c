#include "traffpunkt/net/server.hpp"

#include <sys/resource.h>

#include <stdexcept>

#include <spdlog/spdlog.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "listener.hpp"
#include "session_registry.hpp"
#include "tls_context.hpp"
#include "traffpunkt/config/load.hpp"
#include "traffpunkt/log/log_throttle.hpp"

namespace traffpunkt::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

tcp::endpoint resolve_listen(asio::io_context& ioc, const std::string& listen) {
    const auto where = config::parse_listen(listen);
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(where.host, ec);
    if (!ec) {
        return {address, where.port};
    }
    // A host name (e.g. localhost): bind to its first address.
    tcp::resolver resolver(ioc);
    const auto results = resolver.resolve(where.host, std::to_string(where.port));
    return results.begin()->endpoint();
}

/** The soft RLIMIT_NOFILE now (main raises it to the hard limit before the server starts). */
std::uint64_t open_files_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
        return UINT64_MAX;
    }
    return limit.rlim_cur;
}

/** Once a second: the summaries of throttled log lines whose window has ended. */
void flush_logs(const std::shared_ptr<asio::steady_timer>& timer) {
    timer->expires_after(std::chrono::seconds(1));
    timer->async_wait([timer](boost::system::error_code ec) {
        if (ec) {
            return;  // stopped
        }
        log::log_throttle::flush_all();
        flush_logs(timer);
    });
}

}  // namespace

struct server::impl {
    impl(io_pool& pool, const config::settings& s, service::application& a)
        : pool(pool),
          settings(s),
          app(a),
          log_timer(std::make_shared<asio::steady_timer>(pool.main())) {}
    io_pool& pool;
    const config::settings& settings;
    service::application& app;
    session_registry registry;
    std::shared_ptr<listener> accept;
    connection_limits limits;
    std::shared_ptr<asio::steady_timer> log_timer;
};

server::server(io_pool& pool, const config::settings& settings, service::application& app)
    : impl_(std::make_shared<impl>(pool, settings, app)) {}

server::~server() = default;

void server::start() {
    // Built before binding, so a bad certificate or key stops the start with its reason.
    std::shared_ptr<asio::ssl::context> tls;
    if (impl_->settings.tls.enabled()) {
        tls = make_tls_context(impl_->settings.tls);
    }
    const auto files = open_files_limit();
    impl_->limits = derive_connection_limits(files, impl_->settings.connections,
                                             impl_->settings.store.read_connections);
    if (impl_->limits.total < impl_->settings.connections.max_connections) {
        spdlog::warn(
            "connections.max_connections is {}, but {} open files allow only {} connections "
            "({} descriptors kept for the database, documents and accept); raise `ulimit -n` "
            "(LimitNOFILE) to take more",
            impl_->settings.connections.max_connections, files, impl_->limits.total,
            impl_->limits.reserved);
    }
    spdlog::info("connections: at most {} in all, {} per source address (open files {})",
                 impl_->limits.total, impl_->limits.per_address, files);
    impl_->accept = std::make_shared<listener>(
        impl_->pool, resolve_listen(impl_->pool.main(), impl_->settings.listen), impl_->settings,
        impl_->app, impl_->registry, impl_->limits, std::move(tls));
    impl_->accept->run();
    flush_logs(impl_->log_timer);
}

std::string server::bound_address() const {
    const auto ep = impl_->accept->local_endpoint();
    const auto addr = ep.address();
    const std::string host = addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
    return host + ":" + std::to_string(ep.port());
}

std::size_t server::session_count() const {
    return impl_->registry.size();
}

void server::stop_accepting() {
    if (impl_->accept) {
        impl_->accept->stop();
    }
    asio::post(impl_->pool.main(), [timer = impl_->log_timer] { timer->cancel(); });
}

void server::close_sessions() {
    impl_->registry.close_all(1001, "server shutting down");
}

}  // namespace traffpunkt::net
