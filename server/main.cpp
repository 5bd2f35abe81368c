// Wiring only: command line -> settings -> store/service -> net, signals, shutdown.

#include <sys/resource.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "command_line.hpp"
#include "data_command.hpp"
#include "logging.hpp"
#include "pb_command.hpp"
#include "person_command.hpp"
#include "token_command.hpp"
#include "traffpunkt/config/load.hpp"
#include "traffpunkt/net/server.hpp"
#include "traffpunkt/service/application.hpp"

namespace {

using namespace traffpunkt;

/** Waits (on the main context) until every WebSocket has closed, at most `left` more tries. */
void stop_when_idle(net::io_pool& pool, net::server& srv,
                    std::shared_ptr<boost::asio::steady_timer> timer, int left) {
    if (srv.session_count() == 0 || left == 0) {
        pool.stop();
        return;
    }
    timer->expires_after(std::chrono::milliseconds(50));
    timer->async_wait([&pool, &srv, timer, left](boost::system::error_code) {
        stop_when_idle(pool, srv, timer, left - 1);
    });
}

/**
 * Raises the soft limit on open files to the hard one. Every connection is a descriptor, and
 * the usual soft default (1024) would cap the server far below its connection limits; the
 * listener derives its limits from what this leaves (net::derive_connection_limits).
 */
void raise_open_files_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) {
        return;
    }
    const auto before = limit.rlim_cur;
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
        spdlog::warn("cannot raise the open files limit from {} to {}: {}", before, limit.rlim_max,
                     std::strerror(errno));
    }
}

int serve(const config::settings& settings, bool demo_data,
          const std::optional<std::string>& ready_file) {
    const unsigned threads =
        settings.threads ? settings.threads : std::max(1u, std::thread::hardware_concurrency());
    net::io_pool pool(threads);
    auto& ioc = pool.main();

    service::application app(settings, ioc.get_executor());
    if (demo_data) {
        app.insert_demo_data_if_empty();
    }
    net::server srv(pool, settings, app);
    srv.start();
    const std::string address = srv.bound_address();
    const char* scheme = settings.tls.enabled() ? "https" : "http";
    spdlog::info("listening on {}://{}/ (WebSocket at /ws), {} threads", scheme, address, threads);
    if (ready_file) {
        // Written after bind, so a test that asked for port 0 learns the real one.
        std::ofstream(*ready_file) << address << "\n";
    }

    boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
        if (ec) {
            return;
        }
        spdlog::info("signal {}: shutting down", signal);
        srv.stop_accepting();
        // Finish every queued write first, so its answer is queued before the close frame.
        app.shutdown();
        srv.close_sessions();
        stop_when_idle(pool, srv, std::make_shared<boost::asio::steady_timer>(ioc), 100);
    });

    pool.run();
    app.shutdown();
    spdlog::info("stopped");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace traffpunkt;
    command_line cl;
    try {
        cl = parse_command_line(argc, argv);
    } catch (const std::invalid_argument& e) {
        std::cerr << "traffpunkt: " << e.what() << "\n\n" << usage();
        return 2;
    }
    if (cl.help) {
        std::cout << usage();
        return 0;
    }
    if (cl.version) {
        std::cout << "traffpunkt 0.1.0 (protocol traffpunkt.v1)\n";
        return 0;
    }

    if (!cl.command.empty() && cl.command.front() == "pb") {
        return run_pb_command(cl.command, std::cout, std::cerr);  // reads no configuration
    }

    config::settings settings;
    try {
        // File from --config, else $TRAFFPUNKT_CONFIG, else built-in defaults.
        settings = config::load_settings(cl.config_file, config::traffpunkt_environment());
    } catch (const config::config_error& e) {
        std::cerr << e.what() << "\n";
        return 2;
    }
    // The command line wins over file and environment.
    if (cl.listen)
        settings.listen = *cl.listen;
    if (cl.data_dir)
        settings.data_dir = *cl.data_dir;
    if (cl.log_format)
        settings.log_format = *cl.log_format;
    if (cl.demo_data)
        settings.demo_data = true;
    try {
        config::validate(settings);  // the command-line values too
    } catch (const config::config_error& e) {
        std::cerr << e.what() << "\n";
        return 2;
    }
    setup_logging(settings.log_format, settings.log_level);

    if (!cl.command.empty()) {
        if (cl.command.front() == "person") {
            return run_person_command(settings, cl.command);
        }
        if (cl.command.front() == "backup" || cl.command.front() == "restore" ||
            cl.command.front() == "check") {
            return run_data_command(settings, cl.command);
        }
        return run_token_command(settings, cl.command);
    }
    // Past a file size limit (ulimit -f, a quota) a write must fail with EFBIG, which SQLite
    // reports and the service answers `unavailable`; the default action would kill the server.
    std::signal(SIGXFSZ, SIG_IGN);
    raise_open_files_limit();
    try {
        return serve(settings, settings.demo_data, cl.ready_file);
    } catch (const std::exception& e) {
        spdlog::critical("cannot start: {}", e.what());
        return 1;
    }
}
