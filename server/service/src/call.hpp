#pragma once

#include <memory>

#include <boost/json/value.hpp>

#include "traffpunkt/protocol/envelope.hpp"
#include "traffpunkt/protocol/errc.hpp"
#include "traffpunkt/service/connection.hpp"

namespace traffpunkt::service {

/** One request in flight: who asked, what, and how to answer. Cheap to copy into callbacks. */
struct call {
    std::shared_ptr<connection> conn;
    protocol::request req;

    const principal& who() const { return conn->who; }

    void ok(const boost::json::value& result) const {
        conn->send(std::make_shared<const std::string>(protocol::encode_result(req.id, result)));
    }
    void fail(const protocol::error& e) const {
        conn->send(std::make_shared<const std::string>(protocol::encode_error(req.id, e)));
    }
};

}  // namespace traffpunkt::service
