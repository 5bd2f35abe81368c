#include "http/http_error_json.hpp"

#include <boost/json.hpp>

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;

int http_status_of(errc code) {
    switch (code) {
        case errc::invalid_args:
        case errc::bad_request:
            return 400;
        case errc::unauthorized:
            return 401;
        case errc::forbidden:
            return 403;
        case errc::not_found:
            return 404;
        case errc::conflict:
        case errc::meeting_cancelled:
            return 409;
        case errc::unavailable:
            return 503;
        default:
            return 500;
    }
}

http_response json_error(int status, const protocol::error& e) {
    json::object err{{"code", protocol::to_string(e.code)}, {"message", e.message}};
    if (!e.details.empty()) {
        err["details"] = e.details;
    }
    http_response res;
    res.status = status;
    res.headers["content-type"] = "application/json";
    res.headers["cache-control"] = "no-store";
    res.body = json::serialize(json::object{{"error", std::move(err)}});
    if (status == 401) {
        res.headers["www-authenticate"] = "Bearer realm=\"traffpunkt\"";
    }
    return res;
}

http_response json_error(const protocol::error& e) {
    return json_error(http_status_of(e.code), e);
}

}  // namespace traffpunkt::service
