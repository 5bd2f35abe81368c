#pragma once

#include <chrono>

#include <memory>

#include <boost/json/value.hpp>

#include "metrics/histogram.hpp"
#include "traffpunkt/protocol/envelope.hpp"
#include "traffpunkt/protocol/errc.hpp"
#include "traffpunkt/service/connection.hpp"

namespace traffpunkt::service {

/** One request in flight: who asked, what, and how to answer. Cheap to copy into callbacks. */
struct call {
    std::shared_ptr<connection> conn;
    protocol::request req;

    /** When the request arrived, and its op's latency histogram (none: not measured). */
    std::chrono::steady_clock::time_point started{};
    histogram* latency = nullptr;

    const principal& who() const { return conn->who; }

    // Measured before the send: a client that has its answer finds it counted in /metrics.
    void ok(const boost::json::value& result) const {
        auto frame = std::make_shared<const std::string>(protocol::encode_result(req.id, result));
        measure();
        conn->send(std::move(frame));
    }
    void fail(const protocol::error& e) const {
        auto frame = std::make_shared<const std::string>(protocol::encode_error(req.id, e));
        measure();
        conn->send(std::move(frame));
    }

  private:
    void measure() const {
        if (latency != nullptr) {
            latency->observe(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        }
    }
};

}  // namespace traffpunkt::service
